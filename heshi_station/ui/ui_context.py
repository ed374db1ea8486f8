"""What every page of the window is handed: the ledger, a background task runner and the change signal.

Guarantees:
- ``run_task`` runs ``fn`` on a QThreadPool thread and calls exactly one of ``on_success(result)`` or
  ``on_failure(exc)`` back on the GUI thread; an exception in a worker is never lost: the default failure
  path logs the traceback and shows the clerk a Chinese message;
- ``events.ledger_changed`` is emitted (on the GUI thread) after any task started with
  ``changes_ledger=True`` succeeds, so every view refreshes from the ledger;
- pages never hold an ORM session: ``fn`` calls ledger operations, which return plain dataclasses.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from heshi_station.db.migrate import LedgerFileError
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.errors import LedgerError
from heshi_station.storage_errors import explain

log = logging.getLogger(__name__)


class LedgerEvents(QObject):
    ledger_changed = Signal()


class _Relay(QObject):
    # Lives on the GUI thread; signals emitted from the worker are delivered there (queued connection).
    succeeded = Signal(object)
    failed = Signal(object, str)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn, self.relay = fn, relay

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:
            self.relay.failed.emit(exc, traceback.format_exc())
        else:
            self.relay.succeeded.emit(result)


def _receiver_alive(callback: Callable) -> bool:
    """False when ``callback`` is a method of a Qt object that was deleted while the task ran (a page or
    dialog closed meanwhile): its result has nowhere to go and is dropped."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


def friendly_message(exc: BaseException) -> str:
    """A Chinese sentence for the clerk: our own errors speak for themselves; others get a generic line."""
    if isinstance(exc, (LedgerError, LedgerFileError)):
        return str(exc)
    explained = explain(exc)  # full disk, read-only folder, locked or damaged ledger: say what to do
    if explained is not None:
        return str(explained)
    if isinstance(exc, PermissionError):
        return f"没有权限写入文件：{exc.filename or ''}。请检查文件夹权限。"
    if isinstance(exc, OSError) and getattr(exc, "errno", None) == 28:
        return "磁盘空间已满，无法保存。请清理磁盘后重试；已保存的台账不受影响。"
    return f"操作未完成：{type(exc).__name__}: {exc}。详细信息已写入日志。"


class UiContext:
    """Passed explicitly to every page (no globals)."""

    def __init__(self, ledger: Ledger, parent_widget: QWidget | None = None, pool: QThreadPool | None = None) -> None:
        self.ledger = ledger
        self.events = LedgerEvents()
        self.pool = pool or QThreadPool.globalInstance()
        self.parent_widget = parent_widget
        self._live: set[_Relay] = set()
        # This PC's window preferences (a ``heshi_station.ui.settings.UiSettings``), set by the main window
        # so every page reads and writes the same store; None outside a window (tests of single pages).
        self.ui_settings: Any = None
        # The reception form's crash draft (a ``heshi_station.ui.drafts.DraftStore`` next to the ledger
        # file), set when the window knows the ledger's path; None keeps no draft.
        self.reception_draft: Any = None

    def run_task(
        self,
        fn: Callable[[], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        *,
        changes_ledger: bool = False,
    ) -> None:
        relay = _Relay()
        self._live.add(relay)

        @Slot(object)
        def done(result: Any) -> None:
            self._live.discard(relay)
            if on_success and _receiver_alive(on_success):
                on_success(result)
            if changes_ledger:
                self.events.ledger_changed.emit()

        @Slot(object, str)
        def failed(exc: BaseException, tb: str) -> None:
            self._live.discard(relay)
            if not isinstance(exc, LedgerError):
                log.error("后台任务失败：%s\n%s", exc, tb)
            if on_failure:
                if _receiver_alive(on_failure):
                    on_failure(exc)
            else:
                self.show_error(exc)

        relay.succeeded.connect(done)
        relay.failed.connect(failed)
        self.pool.start(_Task(fn, relay))

    def show_error(self, exc: BaseException) -> None:
        QMessageBox.warning(self.parent_widget, "操作未完成", friendly_message(exc))

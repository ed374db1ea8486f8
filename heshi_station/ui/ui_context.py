"""What every page of the window is handed: the ledger, a background task runner and the change signal.

Guarantees:
- ``run_task`` runs ``fn`` on a worker thread of one of three lanes and calls exactly one of
  ``on_success(result)`` or ``on_failure(exc)`` back on the GUI thread; an exception in a worker is never
  lost: the default failure path logs the traceback and shows the clerk a Chinese message;
- lanes (each its own QThreadPool, never the process-wide global one): ``Lane.WRITE`` — one dedicated
  thread, so ledger writes run one after another in the order asked; ``Lane.READ`` — look-ups and lists;
  ``Lane.NETWORK`` — sync, probes, keyring: a stalled network call never delays a save or a list.
  ``changes_ledger=True`` tasks default to the write lane, others to the read lane;
- ``events.ledger_changed`` is emitted (on the GUI thread) after any task started with
  ``changes_ledger=True`` succeeds, so every view refreshes from the ledger;
- pages never hold an ORM session: ``fn`` calls ledger operations, which return plain dataclasses.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from heshi_protocol.errors import LedgerError, UserFacingError
from heshi_station.error_messages import describe
from heshi_station.ledger.errors import ValidationFailed

if TYPE_CHECKING:  # the ledger (SQLAlchemy) is imported after the window is shown, not with this module
    from heshi_station.ledger.context import Ledger

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
    """A Chinese sentence for the clerk (the one presenter shared with the CLI: ``error_messages``)."""
    return describe(exc)


class Lane(Enum):
    WRITE = "write"
    READ = "read"
    NETWORK = "network"


def _pool(name: str, threads: int) -> QThreadPool:
    pool = QThreadPool()
    pool.setObjectName(name)
    pool.setMaxThreadCount(threads)
    return pool


class UiContext:
    """Passed explicitly to every page (no globals)."""

    def __init__(self, ledger: Ledger, parent_widget: QWidget | None = None) -> None:
        self.ledger = ledger
        self.events = LedgerEvents()
        self.pools = {
            Lane.WRITE: _pool("ledger-write", 1),
            Lane.READ: _pool("ledger-read", 2),
            Lane.NETWORK: _pool("network", 2),
        }
        self.pool = self.pools[Lane.READ]  # kept for callers that only wait on look-ups
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
        lane: Lane | None = None,
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
            if not isinstance(exc, LedgerError):  # a rule the clerk broke is routine; disk, sync and bugs are logged
                log.error("后台任务失败：%s\n%s", exc, tb)
            if on_failure:
                if _receiver_alive(on_failure):
                    on_failure(exc)
            else:
                self.show_error(exc)

        relay.succeeded.connect(done)
        relay.failed.connect(failed)
        chosen = lane or (Lane.WRITE if changes_ledger else Lane.READ)
        self.pools[chosen].start(_Task(fn, relay))

    def wait_for_done(self, msecs: int = 10_000) -> bool:
        """Wait for the tasks of every lane (at shutdown and in tests); True when all finished."""
        return all(pool.waitForDone(msecs) for pool in self.pools.values())

    def show_error(self, exc: BaseException) -> None:
        QMessageBox.warning(self.parent_widget, "操作未完成", friendly_message(exc))

    def report_to(
        self,
        show_inline: Callable[[str], None],
        show_fields: Callable[[list], None] | None = None,
    ) -> Callable[[BaseException], None]:
        """The one failure handler for forms and dialogs: field errors next to their fields (when the form
        has them), any other expected failure as a sentence in the form's own message line, and an
        unexpected one as a message box (its traceback is already in the log)."""

        def handle(exc: BaseException) -> None:
            if show_fields is not None and isinstance(exc, ValidationFailed):
                show_fields(exc.errors)
            elif isinstance(exc, UserFacingError):
                show_inline(str(exc))
            else:
                self.show_error(exc)

        return handle

"""Sync in the window: the 同步 toolbar action (with the number of records waiting), the progress dialog
(sent / received / rejected), the settings widget (centre address, token kept in the system keyring,
auto-sync) and the auto-sync controller. The fix-up list (同步退回记录) is ``sync_fixup.FixupListPage``
(re-exported here).

Nothing here touches the database directly: every ledger or network call runs through
``UiContext.run_task`` and returns plain values. One ``SyncRunner`` per window makes sure the button and
the auto-sync never start two syncs (the file lock in ``heshi_station.sync.lock`` also stops a second
app instance).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from heshi_station.ledger.reference_data import get_station
from heshi_station.sync import errors, settings
from heshi_station.sync.schedule import ProbeBackoff, probe, should_sync
from heshi_station.ui.ui_context import Lane, UiContext, friendly_message

if TYPE_CHECKING:
    from heshi_station.sync.engine import SyncProgress, SyncResult

TOKEN_SAVED = "已保存在系统钥匙串"


def _credentials():
    from heshi_station.sync import credentials  # keyring: imported when a token is read or saved

    return credentials


class SyncRunner(QObject):
    """Runs one sync at a time in the background and reports on the GUI thread."""

    started = Signal()
    progressed = Signal(object)  # SyncProgress
    finished = Signal(object)  # SyncResult
    failed = Signal(object)  # exception

    def __init__(self, ctx: UiContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.busy = False

    def start(self) -> bool:
        """Start a sync unless one is running; returns whether it started."""
        if self.busy:
            return False
        self.busy = True
        self.started.emit()
        relay = self.progressed  # emitted from the worker thread: Qt queues it to the GUI thread

        def work() -> SyncResult:
            # The sync stack (requests, keyring) is imported on first use, not when the window starts.
            from heshi_station.sync.engine import run_sync

            return run_sync(self.ctx.ledger, progress=relay.emit)

        self.ctx.run_task(work, self._done, self._failed, changes_ledger=True, lane=Lane.NETWORK)
        return True

    def _done(self, result: SyncResult) -> None:
        self.busy = False
        self.finished.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.failed.emit(exc)
        # A failed sync may still have committed some batches: views refresh either way.
        self.ctx.events.ledger_changed.emit()


class SyncAction(QAction):
    """The toolbar's 同步 button: shows “同步（N）” with the records waiting and starts a sync."""

    def __init__(self, ctx: UiContext, runner: SyncRunner, parent: QObject | None = None) -> None:
        super().__init__("同步", parent)
        self.ctx, self.runner = ctx, runner
        self.pending = 0
        self.setToolTip("与市中心同步：先发送本站记录，再接收市中心的更新")
        self.setShortcut("Ctrl+Shift+S")
        self.triggered.connect(self._start)
        runner.started.connect(lambda: self._show("同步中…", busy=True))
        runner.finished.connect(lambda _r: self.refresh())
        runner.failed.connect(lambda _e: self.refresh())
        ctx.events.ledger_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.ctx.run_task(self.ctx.ledger.pending_outbox_count, self._set_pending, lambda _e: None)

    def _set_pending(self, n: int) -> None:
        self.pending = n
        if not self.runner.busy:
            self._show(f"同步（{n}）" if n else "同步")
            self.setToolTip(f"有 {n} 条记录等待发送到市中心" if n else "本站记录都已同步")

    def _show(self, text: str, busy: bool = False) -> None:
        self.setText(text)
        self.setEnabled(not busy)

    def show_problem(self, message: str) -> None:
        """A setting the clerk must fix (from the auto-sync): marked on the button, the reason as its tip."""
        if not self.runner.busy:
            self.setText("同步（请检查设置）")
            self.setToolTip(message)

    def _start(self) -> None:
        if not settings.centre_url(self.ctx.ledger).strip():
            self.ask_for_address()
            return
        dialog = SyncProgressDialog(self.runner, self.ctx.parent_widget)
        if self.runner.start():
            dialog.show()
        else:
            dialog.deleteLater()

    def ask_for_address(self) -> None:
        """No centre address yet: say so in one whole sentence and open the sync settings."""
        box = QMessageBox(self.ctx.parent_widget)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle("与市中心同步")
        box.setText("还没有设置市中心地址，无法同步。")
        box.setInformativeText("请填写市中心提供的地址和同步令牌，保存后再点“同步”。")
        go = box.addButton("打开同步设置", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("以后再说", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(go)
        box.exec()
        if box.clickedButton() is go:
            self.settings_dialog = SyncSettingsDialog(self.ctx, self.ctx.parent_widget)
            self.settings_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.settings_dialog.show()
            self.settings_dialog.widget.address.setFocus()


class SyncProgressDialog(QDialog):
    """Sent / received / rejected while a sync runs, then its outcome in one sentence."""

    def __init__(self, runner: SyncRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("与市中心同步")
        # Wide enough for a whole sentence per line at any font size; the dialog grows to show all of it.
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("汉") * 30)
        self.phase = QLabel("正在连接市中心…")
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.sent, self.received, self.rejected = QLabel("0"), QLabel("0"), QLabel("0")
        form = QFormLayout()
        form.addRow("已发送：", self.sent)
        form.addRow("已接收：", self.received)
        form.addRow("被退回：", self.rejected)
        self.outcome = QLabel("")
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox()
        self.close_button = self.buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.rejected.connect(self.close)
        self.buttons.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # never smaller than its text
        for w in (self.phase, self.bar):
            layout.addWidget(w)
        layout.addLayout(form)
        layout.addWidget(self.outcome)
        layout.addWidget(self.buttons)
        runner.progressed.connect(self.on_progress)
        runner.finished.connect(self.on_finished)
        runner.failed.connect(self.on_failed)

    @Slot(object)
    def on_progress(self, p: SyncProgress) -> None:
        self.phase.setText("正在发送本站记录…" if p.phase == "push" else "正在接收市中心的更新…")
        if p.phase == "push" and p.to_send:
            self.bar.setRange(0, p.to_send)
            self.bar.setValue(min(p.sent, p.to_send))
        self.sent.setText(str(p.sent))
        self.received.setText(str(p.received))
        self.rejected.setText(str(p.rejected))

    @Slot(object)
    def on_finished(self, r: SyncResult) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.sent.setText(str(r.sent))
        self.received.setText(str(r.received))
        self.rejected.setText(str(r.rejected))
        self.phase.setText("同步完成")
        note = r.summary()
        if r.rejected:
            note += "。被退回的记录见“同步退回记录”，请按原因修改后再同步。"
        if r.pulled.set_aside:
            note += "。无法应用的市中心更新列在“同步退回记录”页下方，请把原因告诉市中心。"
        self.show_outcome(note)

    @Slot(object)
    def on_failed(self, exc: BaseException) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.phase.setText("同步未完成")
        self.show_outcome(friendly_message(exc))

    def show_outcome(self, text: str) -> None:
        self.outcome.setText(text)
        self.buttons.setEnabled(True)
        self.adjustSize()  # a long message wraps onto more lines: the dialog grows instead of cutting it


class SyncSettingsWidget(QWidget):
    """Centre address, the station's token (written to the system keyring, never shown again) and the
    auto-sync switch."""

    saved = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.station_code = ""
        self.address = QLineEdit()
        self.address.setPlaceholderText("https://…（市中心提供的地址）")
        self.address.setMinimumWidth(360)
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText("粘贴市中心发给本站的同步令牌")
        self.token.setMinimumWidth(260)
        self.token_state = QLabel("")
        self.auto = QCheckBox("联网时自动同步")
        self.save_button = QPushButton("保存")
        self.save_button.clicked.connect(self.save)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("市中心地址：", self.address)
        token_row = QHBoxLayout()
        token_row.addWidget(self.token, 1)
        token_row.addWidget(self.token_state)
        form.addRow("同步令牌：", token_row)
        form.addRow("", self.auto)
        form.addRow("", self.save_button)
        form.addRow(self.message)
        self.load()

    def load(self) -> None:
        ledger = self.ctx.ledger

        def read() -> dict:
            station = get_station(ledger)
            code = station.code if station else ""
            try:
                has_token = bool(code and _credentials().load_token(code))
                keyring_problem = ""
            except errors.NoKeyringBackend as exc:
                has_token, keyring_problem = False, exc.message
            return {
                "code": code,
                "url": settings.centre_url(ledger),
                "auto": settings.auto_sync_enabled(ledger),
                "has_token": has_token,
                "keyring_problem": keyring_problem,
            }

        self.ctx.run_task(read, self._show, lane=Lane.NETWORK)  # the keyring may hang on a dead session bus

    def _show(self, d: dict) -> None:
        self.station_code = d["code"]
        self.address.setText(d["url"])
        self.auto.setChecked(d["auto"])
        self.token_state.setText(TOKEN_SAVED if d["has_token"] else "未保存")
        self.message.setText(d["keyring_problem"])
        if not d["code"]:
            self.message.setText("请先在“联络站设置”中填写本站编码。")

    def save(self) -> None:
        ledger, url, token, auto = (
            self.ctx.ledger,
            self.address.text(),
            self.token.text().strip(),
            self.auto.isChecked(),
        )
        code = self.station_code

        def write() -> bool:
            settings.set_centre_url(ledger, url)
            settings.set_auto_sync(ledger, auto)
            if token:
                if not code:
                    raise errors.StationNotSetUp("请先在“联络站设置”中填写本站编码。")
                _credentials().save_token(code, token)
            return bool(token)

        self.ctx.run_task(write, self._saved, self._not_saved, lane=Lane.NETWORK)

    def _saved(self, token_written: bool) -> None:
        self.token.clear()
        if token_written:
            self.token_state.setText(TOKEN_SAVED)
        self.message.setText("已保存")
        self.saved.emit()

    def _not_saved(self, exc: BaseException) -> None:
        self.message.setText(friendly_message(exc))


class SyncSettingsDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("同步设置")
        layout = QVBoxLayout(self)
        self.widget = SyncSettingsWidget(ctx, self)
        layout.addWidget(self.widget)
        close = QDialogButtonBox()
        close.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.rejected.connect(self.close)
        layout.addWidget(close)


class LastSyncLabel(QLabel):
    """For 工作台: when the last sync ended and how it went."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__("上次同步：—", parent)
        self.ctx = ctx
        self.setWordWrap(True)
        ctx.events.ledger_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.ctx.run_task(lambda: settings.last_sync(self.ctx.ledger), self._show, lambda _e: None)

    def _show(self, last) -> None:
        if last is None:
            self.setText("上次同步：尚未同步")
        else:
            state = "成功" if last.ok else "未完成"
            self.setText(f"上次同步：{last.at:%Y-%m-%d %H:%M} {state}。{last.summary}")


class AutoSyncController(QObject):
    """Probes the centre on a timer (with backoff while unreachable) and syncs when it becomes reachable
    and records are waiting. ``set_enabled(False)`` switches it off (also stored as the setting).

    A problem only the clerk can fix (an address that is not https, a malformed address, a rejected token,
    an unregistered station …) is never just backed off silently: ``misconfigured`` carries its Chinese
    message for the window to show; probing goes on at the backoff pace, so a fixed setting is picked up."""

    probed = Signal(bool)
    misconfigured = Signal(str)

    def __init__(
        self,
        ctx: UiContext,
        runner: SyncRunner,
        parent: QObject | None = None,
        backoff: ProbeBackoff | None = None,
        pull_every: int = 6,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.backoff = backoff or ProbeBackoff()
        self.enabled = False
        self.pull_every = pull_every  # also pull now and then when nothing waits to be sent
        self._probes = 0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.probe_now)
        self.problem = ""
        runner.failed.connect(self._sync_failed)

    def start(self) -> None:
        self.ctx.run_task(lambda: settings.auto_sync_enabled(self.ctx.ledger), self.set_enabled_runtime)

    def set_enabled_runtime(self, enabled: bool) -> None:
        self.enabled = enabled
        if enabled:
            self._schedule(1.0)
        else:
            self.timer.stop()

    def set_enabled(self, enabled: bool) -> None:
        self.set_enabled_runtime(enabled)
        self.ctx.run_task(
            lambda: settings.set_auto_sync(self.ctx.ledger, enabled), None, lambda _e: None, lane=Lane.WRITE
        )

    def _schedule(self, seconds: float) -> None:
        self.timer.start(int(seconds * 1000))

    def probe_now(self) -> None:
        if not self.enabled:
            return
        ledger = self.ctx.ledger

        def check() -> tuple[bool, int]:
            url = settings.centre_url(ledger)
            if url:
                from heshi_station.sync.client import check_address

                check_address(url)  # InsecureAddress / NotConfigured: the clerk must fix the setting
            return (bool(url) and probe(url)), ledger.pending_outbox_count()

        self.ctx.run_task(check, self._probed, self._probe_failed, lane=Lane.NETWORK)

    def _probe_failed(self, exc: BaseException) -> None:
        if isinstance(exc, errors.SyncError) and not exc.retry_later:
            self._report(exc.message)
        self._after(False)

    def _sync_failed(self, exc: BaseException) -> None:
        if isinstance(exc, errors.SyncError) and not exc.retry_later:
            self._report(exc.message)

    def _report(self, message: str) -> None:
        self.problem = message
        self.misconfigured.emit(message)

    def _probed(self, answer: tuple[bool, int]) -> None:
        reachable, pending = answer
        self.problem = ""
        self._probes += 1
        self.probed.emit(reachable)
        pull_due = self._probes % self.pull_every == 0
        if should_sync(
            enabled=self.enabled, reachable=reachable, pending=pending, pull_due=pull_due, busy=self.runner.busy
        ):
            self.runner.start()
        self._after(reachable)

    def _after(self, reachable: bool) -> None:
        if reachable:
            self.backoff.succeeded()
        else:
            self.backoff.failed()
        if self.enabled:
            self._schedule(self.backoff.next_delay())


def confirm_sync_error(parent: QWidget | None, exc: BaseException) -> None:
    QMessageBox.warning(parent, "同步未完成", friendly_message(exc))


from heshi_station.ui.sync_fixup import FixupListPage  # noqa: E402  (re-export: it used to live here)

__all__ = [
    "AutoSyncController",
    "FixupListPage",
    "LastSyncLabel",
    "SyncAction",
    "SyncProgressDialog",
    "SyncRunner",
    "SyncSettingsDialog",
    "SyncSettingsWidget",
    "confirm_sync_error",
]

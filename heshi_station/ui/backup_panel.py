"""设置 → 备份与恢复: the backup folder, "back up now", the list of backups and restore with confirmation.

Guarantees:
- every disk step (backup, listing, checking a file, restore) runs through ``UiContext.run_task``: the window
  never freezes on a slow USB drive, and failures reach the clerk as the Chinese messages of
  ``heshi_station.storage_errors`` / ``heshi_station.backup``;
- a restore always asks first, showing what the file holds; a backup of another station asks a second,
  explicit question; after a restore ``ledger_changed`` is emitted so every page reloads;
- ``start_automatic_backups(ctx)`` (called once by the app at start) takes today's automatic backup and
  checks again every hour, so a PC left on for days still gets one backup a day.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from heshi_station.backup import (
    BackupCheck,
    BackupInfo,
    DifferentStation,
    auto_backup,
    backup_folder,
    default_backup_folder,
    inspect_backup,
    list_backups,
    restore,
    set_backup_folder,
    take_backup,
)
from heshi_station.backup.service import folder_problem, ledger_file
from heshi_station.ui import file_dialogs
from heshi_station.ui.ui_context import Lane, UiContext

log = logging.getLogger(__name__)

AUTO_BACKUP_CHECK_MS = 60 * 60 * 1000


def _size_text(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


class BackupPanel(QWidget):
    """The backup part of the settings page (a group box; the page scrolls it with the rest)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.backups: list[BackupInfo] = []

        box = QGroupBox(self.tr("备份与恢复"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(box)
        lay = QVBoxLayout(box)

        intro = QLabel(
            self.tr(
                "程序每天自动备份一次（打开时和开着时每小时检查），保留最近14天每天一份、12个月每月一份；"
                "手动备份不会被自动删除。备份文件夹可以选U盘，U盘没插时自动备份先放在本机默认文件夹。"
            )
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)

        folder_row = QHBoxLayout()
        folder_row.addWidget(QLabel(self.tr("备份文件夹")))
        self.folder_edit = QLineEdit()
        self.folder_edit.setReadOnly(True)
        self.folder_edit.setAccessibleName(self.tr("备份文件夹"))
        self.choose_folder_button = QPushButton(self.tr("更改…"))
        self.default_folder_button = QPushButton(self.tr("用默认文件夹"))
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.choose_folder_button)
        folder_row.addWidget(self.default_folder_button)
        lay.addLayout(folder_row)

        self.status = QLabel()
        self.status.setWordWrap(True)
        lay.addWidget(self.status)

        buttons = QHBoxLayout()
        self.backup_button = QPushButton(self.tr("立即备份"))
        self.restore_selected_button = QPushButton(self.tr("恢复所选备份…"))
        self.restore_file_button = QPushButton(self.tr("从其他文件恢复…"))
        self.restore_selected_button.setEnabled(False)
        for b in (self.backup_button, self.restore_selected_button, self.restore_file_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay.addLayout(buttons)

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("备份时间"), self.tr("类型"), self.tr("大小"), self.tr("文件")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for col in range(3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(180)
        self.table.setAccessibleName(self.tr("备份列表"))
        lay.addWidget(self.table)

        self.backup_button.clicked.connect(self.back_up_now)
        self.choose_folder_button.clicked.connect(self.choose_folder)
        self.default_folder_button.clicked.connect(lambda: self.change_folder(None))
        self.restore_selected_button.clicked.connect(self.restore_selected)
        self.restore_file_button.clicked.connect(self.restore_from_file)
        self.table.itemSelectionChanged.connect(
            lambda: self.restore_selected_button.setEnabled(bool(self.table.selectedItems()))
        )
        self.ctx.events.ledger_changed.connect(self.refresh)
        self.refresh()

    # -- dialogs (methods so tests can answer them) -------------------------------------------------------
    def ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def tell(self, title: str, text: str) -> None:
        QMessageBox.information(self, title, text)

    def pick_folder(self, start: Path) -> Path | None:
        return file_dialogs.existing_folder(self, self.tr("选择备份文件夹"), start)

    def pick_file(self, start: Path) -> Path | None:
        return file_dialogs.open_file(
            self, self.tr("选择备份文件"), self.tr("台账备份 (*.sqlite3 *.db);;所有文件 (*)"), start
        )

    # -- background results reach only a live panel (the page may close while a USB drive is slow) ------------
    def _alive(self, fn):
        def call(result):
            if isValid(self):
                fn(result)

        return call

    def _alive_or_report(self, fn):
        def call(exc: BaseException):
            (fn if isValid(self) else self.ctx.show_error)(exc)

        return call

    # -- showing -----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        if not isValid(self):
            return
        led = self.ctx.ledger

        def load() -> tuple[Path, list[BackupInfo], str]:
            folder = backup_folder(led)
            return folder, list_backups(folder), folder_problem(folder)

        self.ctx.run_task(load, self._alive(self._show))

    def _show(self, loaded: tuple[Path, list[BackupInfo], str]) -> None:
        folder, backups, problem = loaded
        self.folder_edit.setText(str(folder))
        self.default_folder_button.setEnabled(folder != default_backup_folder(self.ctx.ledger))
        self.backups = backups
        self.table.setRowCount(len(backups))
        for row, b in enumerate(backups):
            cells = (b.taken_at.strftime("%Y-%m-%d %H:%M:%S"), self.tr(b.kind_label), _size_text(b.size), b.path.name)
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.restore_selected_button.setEnabled(False)
        if problem:
            self.status.setText(problem)
        elif backups:
            last = backups[0]
            self.status.setText(
                self.tr("共 {n} 份备份，最近一次：{when}（{kind}）").format(
                    n=len(backups), when=last.taken_at.strftime("%Y-%m-%d %H:%M"), kind=self.tr(last.kind_label)
                )
            )
        else:
            self.status.setText(self.tr("这个文件夹里还没有备份。"))

    # -- actions -----------------------------------------------------------------------------------------
    def back_up_now(self) -> None:
        led = self.ctx.ledger
        self.backup_button.setEnabled(False)

        def done(info: BackupInfo) -> None:
            self.backup_button.setEnabled(True)
            self.tell(self.tr("备份完成"), self.tr("已备份并校验：\n{path}").format(path=info.path))
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.backup_button.setEnabled(True)
            self.ctx.show_error(exc)

        self.ctx.run_task(lambda: take_backup(led), self._alive(done), self._alive_or_report(failed), lane=Lane.WRITE)

    def choose_folder(self) -> None:
        chosen = self.pick_folder(Path(self.folder_edit.text() or default_backup_folder(self.ctx.ledger)))
        if chosen is not None:
            self.change_folder(chosen)

    def change_folder(self, folder: Path | None) -> None:
        led = self.ctx.ledger
        self.ctx.run_task(
            lambda: set_backup_folder(led, folder), self._alive(lambda _: self.refresh()), lane=Lane.WRITE
        )

    def restore_selected(self) -> None:
        rows = {i.row() for i in self.table.selectedItems()}
        if rows:
            self.start_restore(self.backups[min(rows)].path)

    def restore_from_file(self) -> None:
        chosen = self.pick_file(Path(self.folder_edit.text() or default_backup_folder(self.ctx.ledger)))
        if chosen is not None:
            self.start_restore(chosen)

    def start_restore(self, path: Path) -> None:
        """Check the file (in the background), ask, then restore; a different station asks once more."""
        self.ctx.run_task(lambda: inspect_backup(path), self._alive(self._confirm_restore))

    def _confirm_restore(self, check: BackupCheck) -> None:
        station = check.station.name if check.station else self.tr("（未设置联络站）")
        text = self.tr(
            "用这个备份替换现在的台账？\n\n文件：{file}\n联络站：{station}\n接待记录 {r} 条，意见建议 {o} 条\n\n"
            "现在的台账会先另存一份“恢复前”备份，需要时还能恢复回来。"
        ).format(file=check.path, station=station, r=check.receptions, o=check.opinions)
        if self.ask(self.tr("恢复台账"), text):
            self._run_restore(check, confirm=False)

    def _run_restore(self, check: BackupCheck, *, confirm: bool) -> None:
        led = self.ctx.ledger
        db, folder = ledger_file(led), Path(self.folder_edit.text() or default_backup_folder(self.ctx.ledger))

        def work():
            result = restore(db, check.path, backup_folder=folder, confirm=confirm)
            led.calendar_changed()  # the restored file may hold another calendar
            return result

        def done(result) -> None:
            kept = self.tr("\n恢复前的台账已另存为：\n{path}").format(path=result.kept_as) if result.kept_as else ""
            self.tell(self.tr("恢复完成"), self.tr("台账已从备份恢复。") + kept)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, DifferentStation) and not confirm:
                if self.ask(self.tr("这是另一个联络站的备份"), str(exc)):
                    self._run_restore(check, confirm=True)
                return
            self.ctx.show_error(exc)

        self.ctx.run_task(work, self._alive(done), self._alive_or_report(failed), changes_ledger=True)


def start_automatic_backups(ctx: UiContext, interval_ms: int = AUTO_BACKUP_CHECK_MS) -> QTimer:
    """Take today's automatic backup now (in the background) and check again every ``interval_ms``.

    Keep the returned timer alive (e.g. as an attribute of the main window). A damaged ledger or an
    unusable folder is shown to the clerk once per start; a USB drive that is not plugged in only falls
    back to the default folder (logged).
    """
    shown: set[str] = set()

    def failed(exc: BaseException) -> None:
        log.warning("自动备份失败：%s", exc)
        if type(exc).__name__ not in shown:
            shown.add(type(exc).__name__)
            ctx.show_error(exc)

    def succeeded(result) -> None:
        if result.fallback_reason:
            log.warning("自动备份改存到默认文件夹：%s", result.fallback_reason)
        if result.taken:
            log.info("自动备份：%s", result.taken.path)

    def check() -> None:
        ctx.run_task(lambda: auto_backup(ctx.ledger), succeeded, failed, lane=Lane.WRITE)

    timer = QTimer()
    timer.setInterval(interval_ms)
    timer.timeout.connect(check)
    timer.start()
    check()
    return timer

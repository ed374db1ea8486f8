"""The main window: a navigation list on the left, the pages on the right.

Guarantees:
- the window can be shown before the ledger is open (``MainWindow()`` then ``attach(ctx)``): the shell
  imports nothing of the ledger, SQLAlchemy, sync or reports, so it appears about as fast as a bare Qt
  window; pages come from ``pages.PAGES`` (optional ones only when present) and are built the first time
  they are opened, so the window appears quickly whatever the ledger's size;
- after ``ctx.events.ledger_changed`` the visible page refreshes at once and hidden pages refresh when
  next shown;
- window geometry and the last page are saved in QSettings on close and restored on open;
- Ctrl+1 … Ctrl+9 open the pages in order;
- nothing typed is lost: switching page or closing the window while a page holds a half-filled form asks
  保存 / 放弃 / 取消 (``unsaved_guard.may_leave``), and 取消 keeps the clerk where they were; the reception
  form's crash draft lives next to the ledger file and ``offer_draft`` offers it on the next start.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from heshi_station.ui.pages import PageSpec, available_pages, load_page_class
from heshi_station.ui.settings import UiSettings
from heshi_station.ui.theme import page_icon
from heshi_station.ui.unsaved_guard import may_leave

if TYPE_CHECKING:
    from heshi_station.ui.ui_context import UiContext

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    #: Emitted once the ledger is open and the window shows its pages (``attach``).
    ledger_attached = Signal()

    def __init__(
        self,
        ctx: UiContext | None = None,
        *,
        settings: UiSettings | None = None,
        db_path: Path | None = None,
        demo: bool = False,
    ) -> None:
        """Without ``ctx`` the window is a shell (page list, "正在打开台账…") that can be shown before the
        ledger and its libraries are loaded; ``attach`` then opens the pages."""
        super().__init__()
        self.ctx: UiContext | None = None
        self.settings = settings or UiSettings()
        self.db_path, self.demo = db_path, demo
        self._shown_key: str | None = None
        self.specs: list[PageSpec] = available_pages()
        self.pages: dict[str, QWidget] = {}
        self._stale: set[str] = set()

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        icon = self.nav.fontMetrics().height() + 4
        self.nav.setIconSize(QSize(icon, icon))
        # The longest title, its icon, the selection bar and padding: never cut off, also at 150 %.
        self.nav.setFixedWidth(self.nav.fontMetrics().horizontalAdvance("同步退回记录") + icon + 56)
        for spec in self.specs:
            item = QListWidgetItem(page_icon(spec.key), QCoreApplication.translate("Pages", spec.title))
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setSizeHint(QSize(0, icon + self.nav.fontMetrics().height() // 2 + 10))  # room around the icon
            self.nav.addItem(item)
        self.stack = QStackedWidget()
        self.opening_label = QLabel(self.tr("正在打开台账…"))
        self.opening_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.opening_label)
        central = QWidget()
        lay = QHBoxLayout(central)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.nav)
        lay.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.toolbar = QToolBar(self.tr("工具栏"))
        self.toolbar.setObjectName("main_toolbar")
        self.addToolBar(self.toolbar)

        self.station_label = QLabel()
        self.statusBar().addWidget(self.station_label, 1)
        self.setWindowTitle(self.tr("代表联络站台账"))
        self.nav.setEnabled(False)

        geometry = self.settings.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(self.first_size())
        if ctx is not None:
            self.attach(ctx)

    def first_size(self) -> QSize:
        """1280×800, or the screen's free area when that is smaller (1366×768 with a task bar, or 150 %)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        wanted = QSize(1280, 800)
        # The size set here excludes the title bar and borders the window manager adds: leave room for them.
        return wanted.boundedTo(screen.availableSize() - QSize(16, 48)) if screen is not None else wanted

    def attach(
        self,
        ctx: UiContext,
        *,
        settings: UiSettings | None = None,
        db_path: Path | None = None,
        demo: bool | None = None,
    ) -> None:
        """Show the ledger ``ctx`` holds: sync, title, shortcuts and the last page opened (built now)."""
        from heshi_station.ui.drafts import DraftStore, draft_path_for

        self.ctx = ctx
        if settings is not None:
            self.settings = settings
        if db_path is not None:
            self.db_path = db_path
        if demo is not None:
            self.demo = demo
        ctx.parent_widget = self
        ctx.ui_settings = self.settings
        if self.db_path is not None and ctx.reception_draft is None:
            ctx.reception_draft = DraftStore(draft_path_for(Path(self.db_path)))
        self._add_sync()
        self._update_title()
        self.nav.currentRowChanged.connect(self._row_changed)
        ctx.events.ledger_changed.connect(self._ledger_changed)
        for i in range(min(9, len(self.specs))):
            QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self, activated=lambda i=i: self.nav.setCurrentRow(i))
        self.nav.setEnabled(True)
        start = self.settings.last_page()
        keys = self.page_keys()
        row = keys.index(start) if start in keys else 0
        if self.nav.currentRow() == row:
            self._row_changed(row)
        else:
            self.nav.setCurrentRow(row)
        self.ledger_attached.emit()

    # -- pages ----------------------------------------------------------------------------------
    def page_keys(self) -> list[str]:
        return [s.key for s in self.specs]

    def page(self, key: str) -> QWidget:
        """The page widget for ``key`` (built on first use)."""
        if key not in self.pages:
            spec = next(s for s in self.specs if s.key == key)
            cls = load_page_class(spec)
            # An optional page whose module lacks the class: say so instead of crashing.
            widget = QLabel(self.tr("此页面暂不可用，详见日志。")) if cls is None else cls(self.ctx, self.stack)
            if hasattr(widget, "navigate_requested"):
                widget.navigate_requested.connect(self.open_page)
            self.pages[key] = widget
            self.stack.addWidget(widget)
        return self.pages[key]

    def open_page(self, key: str, payload: Any = None) -> QWidget:
        keys = self.page_keys()
        widget = self.page(key)
        if self.nav.currentRow() != keys.index(key):
            self.nav.setCurrentRow(keys.index(key))
        if payload is not None and hasattr(widget, "navigate_to"):
            widget.navigate_to(payload)
        return widget

    def current_key(self) -> str:
        return self.page_keys()[self.nav.currentRow()]

    def _row_changed(self, row: int) -> None:
        if row < 0:
            return
        key = self.page_keys()[row]
        leaving = self.pages.get(self._shown_key) if self._shown_key else None
        if leaving is not None and key != self._shown_key and not may_leave(leaving, self, self._form_name(leaving)):
            # 取消 (or a save the ledger refused): stay on the form, with the list showing it again.
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(self.page_keys().index(self._shown_key))
            self.nav.blockSignals(False)
            return
        self._shown_key = key
        widget = self.page(key)
        self.stack.setCurrentWidget(widget)
        if key in self._stale:
            self._stale.discard(key)
            self._refresh(widget)

    def _ledger_changed(self) -> None:
        self._update_title()
        current = self.current_key()
        for key, widget in self.pages.items():
            if key == current:
                self._refresh(widget)
            else:
                self._stale.add(key)

    @staticmethod
    def _refresh(widget: QWidget) -> None:
        if hasattr(widget, "refresh"):
            widget.refresh()

    def _add_sync(self) -> None:
        """One sync runner shared by the 同步 button and the automatic sync, so two never run at once."""
        from heshi_station.ui.sync_widgets import AutoSyncController, SyncAction, SyncRunner

        self.sync_runner = SyncRunner(self.ctx, self)
        self.sync_action = SyncAction(self.ctx, self.sync_runner, self)
        self.toolbar.addAction(self.sync_action)
        self.auto_sync = AutoSyncController(self.ctx, self.sync_runner, self)
        self.auto_sync.misconfigured.connect(self.sync_action.show_problem)
        self.auto_sync.misconfigured.connect(lambda message: self.statusBar().showMessage(message, 60000))
        self.auto_sync.start()

    def _update_title(self) -> None:
        from heshi_station.ledger import reference_data

        station = reference_data.get_station(self.ctx.ledger)
        name = station.name if station else self.tr("（未设置联络站）")
        demo = self.tr("【演示数据】") if self.demo else ""
        self.setWindowTitle(f"{demo}{name} — " + self.tr("代表联络站台账"))
        self.station_label.setText(f"{demo}{name}    " + self.tr("台账文件：") + str(self.db_path or ""))

    def _form_name(self, widget: QWidget) -> str:
        key = next((k for k, w in self.pages.items() if w is widget), "")
        spec = next((s for s in self.specs if s.key == key), None)
        title = QCoreApplication.translate("Pages", spec.title) if spec else ""
        return self.tr("“{page}”中填写的内容").replace("{page}", title)

    def unsaved_pages(self) -> list[str]:
        return [k for k, w in self.pages.items() if hasattr(w, "has_unsaved_changes") and w.has_unsaved_changes()]

    def offer_draft(self) -> bool:
        """After a crash: offer the reception form's draft (恢复 / 丢弃); True when it was restored."""
        store = self.ctx.reception_draft
        found = store.read() if store is not None else None
        if found is None:
            return False
        state, saved_at = found
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("恢复未保存的登记"))
        box.setText(
            self.tr("上次关闭程序时，有一条接待登记还没有保存（草稿时间：{at}）。要恢复它继续填写吗？").replace(
                "{at}", saved_at.replace("T", " ")[:16]
            )
        )
        restore = box.addButton(self.tr("恢复"), QMessageBox.ButtonRole.AcceptRole)
        drop = box.addButton(self.tr("丢弃草稿"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(restore)
        box.setEscapeButton(restore)  # closing the box must not throw typed work away
        box.exec()
        if box.clickedButton() is drop:
            store.clear()
            return False
        page = self.open_page("reception")
        page.apply_state(state)
        return True

    def start_first_step(self, step: str) -> QWidget | None:
        """The first-launch wizard's choice: ``sync`` starts the first sync (with no centre address it says
        so and opens the sync settings), ``excel`` opens the Excel import of the 台账打印 page."""
        if step == "sync":
            self.sync_action.trigger()
            return None
        if step == "excel" and "ledger_print" in self.page_keys():
            page = self.open_page("ledger_print")
            page.import_with_dialog()
            return page
        return None

    # -- persistence ----------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if self.ctx is None:  # closed before the ledger was open: nothing typed yet
            self.settings.set_geometry(self.saveGeometry())
            self.settings.sync()
            super().closeEvent(event)
            return
        for key in self.unsaved_pages():
            widget = self.open_page(key)  # show the form the question is about
            if not may_leave(widget, self, self._form_name(widget)):
                event.ignore()
                return
        self.settings.set_geometry(self.saveGeometry())
        self.settings.set_last_page(self.current_key())
        self.settings.sync()
        super().closeEvent(event)

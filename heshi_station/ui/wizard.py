"""First launch: no station in the ledger yet. A short form (station identity, clerk) — or the clear
alternative "先用演示数据看看", which opens a separate demo ledger and leaves the real one empty.

After the station is saved, a second step gets the empty ledger ready for the first reception:
- 从市中心同步 (first sync: the roster, units and categories come from the centre; ``next_step`` =
  NEXT_SYNC, run by the main window once it is shown — with no centre address it says so and opens the
  sync settings);
- 从 Excel 台账导入 (the existing import of an old ledger on the 台账打印 page; ``next_step`` = NEXT_EXCEL);
- 载入街道 / 乡镇联络站典型数据 (units and categories with the time limits a clerk expects, written here
  in one transaction: ``ledger.starting_set``);
- 以后再说 (nothing; the reception form still saves on an empty ledger).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from heshi_station.ledger import reference_data, starting_set
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.errors import LedgerError, ValidationFailed
from heshi_station.ui.station_form import StationForm
from heshi_station.ui.ui_context import friendly_message
from heshi_station.ui.widgets import ERROR_STYLE, section_title

CHOICE_STATION = "station"
CHOICE_DEMO = "demo"
NEXT_SYNC = "sync"
NEXT_EXCEL = "excel"


class FirstLaunchWizard(QDialog):
    """``exec()`` returns Accepted with ``choice`` = CHOICE_STATION (station saved) or CHOICE_DEMO;
    ``next_step`` is what the main window does first (NEXT_SYNC, NEXT_EXCEL or "")."""

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.choice: str | None = None
        self.next_step = ""
        self.loaded: starting_set.StartingSetReport | None = None
        self.setWindowTitle(self.tr("欢迎使用代表联络站台账"))
        self.pages = QStackedWidget()
        outer = QVBoxLayout(self)
        outer.addWidget(self.pages)
        self.pages.addWidget(self._station_page())
        self.pages.addWidget(self._data_page())
        self.pages.setMinimumWidth(self.fontMetrics().horizontalAdvance("汉") * 36)
        # The dialog grows when the form shows its red messages (a minimum width set on the dialog itself
        # would stop the layout from raising its minimum height, and the boxes were squeezed).
        outer.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.form.name.setFocus()  # the clerk starts typing at once

    # -- step 1: the station --------------------------------------------------------------------
    def _station_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addWidget(section_title(self.tr("第一次使用：请填写联络站信息")))
        intro = QLabel(
            self.tr(
                "这些信息会印在每月的台账上，以后可以在“设置”里修改。"
                "如果想先看看程序怎么用，可以打开演示数据（虚构人员），不会影响正式台账。"
            )
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.form = StationForm()
        lay.addWidget(self.form)
        buttons = QHBoxLayout()
        self.demo_button = QPushButton(self.tr("先用演示数据看看"))
        self.start_button = QPushButton(self.tr("下一步"))
        self.start_button.setDefault(True)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        lay.addLayout(buttons)
        self.demo_button.clicked.connect(self.choose_demo)
        self.start_button.clicked.connect(self.save_station)
        # Enter in any box of the form is 下一步 (the second step's buttons must not take Enter meanwhile).
        for edit in page.findChildren(QLineEdit):
            edit.returnPressed.connect(self.save_station)
        return page

    def choose_demo(self) -> None:
        self.choice = CHOICE_DEMO
        self.accept()

    def save_station(self) -> None:
        # Small writes on the GUI thread: the wizard is modal and nothing else is running yet.
        try:
            reference_data.set_up_station(self.ledger, self.form.station_input(), clerk_name=self.form.clerk_name())
        except ValidationFailed as exc:
            self.form.show_errors(exc.errors)
            hint = self.sizeHint()  # room for the messages without squeezing the boxes
            self.resize(max(self.width(), hint.width()), max(self.height(), hint.height()))
            return
        self.choice = CHOICE_STATION
        if self.pages.currentIndex() == 1:
            return  # Enter in a box and the default button may both ask: step 2 is shown once
        self.pages.setCurrentIndex(1)
        # After Qt has moved focus away from the hidden form: start on the typical set for a street station.
        QTimer.singleShot(0, self.street_button.setFocus)

    # -- step 2: the roster, units and categories -----------------------------------------------
    def _data_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addWidget(section_title(self.tr("准备基础数据：代表名册、办理单位、意见类别")))
        intro = QLabel(
            self.tr(
                "登记接待前，台账里最好有本站的代表、办理单位和意见类别（含办理时限）。请选一种方式，"
                "以后都可以在“代表名册”“基础数据”里增改。"
            )
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.sync_button = QPushButton(self.tr("从市中心同步（首次同步）(&C)"))
        self.excel_button = QPushButton(self.tr("从以前的 Excel 台账导入(&E)…"))
        self.street_button = QPushButton(self.tr("载入街道（城市社区）联络站典型数据(&J)"))
        self.township_button = QPushButton(self.tr("载入乡镇（农村）联络站典型数据(&X)"))
        self.later_button = QPushButton(self.tr("以后再说，直接开始(&L)"))
        hints = {
            self.sync_button: self.tr("使用“设置”中的市中心地址和令牌；还没有设置时会提示并打开同步设置。"),
            self.excel_button: self.tr("打开“台账打印”页的 Excel 导入，先预览再导入。"),
            self.street_button: self.tr("常见的区级部门和街道办事处，以及城市社区常见的意见类别和时限。"),
            self.township_button: self.tr("常见的县级部门和镇人民政府，以及农村常见的意见类别和时限。"),
        }
        for button in (self.sync_button, self.excel_button, self.street_button, self.township_button):
            button.setAutoDefault(False)  # Enter on step 1 must never press one of these
            lay.addWidget(button)
            hint = QLabel(hints[button])
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #555;")
            lay.addWidget(hint)
        self.data_message = QLabel()
        self.data_message.setWordWrap(True)
        self.data_message.setStyleSheet(ERROR_STYLE)
        self.data_message.hide()
        lay.addWidget(self.data_message)
        lay.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.later_button)
        lay.addLayout(row)
        self.sync_button.clicked.connect(lambda: self._finish(NEXT_SYNC))
        self.excel_button.clicked.connect(lambda: self._finish(NEXT_EXCEL))
        self.street_button.clicked.connect(lambda: self.load_set(starting_set.STREET))
        self.township_button.clicked.connect(lambda: self.load_set(starting_set.TOWNSHIP))
        self.later_button.clicked.connect(lambda: self._finish(""))
        return page

    def load_set(self, kind: str) -> None:
        """Write the typical set (one transaction); a refusal is said here and nothing of it is written."""
        try:
            self.loaded = starting_set.load_starting_set(self.ledger, kind)
        except LedgerError as exc:
            self.data_message.setText(self.tr("未载入：") + friendly_message(exc))
            self.data_message.show()
            return
        self._finish("")

    def reject(self) -> None:
        # Once the station is saved, closing the second step is "以后再说": the station stays and the window opens.
        if self.choice == CHOICE_STATION:
            self._finish("")
            return
        super().reject()

    def _finish(self, next_step: str) -> None:
        self.next_step = next_step
        self.accept()

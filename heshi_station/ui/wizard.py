"""First launch: no station in the ledger yet. A short form (station identity, clerk) — or the clear
alternative "先用演示数据看看", which opens a separate demo ledger and leaves the real one empty."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from heshi_station.ledger import reference_data
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.errors import ValidationFailed
from heshi_station.ui.station_form import StationForm
from heshi_station.ui.widgets import section_title

CHOICE_STATION = "station"
CHOICE_DEMO = "demo"


class FirstLaunchWizard(QDialog):
    """``exec()`` returns Accepted with ``choice`` = CHOICE_STATION (station saved) or CHOICE_DEMO."""

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.choice: str | None = None
        self.setWindowTitle(self.tr("欢迎使用代表联络站台账"))
        lay = QVBoxLayout(self)
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
        self.start_button = QPushButton(self.tr("开始使用"))
        self.start_button.setDefault(True)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        lay.addLayout(buttons)
        self.demo_button.clicked.connect(self.choose_demo)
        self.start_button.clicked.connect(self.save_station)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("汉") * 36)

    def choose_demo(self) -> None:
        self.choice = CHOICE_DEMO
        self.accept()

    def save_station(self) -> None:
        # Two tiny writes on the GUI thread: the wizard is modal and nothing else is running yet.
        try:
            reference_data.set_up_station(self.ledger, self.form.station_input(), clerk_name=self.form.clerk_name())
        except ValidationFailed as exc:
            self.form.show_errors(exc.errors)
            return
        self.choice = CHOICE_STATION
        self.accept()

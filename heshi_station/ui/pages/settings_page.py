"""设置: station identity and clerk (in the ledger), font size, language and high contrast (this PC,
QSettings).

Font size and high contrast apply at once; a language change applies on the next start (the page says so). The backup
panel of the install/backup part is shown here when that part is present.
"""

from __future__ import annotations

import importlib
import logging

from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from heshi_station.ledger import reference_data
from heshi_station.ui.settings import UiSettings
from heshi_station.ui.startup import SUPPORTED_LANGUAGES, apply_font_scale
from heshi_station.ui.station_form import StationForm
from heshi_station.ui.sync_widgets import SyncSettingsWidget
from heshi_station.ui.theme import apply_theme
from heshi_station.ui.ui_context import UiContext
from heshi_station.ui.widgets import section_title

log = logging.getLogger(__name__)


class SettingsPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None, settings: UiSettings | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.settings = settings or ctx.ui_settings or UiSettings()
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.addWidget(section_title(self.tr("设置")))

        station_box = QGroupBox(self.tr("联络站信息"))
        station_lay = QVBoxLayout(station_box)
        self.station_form = StationForm()
        self.save_station_button = QPushButton(self.tr("保存联络站信息"))
        self.station_message = QLabel()
        station_lay.addWidget(self.station_form)
        station_lay.addWidget(self.save_station_button)
        station_lay.addWidget(self.station_message)
        lay.addWidget(station_box)

        view_box = QGroupBox(self.tr("显示"))
        view_form = QFormLayout(view_box)
        self.font_percent = QSpinBox()
        self.font_percent.setRange(100, 150)
        self.font_percent.setSingleStep(5)
        self.font_percent.setSuffix(" %")
        self.font_percent.setValue(self.settings.font_percent())
        self.language = QComboBox()
        for code, name in SUPPORTED_LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(self.settings.language())))
        self.language_note = QLabel()
        self.high_contrast = QCheckBox(self.tr("高对比度（黑白分明，适合强光或视力不便）"))
        self.high_contrast.setChecked(self.settings.high_contrast())
        view_form.addRow(self.tr("字号"), self.font_percent)
        view_form.addRow(self.tr("界面语言"), self.language)
        view_form.addRow("", self.language_note)
        view_form.addRow(self.tr("配色"), self.high_contrast)
        lay.addWidget(view_box)

        sync_box = QGroupBox(self.tr("与市中心同步"))
        self.sync_settings = SyncSettingsWidget(self.ctx, sync_box)
        QVBoxLayout(sync_box).addWidget(self.sync_settings)
        lay.addWidget(sync_box)

        self._add_optional_backup_panel(lay)
        lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.save_station_button.clicked.connect(self.save_station)
        self.font_percent.valueChanged.connect(self.set_font_percent)
        self.language.currentIndexChanged.connect(self.set_language)
        self.high_contrast.toggled.connect(self.set_high_contrast)
        self.refresh()

    def _add_optional_backup_panel(self, lay: QVBoxLayout) -> None:
        try:
            module = importlib.import_module("heshi_station.ui.backup_panel")
        except ModuleNotFoundError as exc:
            if exc.name != "heshi_station.ui.backup_panel":
                raise
            log.info("备份面板未安装，设置页不显示备份")
            return
        self.backup_panel = module.BackupPanel(self.ctx, self)
        lay.addWidget(self.backup_panel)

    def refresh(self) -> None:
        led = self.ctx.ledger
        self.station_form.set_station(reference_data.get_station(led), reference_data.get_setting(led, "clerk_name"))

    def save_station(self) -> None:
        led = self.ctx.ledger
        data = self.station_form.station_input()
        clerk = self.station_form.clerk_name()
        # A new Clerk row only when the name really changed.
        new_clerk = clerk if clerk != reference_data.get_setting(led, "clerk_name") else ""

        def ok(_record) -> None:
            if clerk:
                led.actor = clerk
            self.station_message.setText(self.tr("已保存。"))

        failed = self.ctx.report_to(self.station_message.setText, self.station_form.show_errors)

        self.station_form.errors.clear()
        self.ctx.run_task(
            lambda: reference_data.set_up_station(led, data, clerk_name=new_clerk), ok, failed, changes_ledger=True
        )

    def set_font_percent(self, value: int) -> None:
        self.settings.set_font_percent(value)
        app = QApplication.instance()
        base = app.property("heshi_base_point_size") if app else None
        if app is not None and base:
            apply_font_scale(app, value, float(base))

    def set_high_contrast(self, on: bool) -> None:
        """Applies at once to every window of the program and is remembered on this PC."""
        self.settings.set_high_contrast(on)
        app = QApplication.instance()
        if app is not None:
            apply_theme(app, high_contrast=on)

    def set_language(self) -> None:
        code = self.language.currentData()
        self.settings.set_language(code)
        self.language_note.setText(self.tr("界面语言将在下次启动时生效。") if code else "")

"""Translations (zh_CN source, English .qm), the font size setting and the bundled CJK font in Qt."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QGroupBox
from ui_helpers import wait_tasks

from heshi_station.fonts import CJK_FONT_FAMILY
from heshi_station.ui import startup
from heshi_station.ui.main_window import MainWindow
from heshi_station.ui.pages.settings_page import SettingsPage


def test_english_is_selectable_and_chinese_is_the_default(qtbot, ctx, ui_settings, qapp) -> None:
    assert startup.install_translator(qapp, "zh_CN") is None
    window = MainWindow(ctx, settings=ui_settings)
    qtbot.addWidget(window)
    assert window.nav.item(0).text() == "工作台"
    translator = startup.install_translator(qapp, "en")
    assert translator is not None
    try:
        english = MainWindow(ctx, settings=ui_settings)
        qtbot.addWidget(english)
        titles = [english.nav.item(i).text() for i in range(english.nav.count())]
        assert titles[:4] == ["Today", "Reception", "Receptions", "Opinions"]
        assert QCoreApplication.translate("OpinionDialogs", "退回理由") == "Reason for return"
        today = english.page("today")
        wait_tasks(qtbot, ctx)
        assert "Opinions needing attention" in [b.title() for b in today.findChildren(QGroupBox)]
        assert today.heading.text().startswith("Today is")
    finally:
        qapp.removeTranslator(translator)


def test_font_size_and_language_settings_persist(qtbot, ctx, ui_settings, qapp) -> None:
    qapp.setProperty("heshi_base_point_size", 10.0)
    page = SettingsPage(ctx, settings=ui_settings)
    qtbot.addWidget(page)
    try:
        page.font_percent.setValue(150)
        assert ui_settings.font_percent() == 150
        assert abs(qapp.font().pointSizeF() - 15.0) < 0.01
        page.language.setCurrentIndex(page.language.findData("en"))
        assert ui_settings.language() == "en" and "下次启动" in page.language_note.text()
    finally:
        startup.apply_font_scale(qapp, 100, 10.0)
    ui_settings.qsettings.setValue("ui/font_percent", "garbage")
    assert ui_settings.font_percent() == 100


def test_station_identity_is_edited_in_settings(qtbot, ctx, ui_settings, ledger) -> None:
    from ui_helpers import wait_tasks

    from heshi_station.ledger import reference_data

    page = SettingsPage(ctx, settings=ui_settings)
    qtbot.addWidget(page)
    assert page.station_form.name.text() == "测试街道代表联络站"
    page.station_form.name.setText("")
    page.save_station()
    wait_tasks(qtbot, ctx)
    assert "必须填写" in page.station_form.errors.labels["name"].text()
    page.station_form.name.setText("新名字代表联络站")
    page.save_station()
    wait_tasks(qtbot, ctx)
    assert reference_data.get_station(ledger).name == "新名字代表联络站"


def test_bundled_font_loads_in_qt(qapp) -> None:
    family = startup.ensure_cjk_font(qapp, force_bundled=True)
    assert family == CJK_FONT_FAMILY
    assert CJK_FONT_FAMILY in QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)

"""A new station starts in minutes (issue 10): after the station form the wizard offers the reference data
(first sync, Excel import, or a typical 街道/乡镇 set loaded in one transaction); an empty deputy picker says
where to add deputies; the form's default route saves on an empty ledger; and a first reception with one
opinion is saved with the keyboard only, without a failed save (the keystrokes are counted)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_helpers import answer_next_box, show_active, type_text, wait_tasks

from heshi_protocol.vocab import Route
from heshi_station.ledger import receptions, reference_data, starting_set
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import StationInput
from heshi_station.ledger.errors import ValidationFailed
from heshi_station.ui.main_window import MainWindow
from heshi_station.ui.pages.reception_page import ReceptionPage
from heshi_station.ui.ui_context import UiContext
from heshi_station.ui.wizard import NEXT_SYNC, FirstLaunchWizard

FIXED_NOW = datetime(2026, 11, 20, 10, 0).astimezone()  # the suite's test clock


@pytest.fixture
def new_ledger(tmp_path: Path):
    led = Ledger.open(tmp_path / "new.sqlite3", clock=lambda: FIXED_NOW, actor="测试联络员")
    yield led
    led.close()


class Keys:
    """Drives widgets with key presses only and counts them: a key (with or without a modifier) is one
    press; a Chinese character is counted apart (an input method takes a few presses for each)."""

    def __init__(self, qtbot) -> None:
        self.qtbot, self.presses, self.chinese = qtbot, 0, 0

    def key(self, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier, times: int = 1) -> None:
        for _ in range(times):
            self.qtbot.keyClick(QApplication.focusWidget(), key, modifier)
            self.presses += 1

    def type(self, text: str) -> None:
        widget = QApplication.focusWidget()
        type_text(self.qtbot, widget, text)
        self.chinese += sum(1 for ch in text if not ch.isascii())
        self.presses += sum(1 for ch in text if ch.isascii())

    def focus_is(self, widget) -> None:
        try:
            self.qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=3000)
        except Exception:
            w = QApplication.focusWidget()
            raise AssertionError(f"focus is on {w!r} {getattr(w, 'text', str)()}, not {widget!r}") from None


def test_starting_set_is_one_transaction_named_after_the_station(new_ledger) -> None:
    reference_data.set_up_station(new_ledger, StationInput(code="DF-01", name="东风镇人大代表联络站",
                                                           district="青山县", township="东风镇"))  # fmt: skip
    reference_data.save_category(new_ledger, "道路交通", 12)  # the clerk's own limit is kept
    report = starting_set.load_starting_set(new_ledger, starting_set.TOWNSHIP)
    units = {u.name: u.kind for u in reference_data.list_units(new_ledger)}
    categories = {c.name: c.time_limit_days for c in reference_data.list_categories(new_ledger)}
    assert units["东风镇人民政府"] == "township_gov" and units["青山县农业农村局"] == "department"
    assert categories["道路交通"] == 12 and categories["农田水利"] == 20
    assert report.units_added == len(units) and report.skipped == 1 and "乡镇" in report.sentence()
    again = starting_set.load_starting_set(new_ledger, starting_set.TOWNSHIP)
    assert (again.units_added, again.categories_added) == (0, 0)
    with pytest.raises(ValidationFailed):
        starting_set.load_starting_set(new_ledger, "城关")
    # Every row went through the ordinary operation: an outbox entry each, for the centre.
    assert new_ledger.pending_outbox_count() >= len(units) + len(categories)


def test_a_failing_starting_set_leaves_nothing_behind(new_ledger, monkeypatch) -> None:
    reference_data.set_up_station(new_ledger, StationInput(code="JD-01", name="街道联络站"))
    real = reference_data.save_category

    def refuse_last(ledger, name, days, **kw):
        if name == "其他":
            raise ValidationFailed.single("name", "意见类别", "模拟的拒绝")
        return real(ledger, name, days, **kw)

    monkeypatch.setattr(reference_data, "save_category", refuse_last)
    with pytest.raises(ValidationFailed):
        starting_set.load_starting_set(new_ledger, starting_set.STREET)
    assert reference_data.list_units(new_ledger) == [] and reference_data.list_categories(new_ledger) == []


def test_first_sync_without_an_address_says_so_and_opens_the_settings(qtbot, new_ledger, ui_settings) -> None:
    wizard = FirstLaunchWizard(new_ledger)
    show_active(qtbot, wizard)
    wizard.form.name.setText("测试街道代表联络站")
    wizard.form.code.setText("T-01")
    wizard.start_button.click()
    wizard.sync_button.click()
    assert wizard.next_step == NEXT_SYNC and not wizard.isVisible()
    window = MainWindow(UiContext(new_ledger), settings=ui_settings)
    show_active(qtbot, window)
    seen = answer_next_box("打开同步设置")
    window.start_first_step(wizard.next_step)
    assert seen and "还没有设置市中心地址" in seen[0]
    dialog = window.sync_action.settings_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    assert dialog.widget.address.text() == ""
    dialog.close()
    window.ctx.wait_for_done(10_000)


def test_empty_picker_says_where_to_add_deputies_and_goes_there(qtbot, new_ledger, ui_settings) -> None:
    reference_data.set_up_station(new_ledger, StationInput(code="T-01", name="测试联络站"))
    window = MainWindow(UiContext(new_ledger), settings=ui_settings)
    show_active(qtbot, window)
    page = window.open_page("reception")
    picker = page.deputies
    assert picker.empty_hint.isVisible() and "代表名册" in picker.empty_hint.text()
    assert picker.add_button.isVisible() and not picker.list.isVisible()
    picker.add_button.click()
    assert window.current_key() == "deputies"
    window.ctx.wait_for_done(10_000)


def test_default_route_saves_on_an_empty_ledger(qtbot, new_ledger) -> None:
    reference_data.set_up_station(new_ledger, StationInput(code="T-01", name="测试联络站"))
    ctx = UiContext(new_ledger)
    page = ReceptionPage(ctx)
    show_active(qtbot, page)
    row = page.opinion_rows[0]
    assert row.route_value() == Route.STATION.value and "截止 2026-" in row.deadline.text()
    page.visitor_rows[0].name.setText("赵六")
    page.matter.setPlainText("小区路灯不亮")
    row.content.setPlainText("建议尽快维修小区路灯")
    page.save()
    wait_tasks(qtbot, ctx)
    assert page.last_saved is not None and len(page.last_saved.opinion_ids) == 1
    # Once units exist, a fresh row goes back to 转办; a route the clerk picked is kept.
    reference_data.save_unit(new_ledger, "测试街道办事处", "township_gov")
    page.refresh()
    assert page.opinion_rows[0].route_value() == Route.TRANSFER.value
    ctx.wait_for_done(10_000)


def test_first_reception_with_one_opinion_keyboard_only(qtbot, new_ledger, ui_settings) -> None:
    keys = Keys(qtbot)
    wizard = FirstLaunchWizard(new_ledger)
    show_active(qtbot, wizard)
    keys.focus_is(wizard.form.name)
    keys.type("东风街道代表联络站")
    keys.key(Qt.Key.Key_Tab)
    keys.focus_is(wizard.form.code)
    keys.type("DF-01")
    keys.key(Qt.Key.Key_Return)  # 下一步 is the default button
    assert wizard.pages.currentIndex() == 1
    keys.focus_is(wizard.street_button)
    keys.key(Qt.Key.Key_Space)  # 载入街道联络站典型数据
    assert not wizard.isVisible() and wizard.loaded is not None
    assert len(reference_data.list_units(new_ledger)) >= 10 and len(reference_data.list_categories(new_ledger)) >= 10

    window = MainWindow(UiContext(new_ledger), settings=ui_settings)
    show_active(qtbot, window)
    keys.key(Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # 接待登记
    page = window.page("reception")
    assert window.stack.currentWidget() is page
    keys.focus_is(page.deputies.filter_edit)  # no deputies yet: the picker says where to add them
    assert page.deputies.empty_hint.isVisible()
    keys.key(Qt.Key.Key_Tab)
    visitor = page.visitor_rows[0]
    keys.focus_is(visitor.name)
    keys.type("赵六")
    keys.key(Qt.Key.Key_Tab, times=6)  # gender, phone, village, group size, 添加来访人, then the matter
    keys.focus_is(page.matter)
    keys.type("小区路灯不亮")
    keys.key(Qt.Key.Key_Tab)
    keys.focus_is(page.category)
    keys.key(Qt.Key.Key_Down)  # the first category
    keys.key(Qt.Key.Key_Tab, times=3)  # 保密, 匿名, the opinion
    opinion = page.opinion_rows[0]
    keys.focus_is(opinion.content)
    keys.type("建议维修路灯")
    keys.key(Qt.Key.Key_Tab, times=2)  # route (转办, units exist), then the lead unit
    keys.focus_is(opinion.lead_unit)
    keys.key(Qt.Key.Key_Down)
    keys.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_tasks(qtbot, window.ctx)
    # Saved on the first try: the confirmation, one reception with one transferred opinion in the ledger.
    assert page.status_label.property("tone") == "success", page.status_label.text()
    assert page.last_saved is not None and len(page.last_saved.opinion_ids) == 1
    assert receptions.get_reception(new_ledger, page.last_saved.id).visitors[0].name == "赵六"
    print(f"\nfirst reception, keyboard only: {keys.presses} key presses + {keys.chinese} Chinese characters")
    assert keys.presses <= 30
    window.ctx.wait_for_done(10_000)


def test_excel_choice_opens_the_ledger_import(qtbot, new_ledger, ui_settings) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QFileDialog

    wizard = FirstLaunchWizard(new_ledger)
    show_active(qtbot, wizard)
    wizard.form.name.setText("测试乡镇代表联络站")
    wizard.form.code.setText("T-02")
    wizard.start_button.click()
    wizard.excel_button.click()
    window = MainWindow(UiContext(new_ledger), settings=ui_settings)
    show_active(qtbot, window)
    seen: list[str] = []

    def close_file_dialog(left: int = 300) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QFileDialog):
            seen.append(dialog.windowTitle())
            dialog.reject()  # the clerk cancels: nothing imported, the page stays open
        elif left:
            QTimer.singleShot(10, lambda: close_file_dialog(left - 1))

    QTimer.singleShot(0, close_file_dialog)
    page = window.start_first_step(wizard.next_step)
    assert seen == ["导入 Excel 台账"]
    assert window.current_key() == "ledger_print" and page is window.page("ledger_print")
    window.ctx.wait_for_done(10_000)


def test_first_reception_on_an_empty_ledger_keyboard_only(qtbot, new_ledger, ui_settings) -> None:
    """以后再说: no units, no categories, no deputies — the first reception still saves at the first try."""
    keys = Keys(qtbot)
    wizard = FirstLaunchWizard(new_ledger)
    show_active(qtbot, wizard)
    keys.focus_is(wizard.form.name)
    keys.type("西河镇代表联络站")
    keys.key(Qt.Key.Key_Tab)
    keys.type("XH-01")
    keys.key(Qt.Key.Key_Return)
    keys.focus_is(wizard.street_button)
    keys.key(Qt.Key.Key_Tab, times=2)  # past 乡镇 to 以后再说，直接开始
    keys.focus_is(wizard.later_button)
    keys.key(Qt.Key.Key_Space)
    assert not wizard.isVisible() and reference_data.list_units(new_ledger) == []

    window = MainWindow(UiContext(new_ledger), settings=ui_settings)
    show_active(qtbot, window)
    keys.key(Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page = window.page("reception")
    keys.focus_is(page.deputies.filter_edit)
    keys.key(Qt.Key.Key_Tab)
    keys.focus_is(page.visitor_rows[0].name)
    keys.type("钱七")
    keys.key(Qt.Key.Key_Tab, times=6)
    keys.focus_is(page.matter)
    keys.type("村里缺路灯")
    keys.key(Qt.Key.Key_Tab, times=4)  # category (none yet), 保密, 匿名, the opinion
    opinion = page.opinion_rows[0]
    keys.focus_is(opinion.content)
    keys.type("建议安装路灯")
    assert opinion.route_value() == Route.STATION.value  # 站内协调: needs no unit
    keys.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_tasks(qtbot, window.ctx)
    assert page.status_label.property("tone") == "success", page.status_label.text()
    assert page.last_saved is not None and len(page.last_saved.opinion_ids) == 1
    print(f"\nfirst reception on an empty ledger: {keys.presses} key presses + {keys.chinese} Chinese characters")
    window.ctx.wait_for_done(10_000)

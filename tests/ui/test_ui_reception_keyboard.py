"""接待登记 driven with the keyboard only, the way a clerk at the counter does it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_helpers import answer_next_box, show_active, type_text, wait_tasks

from heshi_station.ledger import opinions, receptions
from heshi_station.ui.pages.reception_page import ReceptionPage


def _focus(qtbot, widget) -> None:
    try:
        qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=3000)
    except Exception:
        raise AssertionError(f"focus is on {QApplication.focusWidget()!r}, not {widget!r}") from None


def _tab(qtbot, page) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)


def test_register_two_visitors_and_an_opinion_with_the_keyboard_only(qtbot, ctx, basics, ledger) -> None:
    page = ReceptionPage(ctx)
    show_active(qtbot, page)
    # A fresh form starts at the deputy filter: pinyin initials pick 张三 and 李四.
    _focus(qtbot, page.deputies.filter_edit)
    qtbot.keyClicks(page.deputies.filter_edit, "zs")
    qtbot.keyClick(page.deputies.filter_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(page.deputies.filter_edit, "ls")
    qtbot.keyClick(page.deputies.filter_edit, Qt.Key.Key_Return)
    assert page.deputies.picked_ids() == basics.deputies[:2]

    _tab(qtbot, page)  # the deputy list
    _tab(qtbot, page)
    first = page.visitor_rows[0]
    _focus(qtbot, first.name)
    type_text(qtbot, first.name, "赵六")
    _tab(qtbot, page)
    _focus(qtbot, first.gender)
    qtbot.keyClick(first.gender, Qt.Key.Key_Down)  # 未填 → 男
    _tab(qtbot, page)
    qtbot.keyClicks(first.phone, "19900001111")
    _tab(qtbot, page)
    type_text(qtbot, first.village, "东风村")
    _tab(qtbot, page)  # group size
    _tab(qtbot, page)
    _focus(qtbot, page.add_visitor_button)
    qtbot.keyClick(page.add_visitor_button, Qt.Key.Key_Space)
    assert len(page.visitor_rows) == 2
    second = page.visitor_rows[1]
    _focus(qtbot, second.name)
    type_text(qtbot, second.name, "钱七")
    _tab(qtbot, page)
    _tab(qtbot, page)
    qtbot.keyClicks(second.phone, "19900002222")
    _tab(qtbot, page)
    type_text(qtbot, second.village, "西河村")
    _tab(qtbot, page)
    _tab(qtbot, page)
    _tab(qtbot, page)  # past the add-visitor button into the matter box
    _focus(qtbot, page.matter)
    type_text(qtbot, page.matter, "村口道路坑洼不平，雨天积水")
    _tab(qtbot, page)
    _focus(qtbot, page.category)
    qtbot.keyClick(page.category, Qt.Key.Key_Down)  # the first category in the list
    category_name = next(n for n, cid in basics.categories.items() if cid == page.category.currentData())
    _tab(qtbot, page)  # 保密
    _tab(qtbot, page)  # 匿名
    _tab(qtbot, page)
    opinion = page.opinion_rows[0]
    _focus(qtbot, opinion.content)
    type_text(qtbot, opinion.content, "建议修缮村口道路并加装排水沟")
    _tab(qtbot, page)  # route: 转办 is the default
    _tab(qtbot, page)
    _focus(qtbot, opinion.lead_unit)
    qtbot.keyClick(opinion.lead_unit, Qt.Key.Key_Down)
    lead_name = opinion.lead_unit.currentText()
    assert opinion.lead_unit.currentData() in basics.units
    qtbot.keyClick(opinion.lead_unit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: page.last_saved is not None, timeout=10_000)
    wait_tasks(qtbot, ctx)
    saved = receptions.get_reception(ledger, page.last_saved.id)
    assert [v.name for v in saved.visitors] == ["赵六", "钱七"]
    assert [v.phone for v in saved.visitors] == ["19900001111", "19900002222"]
    assert saved.visitors[0].gender == "male"
    assert saved.deputy_names == ("张三", "李四")
    assert saved.category_name == category_name
    assert len(saved.opinion_ids) == 1
    op = opinions.get_opinion(ledger, saved.opinion_ids[0])
    assert op.content == "建议修缮村口道路并加装排水沟"
    assert op.state == "transferred" and op.lead_unit_name == lead_name
    # Saved → the form is ready for the next visitor, keeping the deputies of the day.
    assert "已保存" in page.status_label.text()
    assert page.deputies.picked_ids() == basics.deputies[:2]
    assert len(page.visitor_rows) == 1 and page.visitor_rows[0].name.text() == ""
    _focus(qtbot, page.visitor_rows[0].name)


def test_bad_fields_are_shown_next_to_them_and_nothing_is_saved(qtbot, ctx, basics, ledger) -> None:
    page = ReceptionPage(ctx)
    qtbot.addWidget(page)
    page.show()
    row = page.visitor_rows[0]
    row.name.setText("赵六")
    row.phone.setText("1990000")  # 7 digits
    page.opinion_rows[0].content.setPlainText("路灯不亮")
    page.opinion_rows[0].route.setCurrentIndex(page.opinion_rows[0].route.findData("transfer"))
    page.save()  # matter empty, phone short, no lead unit
    qtbot.waitUntil(lambda: row.errors.isVisible(), timeout=10_000)
    wait_tasks(qtbot, ctx)
    assert "手机号码应为11位数字" in row.errors.text()
    assert "主办单位" in page.opinion_rows[0].errors.text()
    assert "必须填写" in page.errors.labels["matter"].text()
    assert receptions.list_receptions(ledger) == []
    assert "未保存" in page.status_label.text()
    # Ctrl+N on the half-filled form asks first; 放弃 clears the form and the messages.
    asked = answer_next_box("放弃")
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert asked and "还没有保存" in asked[0]
    assert not page.visitor_rows[0].errors.isVisible() and page.visitor_rows[0].phone.text() == ""


def test_visitor_autocomplete_and_duplicate_hint(qtbot, ctx, basics, ledger) -> None:
    from datetime import datetime

    from factories import register

    register(ledger, basics, datetime(2026, 11, 18, 9, 0).astimezone(), phone="19900001234")
    page = ReceptionPage(ctx)
    qtbot.addWidget(page)
    page.show()
    row = page.visitor_rows[0]
    row.phone.setFocus()
    qtbot.keyClicks(row.phone, "1990000")
    qtbot.waitUntil(lambda: row.phone.completer().model().rowCount() > 0, timeout=10_000)
    assert "来访人0" in row.phone.completer().model().stringList()[0]
    row.fill(next(iter(row._known.values())))
    assert row.name.text() == "来访人0" and row.village.text() == "东风村"
    # The same phone and category with the same words → pointed out while typing.
    page.category.setCurrentIndex(page.category.findData(basics.categories["道路交通"]))
    page.opinion_rows[0].content.setPlainText("村口道路坑洼不平，雨天积水（第1条）")
    qtbot.waitUntil(lambda: page.duplicates_label.isVisible(), timeout=10_000)
    assert "可能重复" in page.duplicates_label.text()

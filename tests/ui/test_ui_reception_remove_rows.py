"""接待登记: visitor and opinion rows added by mistake are removed before saving (issue 10); the rows after
one removed move up, keep their numbers and their red error messages in the right place."""

from __future__ import annotations

from PySide6.QtCore import Qt
from ui_helpers import show_active, wait_tasks

from heshi_station.ledger import opinions, receptions
from heshi_station.ui.pages.reception_page import ReceptionPage


def _visitor(row, name: str, phone: str, village: str) -> None:
    row.name.setText(name)
    row.phone.setText(phone)
    row.village.setText(village)


def _fill_top(page, basics) -> None:
    page.matter.setPlainText("村口道路坑洼不平，雨天积水")
    page.category.setCurrentIndex(page.category.findData(basics.categories["道路交通"]))
    page.deputies.filter_edit.setText("zs")
    page.deputies.pick_first_match()


def test_rows_added_by_mistake_are_removed_before_saving(qtbot, ctx, basics, ledger) -> None:
    page = ReceptionPage(ctx)
    show_active(qtbot, page)
    _fill_top(page, basics)
    _visitor(page.visitor_rows[0], "赵六", "19900001111", "东风村")
    page.add_visitor()
    _visitor(page.visitor_rows[1], "错加的人", "19900009999", "西河村")
    page.add_visitor()
    _visitor(page.visitor_rows[2], "钱七", "19900002222", "南湾组")
    qtbot.mouseClick(page.visitor_rows[1].remove, Qt.MouseButton.LeftButton)
    assert [r.name.text() for r in page.visitor_rows] == ["赵六", "钱七"]
    assert [r.title.text() for r in page.visitor_rows] == ["来访人1", "来访人2"]
    assert page.visitor_rows[1].remove not in page.tab_chain()  # Tab walks only the fields

    first = page.opinion_rows[0]
    first.content.setPlainText("这条是误加的")
    page.add_opinion()
    second = page.opinion_rows[1]
    second.content.setPlainText("建议修缮村口道路")
    second.route.setCurrentIndex(second.route.findData("transfer"))
    second.lead_unit.setCurrentIndex(second.lead_unit.findData(basics.units[1]))
    qtbot.mouseClick(first.remove, Qt.MouseButton.LeftButton)
    assert [r.content.toPlainText() for r in page.opinion_rows] == ["建议修缮村口道路"]
    assert page.opinion_rows[0].title.text() == "意见1"

    # An error after the removal lands on the row that now holds that place.
    page.visitor_rows[1].phone.setText("12345")
    page.save()
    wait_tasks(qtbot, ctx)
    assert page.visitor_rows[1].errors.isVisible() and "来访人2" in page.visitor_rows[1].errors.text()
    assert receptions.list_receptions(ledger) == []

    page.visitor_rows[1].phone.setText("19900002222")
    page.save()
    wait_tasks(qtbot, ctx)
    saved = receptions.list_receptions(ledger)
    assert len(saved) == 1, page.status_label.text()
    assert [v.name for v in saved[0].visitors] == ["赵六", "钱七"]
    assert [opinions.get_opinion(ledger, oid).content for oid in saved[0].opinion_ids] == ["建议修缮村口道路"]


def test_removing_every_row_leaves_one_blank_visitor_and_no_opinion(qtbot, ctx, basics, ledger) -> None:
    page = ReceptionPage(ctx)
    show_active(qtbot, page)
    _visitor(page.visitor_rows[0], "误填", "", "")
    page.remove_visitor(page.visitor_rows[0])
    assert len(page.visitor_rows) == 1 and page.visitor_rows[0].is_blank()
    while page.opinion_rows:
        page.remove_opinion(page.opinion_rows[0])
    assert page.build_input().opinions == []
    page.add_opinion()
    assert page.opinion_rows[0].title.text() == "意见1"

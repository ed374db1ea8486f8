"""代表名册 and 基础数据: add and edit through the forms; the ledger's messages land next to the fields."""

from __future__ import annotations

from PySide6.QtCore import Qt
from ui_helpers import show_active, wait_tasks

from heshi_station.ledger import reference_data
from heshi_station.ui.pages.deputies_page import DeputiesPage
from heshi_station.ui.pages.reference_page import ReferenceDataPage


def test_add_a_deputy_with_a_bad_then_good_phone(qtbot, ctx, basics, ledger) -> None:
    page = DeputiesPage(ctx)
    show_active(qtbot, page)
    assert page.model.rowCount() == 3
    qtbot.keyClicks(page.search, "zs")
    assert page.model.rowCount() == 1 and page.model.record_at(0).name == "张三"
    page.search.clear()
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    page.name.setText("赵六")
    page.phone.setText("12345")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    wait_tasks(qtbot, ctx)
    assert page.errors.labels["phone"].isVisible() and "电话" in page.errors.labels["phone"].text()
    assert len(reference_data.list_deputies(ledger)) == 3
    page.phone.setText("19900004444")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    wait_tasks(qtbot, ctx)
    page.refresh()  # the main window does this on ledger_changed
    assert "已保存" in page.message.text() or page.editing_id
    assert any(d.name == "赵六" and d.phone == "19900004444" for d in reference_data.list_deputies(ledger))


def test_edit_a_category_time_limit(qtbot, ctx, basics, ledger) -> None:
    page = ReferenceDataPage(ctx)
    show_active(qtbot, page)
    editor = page.categories
    row = next(i for i in range(editor.model.rowCount()) if editor.model.record_at(i).name == "农田水利")
    editor.view.selectRow(row)
    assert editor.name.text() == "农田水利"
    editor.days.setValue(25)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    wait_tasks(qtbot, ctx)
    assert {c.name: c.time_limit_days for c in reference_data.list_categories(ledger)}["农田水利"] == 25
    qtbot.keyClicks(page.units.search, "qsl")  # 区水利局
    assert [u.name for u in page.units.model.rows] == ["区水利局"]

"""Nothing typed is ever lost: Ctrl+N, switching page and closing the window ask 保存 / 放弃 / 取消; a draft
of the reception form survives a crash and is offered on the next start; 保存 / 下一条 stay in view."""

from __future__ import annotations

import json

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication
from ui_helpers import answer_next_box, fill_valid_reception, show_active, wait_tasks

from heshi_station.ledger import receptions
from heshi_station.ui.drafts import DraftStore, draft_path_for
from heshi_station.ui.main_window import MainWindow
from heshi_station.ui.pages.reception_page import ReceptionPage
from heshi_station.ui.startup import apply_font_scale


def _ctrl_n(qtbot, page) -> None:
    # A closed message box leaves no active window on the offscreen platform: give it back first.
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        QApplication.setActiveWindow(page.window())
    qtbot.waitActive(page.window())
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)


def _db_path(ledger):
    from pathlib import Path

    return Path(ledger.engine.url.database)


def test_ctrl_n_on_a_half_filled_form_asks_and_each_answer_does_what_it_says(qtbot, ctx, basics, ledger) -> None:
    page = ReceptionPage(ctx)
    show_active(qtbot, page)
    page.visitor_rows[0].name.setText("赵六")
    page.matter.setPlainText("路灯不亮")

    asked = answer_next_box("取消")
    _ctrl_n(qtbot, page)
    assert asked and "还没有保存" in asked[0]
    assert page.visitor_rows[0].name.text() == "赵六" and page.matter.toPlainText() == "路灯不亮"

    asked = answer_next_box("放弃")
    _ctrl_n(qtbot, page)
    assert asked
    assert page.visitor_rows[0].name.text() == "" and page.matter.toPlainText() == ""
    assert "放弃" in page.status_label.text()
    assert receptions.list_receptions(ledger) == []

    fill_valid_reception(page, basics)
    asked = answer_next_box("保存")
    _ctrl_n(qtbot, page)
    wait_tasks(qtbot, ctx)
    assert asked
    saved = receptions.list_receptions(ledger)
    assert len(saved) == 1 and [v.name for v in receptions.get_reception(ledger, saved[0].id).visitors] == ["赵六"]
    assert page.visitor_rows[0].name.text() == "" and "已保存" in page.status_label.text()


def test_saving_a_bad_form_from_the_question_keeps_the_clerk_on_it(qtbot, ctx, basics, ledger) -> None:
    page = ReceptionPage(ctx)
    show_active(qtbot, page)
    page.visitor_rows[0].name.setText("赵六")
    page.visitor_rows[0].phone.setText("1990000")  # too short: the ledger refuses
    asked = answer_next_box("保存")
    page.next_requested()
    wait_tasks(qtbot, ctx)
    assert asked
    assert page.visitor_rows[0].name.text() == "赵六"
    assert "手机号码应为11位数字" in page.visitor_rows[0].errors.text()
    assert receptions.list_receptions(ledger) == []


def test_an_empty_form_is_left_without_a_question(qtbot, ctx, basics) -> None:
    page = ReceptionPage(ctx)
    show_active(qtbot, page)
    page.place.setText("联络站接待室")  # the reception day's context alone is not unsaved work
    assert not page.has_unsaved_changes()
    page.next_requested()  # would block on a box if it asked
    assert page.place.text() == "联络站接待室"


def test_switching_page_and_closing_the_window_ask_first(qtbot, ctx, basics, ledger, ui_settings) -> None:
    window = MainWindow(ctx, settings=ui_settings, db_path=_db_path(ledger))
    show_active(qtbot, window)
    page = window.open_page("reception")
    page.visitor_rows[0].name.setText("钱七")

    asked = answer_next_box("取消")
    window.nav.setCurrentRow(window.page_keys().index("opinions"))
    assert asked and "接待登记" in asked[0]
    assert window.current_key() == "reception" and window.stack.currentWidget() is page
    assert page.visitor_rows[0].name.text() == "钱七"

    asked = answer_next_box("取消")
    assert not window.close()
    assert asked and window.isVisible()
    assert page.visitor_rows[0].name.text() == "钱七"

    fill_valid_reception(page, basics, name="钱七")
    asked = answer_next_box("保存")
    assert window.close()
    wait_tasks(qtbot, ctx)
    assert asked
    assert [v.name for v in receptions.get_reception(ledger, receptions.list_receptions(ledger)[0].id).visitors] == [
        "钱七"
    ]


def test_a_draft_survives_a_crash_and_is_offered_on_the_next_start(qtbot, ctx, basics, ledger, ui_settings) -> None:
    window = MainWindow(ctx, settings=ui_settings, db_path=_db_path(ledger))
    qtbot.addWidget(window)
    page = window.open_page("reception")
    fill_valid_reception(page, basics, name="孙八")
    page.add_visitor().name.setText("周九")
    page.write_draft()  # what the timer does a moment after typing
    draft_file = draft_path_for(_db_path(ledger))
    assert draft_file.parent == _db_path(ledger).parent
    stored = json.loads(draft_file.read_text(encoding="utf-8"))["state"]
    assert [v["name"] for v in stored["visitors"]] == ["孙八", "周九"]

    # "Power cut": the first window is never closed; a new one starts on the same ledger.
    from heshi_station.ui.ui_context import UiContext

    ctx2 = UiContext(ledger)
    again = MainWindow(ctx2, settings=ui_settings, db_path=_db_path(ledger))
    qtbot.addWidget(again)
    asked = answer_next_box("恢复")
    assert again.offer_draft()
    assert asked and "还没有保存" in asked[0]
    restored = again.pages["reception"]
    assert again.current_key() == "reception"
    assert [r.name.text() for r in restored.visitor_rows] == ["孙八", "周九"]
    assert restored.matter.toPlainText() == "村口道路坑洼不平"
    assert restored.deputies.picked_ids() == [basics.deputies[0]]
    assert restored.opinion_rows[0].lead_unit.currentData() == page.opinion_rows[0].lead_unit.currentData()

    restored.save()
    qtbot.waitUntil(lambda: restored.last_saved is not None, timeout=10_000)
    wait_tasks(qtbot, ctx2)
    assert not draft_file.exists()
    saved = receptions.get_reception(ledger, restored.last_saved.id)
    assert [v.name for v in saved.visitors] == ["孙八", "周九"]
    page.start_next()  # the "crashed" window's form, so closing it at teardown asks nothing


def test_discarding_the_offered_draft_removes_it(qtbot, ctx, basics, ledger, ui_settings) -> None:
    store = DraftStore(draft_path_for(_db_path(ledger)))
    store.write({"visitors": [{"name": "吴十"}], "matter": "噪音扰民"})
    window = MainWindow(ctx, settings=ui_settings, db_path=_db_path(ledger))
    qtbot.addWidget(window)
    answer_next_box("丢弃草稿")
    assert not window.offer_draft()
    assert not store.exists()


def test_a_damaged_draft_is_ignored(tmp_path) -> None:
    path = tmp_path / "ledger.reception-draft.json"
    path.write_text("{not json", encoding="utf-8")
    assert DraftStore(path).read() is None
    path.write_text(json.dumps({"format": "something else", "state": {}}), encoding="utf-8")
    assert DraftStore(path).read() is None


def _inside(window, widget) -> bool:
    top_left = widget.mapTo(window, QPoint(0, 0))
    rect = QRect(top_left, widget.size())
    return widget.isVisible() and window.rect().contains(rect) and not widget.visibleRegion().isEmpty()


def test_save_bar_stays_in_view_at_1366x768_and_150_percent(qtbot, ctx, basics, ledger, ui_settings) -> None:
    app = QApplication.instance()
    base = app.font().pointSizeF()
    apply_font_scale(app, 150, base)
    try:
        window = MainWindow(ctx, settings=ui_settings, db_path=_db_path(ledger))
        show_active(qtbot, window)
        window.resize(1366, 728)  # a 1366×768 screen less the taskbar
        page = window.open_page("reception")
        for _ in range(4):
            page.add_visitor()
            page.add_opinion()
        qtbot.wait(50)
        assert page.scroll.verticalScrollBar().maximum() > 0  # the form is taller than the window
        for widget in (page.save_button, page.next_button, page.status_label):
            assert _inside(window, widget), widget
        page.scroll.verticalScrollBar().setValue(page.scroll.verticalScrollBar().maximum())
        assert _inside(window, page.save_button)
        assert page.scroll.horizontalScrollBar().maximum() == 0 or not page.scroll.horizontalScrollBar().isVisible()
    finally:
        apply_font_scale(app, 100, base)

"""代表进站 (check a deputy in and out, leave) and the 工作台 figures, in the whole main window."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import Qt
from ui_helpers import show_active, wait_tasks

from heshi_station.ledger import attendance, queries
from heshi_station.ui.main_window import MainWindow
from heshi_station.ui.pages.attendance_page import AttendancePage

TODAY = date(2026, 11, 20)  # the test clock's day


def test_check_a_deputy_in_and_out(qtbot, ctx, basics, ledger) -> None:
    attendance.plan_reception_day(ledger, TODAY, time(9, 0), time(11, 30), "联络站接待室", basics.deputies[:2])
    page = AttendancePage(ctx)
    show_active(qtbot, page)
    assert page.selected_day() is not None and page.selected_day().day == TODAY
    assert page.duty_model.rowCount() == 2
    page.duty_view.selectRow(0)
    name = page.duty_model.record_at(0)[0]
    qtbot.mouseClick(page.check_in_button, Qt.MouseButton.LeftButton)
    wait_tasks(qtbot, ctx)
    page.refresh()  # the main window does this on ledger_changed
    rec = next(a for a in attendance.list_attendance(ledger, TODAY, date(2026, 11, 21)) if a.deputy_name == name)
    assert rec.status == "present" and rec.arrived_at == time(10, 0)
    assert "已记录" in page.message.text()
    assert page.duty_model.data(page.duty_model.index(0, 1)) == "出席"
    assert page.duty_model.data(page.duty_model.index(0, 2)) == "10:00"
    # Checking out before the clock moves is refused with the ledger's message, nothing changes.
    qtbot.mouseClick(page.check_out_button, Qt.MouseButton.LeftButton)
    wait_tasks(qtbot, ctx)
    assert "离站时间" in page.message.text()
    # The deputy's year shows the attendance.
    page.year_deputy.setCurrentIndex(page.year_deputy.findData(rec.deputy_id))
    wait_tasks(qtbot, ctx)
    assert page.year_model.rowCount() == 1 and page.year_model.data(page.year_model.index(0, 2)) == "1"


def test_today_figures_change_after_registering(qtbot, ctx, basics, ledger, ui_settings) -> None:
    window = MainWindow(ctx, settings=ui_settings)
    show_active(qtbot, window)
    today = window.open_page("today")
    wait_tasks(qtbot, ctx)
    assert today.loaded
    assert today.figure("receptions") == "0" and today.figure("opinions_collected") == "0"
    reception = window.open_page("reception")
    reception.deputies.set_checked(basics.deputies[0], True)
    row = reception.visitor_rows[0]
    row.name.setText("赵六")
    row.phone.setText("19900003333")
    reception.matter.setPlainText("路灯不亮")
    reception.category.setCurrentIndex(reception.category.findData(basics.categories["道路交通"]))
    op = reception.opinion_rows[0]
    op.content.setPlainText("建议修复村口路灯")
    op.lead_unit.setCurrentIndex(op.lead_unit.findData(basics.units[0]))
    qtbot.mouseClick(reception.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reception.last_saved is not None, timeout=10_000)
    wait_tasks(qtbot, ctx)
    window.open_page("today")
    wait_tasks(qtbot, ctx)
    assert today.figure("receptions") == "1"
    assert today.figure("people_received") == "1"
    assert today.figure("opinions_collected") == "1"
    assert today.figure("transferred") == "1"
    assert "待同步记录" in today.sync_label.text()


def test_overdue_figure_opens_the_filtered_list(qtbot, ctx, basics, ledger, ui_settings) -> None:
    from datetime import datetime

    from factories import register

    register(ledger, basics, datetime(2026, 9, 1, 9, 0).astimezone())  # 10 working days: long overdue now
    register(ledger, basics, datetime(2026, 11, 19, 9, 0).astimezone())
    window = MainWindow(ctx, settings=ui_settings)
    show_active(qtbot, window)
    today = window.open_page("today")
    wait_tasks(qtbot, ctx)
    counts = queries.overdue_counts(ledger)
    assert counts["long_overdue"] == 1
    button = today.overdue_buttons["long_overdue"]
    assert button.text().endswith("1")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.current_key() == "opinions"
    page = window.pages["opinions"]
    assert page.overdue.currentData() == "long_overdue" and page.model.total == 1


def test_window_remembers_geometry_and_page(qtbot, ctx, ui_settings) -> None:
    window = MainWindow(ctx, settings=ui_settings)
    show_active(qtbot, window)
    window.resize(640, 470)
    window.open_page("deputies")
    window.close()
    again = MainWindow(ctx, settings=ui_settings)
    qtbot.addWidget(again)
    assert again.current_key() == "deputies"
    assert again.size().width() == 640 and again.size().height() == 470
    # Every page of the registry opens without error (optional ones only when present).
    for key in again.page_keys():
        assert again.open_page(key).isVisibleTo(again) or not again.isVisible()


def test_plan_a_reception_day_with_the_dialog(qtbot, ctx, basics, ledger) -> None:
    page = AttendancePage(ctx)
    show_active(qtbot, page)
    assert page.days_model.rowCount() == 0
    dialog = page.plan_day()
    qtbot.keyClicks(dialog.deputies.filter_edit, "ww")  # 王五
    qtbot.keyClick(dialog.deputies.filter_edit, Qt.Key.Key_Return)
    dialog.place.clear()
    assert dialog.isVisible()
    dialog.submit()
    wait_tasks(qtbot, ctx)
    assert dialog.isVisible(), dialog.message.text()
    assert "接待地点" in dialog.message.text()  # the ledger's message, in the dialog
    dialog.place.setText("联络站接待室")
    dialog.submit()
    wait_tasks(qtbot, ctx)
    assert not dialog.isVisible()
    page.refresh()
    assert page.days_model.rowCount() == 1
    assert page.days_model.record_at(0).deputy_names == ("王五",)

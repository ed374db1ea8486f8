"""代表进站 (issue 10): 签到/签退 take the time in the time box (default now, earlier allowed, the box's limit
from the ledger), activities entered that day survive 签退, and 缺席/请假 after a 签到 asks 是/否 first."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QTime, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from ui_helpers import show_active, wait_tasks

from heshi_station.ledger import attendance
from heshi_station.ui.pages.attendance_page import AttendancePage

TODAY = date(2026, 11, 20)  # the test clock's day, 10:00


def _mark(ledger, name):
    return next(a for a in attendance.list_attendance(ledger, TODAY, date(2026, 11, 21)) if a.deputy_name == name)


def _answer(button_text: str, seen: list) -> None:
    """Click 是/否 in the question box as soon as it is shown (it runs modally)."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            next(b for b in box.buttons() if b.text() == button_text).click()
        else:
            QTimer.singleShot(20, click)

    QTimer.singleShot(0, click)


def test_times_activities_and_the_overwrite_question(qtbot, ctx, basics, ledger) -> None:
    attendance.plan_reception_day(ledger, TODAY, time(9, 0), time(11, 30), "联络站接待室", basics.deputies[:2])
    page = AttendancePage(ctx)
    show_active(qtbot, page)
    page.duty_view.selectRow(0)
    name = page.duty_model.record_at(0)[0]
    # Default now; the box cannot go past now (the ledger's limit for today).
    assert page.mark_time.time() == QTime(10, 0) and page.mark_time.maximumTime() == QTime(10, 0)
    page.mark_time.setTime(QTime(9, 10))  # an earlier time: the clerk records it afterwards
    page.check_in_button.click()
    wait_tasks(qtbot, ctx)
    page.refresh()
    assert _mark(ledger, name).arrived_at == time(9, 10)

    page.duty_view.selectRow(0)
    page.activities.setText("接待选民2人次")
    page.activities_button.click()
    wait_tasks(qtbot, ctx)
    page.refresh()
    page.duty_view.selectRow(0)
    assert page.activities.text() == "接待选民2人次"
    page.mark_time.setTime(QTime(9, 50))
    page.check_out_button.click()
    wait_tasks(qtbot, ctx)
    mark = _mark(ledger, name)
    assert (mark.arrived_at, mark.left_at, mark.activities) == (time(9, 10), time(9, 50), "接待选民2人次")

    # 缺席 after the 签到: asked first; 否 leaves the mark as it was.
    page.refresh()
    page.duty_view.selectRow(0)
    seen: list[str] = []
    _answer("否", seen)
    page.absent_button.click()
    wait_tasks(qtbot, ctx)
    assert seen and "已于 09:10 签到" in seen[0]
    assert _mark(ledger, name).status == "present"
    _answer("是", seen)
    page.absent_button.click()
    wait_tasks(qtbot, ctx)
    qtbot.waitUntil(lambda: _mark(ledger, name).status == "absent", timeout=5_000)
    assert len(seen) == 2


def test_a_past_reception_day_takes_any_time_of_that_day(qtbot, ctx, basics, ledger) -> None:
    past = date(2026, 11, 18)
    attendance.plan_reception_day(ledger, past, time(9, 0), time(11, 30), "联络站接待室", basics.deputies[:1])
    page = AttendancePage(ctx)
    show_active(qtbot, page)
    row = next(i for i, d in enumerate(page.days_model.rows) if d.day == past)
    page.days_view.selectRow(row)
    page.duty_view.selectRow(0)
    assert page.mark_time.maximumTime() == QTime(23, 59)
    page.mark_time.setTime(QTime(14, 30))
    page.check_in_button.click()
    wait_tasks(qtbot, ctx)
    marks = attendance.list_attendance(ledger, past, date(2026, 11, 19))
    assert [(m.status, m.arrived_at) for m in marks] == [("present", time(14, 30))]

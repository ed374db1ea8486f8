"""The two year-end touches in the window: the 工作台 notice and 基础数据's holiday-file import."""

from __future__ import annotations

import csv

from PySide6.QtCore import Qt
from ui_helpers import show_active, wait_tasks

from heshi_protocol.holiday_file import _law_days
from heshi_station.ui.pages.reference_page import ReferenceDataPage
from heshi_station.ui.pages.today_page import TodayPage


def _write(path, rows):
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["日期", "类型", "名称"])
        w.writerows(rows)
    return path


def test_notice_on_the_today_page_until_the_table_is_imported_in_reference_data(qtbot, ctx, tmp_path) -> None:
    # The test clock stands in November 2026 and the bundled table ends in 2026.
    today = TodayPage(ctx)
    show_active(qtbot, today)
    wait_tasks(qtbot, ctx)
    assert today.year_end_notice.isVisible()
    assert "2027" in today.year_end_notice.text() and "导入节假日文件" in today.year_end_notice.text()

    page = ReferenceDataPage(ctx)
    told: list[tuple[str, str]] = []
    page.tell = lambda title, text: told.append((title, text))  # a modal box would wait for a click
    show_active(qtbot, page)
    bad = _write(tmp_path / "bad.csv", [["2027-01-01", "放假", "元旦"], ["2027-01-01", "调休上班", "元旦"]])
    page.import_holidays(bad)
    wait_tasks(qtbot, ctx)
    assert told[-1][0] == "节假日文件未导入" and "第3行" in told[-1][1] and "缺少法定节假日" in told[-1][1]
    assert page.import_holidays_button.isEnabled()
    assert not ctx.ledger.calendar().covers(2027)

    good = _write(tmp_path / "2027.csv", [[d.isoformat(), "放假", n] for d, n in sorted(_law_days()[2027].items())])
    page.import_holidays(good)
    wait_tasks(qtbot, ctx)
    assert told[-1][0] == "节假日安排已导入" and "2027" in told[-1][1]
    assert ctx.ledger.calendar().covers(2027)
    today.refresh()
    wait_tasks(qtbot, ctx)
    assert not today.year_end_notice.isVisible()
    assert page.import_holidays_button.objectName() == "import_holidays"
    qtbot.mouseClick(page.tabs.tabBar(), Qt.MouseButton.LeftButton)  # the rest of the page still works

"""代表履职 in a real browser (Playwright driving Debian's Chromium) against a real centre process: a station
records duties, syncs them with its own sync process, and the console's page shows each deputy's archive and
the station's figures. Screenshots go to ``HESHI_CONSOLE_SHOTS`` (or the test's folder)."""

from __future__ import annotations

from datetime import date

from heshi_centre import admin as admin_ops
from heshi_station.ledger.duty_activities import record_activity
from heshi_station.ledger.duty_dto import (
    ActivityInput,
    AttendeeInput,
    ProjectInput,
    ProjectVoteInput,
    ReportBackInput,
    TrainingInput,
)
from heshi_station.ledger.project_votes import record_project_vote
from heshi_station.ledger.report_backs import record_report_back
from heshi_station.ledger.trainings import record_training
from tests.console.helpers import make_user, uid
from tests.console.test_console_browser import browser, log_in, shots  # noqa: F401  (fixtures)
from tests.factories import set_up_basics
from tests.sync.helpers import connect_station
from tests.sync.station_proc import run_sync_process

DAY = date(2026, 11, 2)


def test_synced_duty_records_show_on_the_duties_page(browser, centre, ledger, db_path, shots):  # noqa: F811
    code = f"T-{uid()}"
    b = set_up_basics(ledger, code)
    zhang, li, wang = b.deputies
    for n in range(3):
        record_activity(ledger, ActivityInput("contact", date(2026, 10, 1 + n), [zhang], contact_with="东风村村民",
                                              contact_way="visit"))  # fmt: skip
    record_activity(ledger, ActivityInput("inspection", DAY, [zhang, li], subject="农村道路"))
    record_report_back(ledger, ReportBackInput(li, DAY, "村委会", 40, "年度述职", 30, 6, 2, 1))
    record_project_vote(
        ledger,
        ProjectVoteInput(2026, date(2026, 2, 1), "majority_of_all", 3, [zhang, li, wang],
                         [ProjectInput("村道硬化", "街道办", 500_000, 3), ProjectInput("文化广场", "街道办", 10, 1)]),
    )  # fmt: skip
    attendees = [AttendeeInput(zhang), AttendeeInput(wang, "leave", "外出")]
    record_training(ledger, TrainingInput("履职能力培训", DAY, 3.5, attendees))
    st = connect_station(ledger, db_path, centre.factory, centre.url, code)
    synced = run_sync_process(db_path, code, st.token)
    assert synced.returncode == 0, synced.stderr

    admin = log_in(browser, centre, make_user(centre.factory, "市中心管理员"))
    admin.click("header nav >> text=代表履职")
    admin.wait_for_selector("#duty-stations")
    admin.goto(admin.url.split("?")[0] + "?year=2026")
    row = admin.locator("#duty-stations tr", has_text=code)
    cells = row.locator("td").all_inner_texts()
    # 履职活动 4, 述职 1 (evaluated 1) at 94.7%, 票决 1 with 2 projects of which 1 adopted, 培训 1 of 3.5 hours.
    assert cells[3:] == ["4", "1", "1", "94.7%", "1", "2", "1", "1", "3.5"], cells
    shots(admin, "20-代表履职-各站")
    row.locator("a").click()
    admin.wait_for_selector("#archives")
    facts = admin.locator("#duty-figures").inner_text()
    assert "通过 1 个" in facts and "满意率 94.7%" in facts
    zhang_row = admin.locator("#archives tr", has_text="张三").locator("td").all_inner_texts()
    # 出席 请假 缺席 | 接待 群众 意见 | 视察 调研 会议 联系选民 述职 培训 | 述职测评 | 票决 | 培训 出席 学时 请假 缺席
    assert zhang_row == ["0", "0", "0", "0", "0", "0", "1", "0", "0", "3 / 10", "0", "0", "—", "1", "1", "3.5", "0",
                         "0"], zhang_row  # fmt: skip
    li_row = admin.locator("#archives tr", has_text="李四").locator("td").all_inner_texts()
    assert li_row[12].startswith("2026-11-02 满意") and li_row[13] == "1"
    wang_row = admin.locator("#archives tr", has_text="王五").locator("td").all_inner_texts()
    assert wang_row[-4:] == ["0", "0", "1", "0"]
    shots(admin, "21-代表履职档案-联络站")

    other = f"别区{uid()}"
    with centre.factory.begin() as s:
        admin_ops.add_station(s, f"O-{uid()}", "别区联络站", other, "别区街道")
    district = log_in(browser, centre, make_user(centre.factory, "县区人大", district=other))
    response = district.goto(f"{centre.url}/console/duties/{code}?year=2026")
    assert response.status == 404 and "无权查看" in district.content()

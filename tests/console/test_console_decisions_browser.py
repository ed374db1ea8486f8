"""Issue 12's console decisions, search filters and charts in a real browser (Playwright driving Debian's
Chromium) against a real centre process: an extension asked by a unit, approved by the district, arriving in
a real station ledger after ``heshi-station sync``; a unit kept out of 待审批; the category filter and a
2-character search; the overview's charts and drill-down. Pages photographed at 1366×768."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from heshi_centre.ledger_models import LedgerOpinion
from heshi_centre.projection import centre_calendar
from heshi_protocol.workdays import with_provisional
from heshi_station.ledger import opinions
from heshi_station.ledger.queries import OpinionFilter, list_opinions
from tests.conftest import FIXED_NOW
from tests.console.helpers import make_user, seed_station, uid
from tests.console.test_console_browser import browser, log_in, shots  # noqa: F401  (fixtures)
from tests.factories import register, set_up_basics
from tests.sync.helpers import connect_station
from tests.sync.station_proc import run_sync_process


def test_an_approved_extension_moves_the_deadline_into_the_station_ledger(browser, own_centre, ledger, db_path, shots):  # noqa: F811
    centre = own_centre  # units are matched by name: this station's 区交通运输局 must be the only one
    code = f"T-{uid()}"
    basics = set_up_basics(ledger, code)
    register(ledger, basics, FIXED_NOW - timedelta(days=2), matter="桥头护栏松动，存在安全隐患")
    st = connect_station(ledger, db_path, centre.factory, centre.url, code)
    first = run_sync_process(db_path, code, st.token)
    assert first.returncode == 0, first.stderr
    opinion_id = list_opinions(ledger, OpinionFilter(states=["transferred"]), limit=5)[0].id
    old_due = opinions.get_opinion(ledger, opinion_id).due_date

    unit = log_in(browser, centre, make_user(centre.factory, "承办单位", unit="区交通运输局"))
    unit.click("#inbox a")
    unit.wait_for_selector("#actions")
    unit.click("#actions button:has-text('签收')")
    unit.wait_for_selector("text=已签收")
    form = unit.locator("form[action$='/request_extension']")
    form.locator("input[name=reason]").fill("需协调供电部门停电施工")
    form.locator("input[name=days]").fill("10")
    shots(unit, "20-承办单位-申请延期")
    form.locator("button[type=submit]").click()
    unit.wait_for_selector("text=已申请延期")
    # A unit cannot reach the approval page: no link, and the address answers 403.
    assert "待审批" not in unit.locator("header nav").inner_text()
    response = unit.goto(f"{centre.url}/console/requests")
    assert response.status == 403 and "不能查看待审批" in unit.content()

    district = log_in(browser, centre, make_user(centre.factory, "县区人大", district="测试区"))
    district.click("header nav >> text=待审批")
    district.wait_for_selector("#pending")
    row = district.locator("#pending tr", has_text="桥头护栏松动")
    assert "申请延期（10个工作日）" in row.inner_text() and "区交通运输局" in row.inner_text()
    shots(district, "21-待审批-县区人大")
    row.locator("form.approve input[name=reason]").fill("同意，请抓紧施工")
    row.locator("form.approve button").click()
    district.wait_for_selector("text=已同意区交通运输局的申请延期")
    with centre.factory() as s:
        expected, provisional = with_provisional(centre_calendar(s)).deadline(old_due, 10)
        centre_due = s.scalar(select(LedgerOpinion.due_date).where(LedgerOpinion.id == opinion_id))
    assert centre_due == expected
    assert expected.isoformat() in district.locator("#decided").inner_text()
    shots(district, "22-待审批-已同意")

    unit.goto(f"{centre.url}/console/inbox")
    mine = unit.locator("#my-requests").inner_text()
    assert "同意" in mine and expected.isoformat() in mine and "同意，请抓紧施工" in mine
    assert expected.isoformat() in unit.locator("#inbox").inner_text()
    shots(unit, "23-待办意见-申请结果")

    second = run_sync_process(db_path, code, st.token)
    assert second.returncode == 0, second.stderr
    record = opinions.get_opinion(ledger, opinion_id)
    assert record.due_date == expected and record.due_date > old_due
    assert record.due_provisional is provisional


def test_category_filter_search_and_overview_charts_in_the_browser(browser, centre, shots):  # noqa: F811
    tag = uid()
    d, u = f"庚区{tag}", f"水务局{tag}"
    cats = [f"城乡建设{tag}", f"农业农村{tag}", f"城乡建设{tag}"]
    st = seed_station(centre.factory, district=d, unit=u, categories=cats,
                      contents=[f"{tag} 村口路灯不亮", f"{tag} 灌溉水渠淤塞", f"{tag} 路灯杆倾斜"])  # fmt: skip
    admin = log_in(browser, centre, make_user(centre.factory, "市中心管理员"))
    admin.goto(f"{centre.url}/console/opinions")
    admin.select_option("select[name=category]", cats[0])  # htmx reloads the rows on change
    admin.wait_for_selector("text=共 2 条")
    admin.fill("input[name=q]", "倾斜")
    admin.click("form.filters button[type=submit]")
    admin.wait_for_selector("text=共 1 条")
    assert "路灯杆倾斜" in admin.locator("#opinions").inner_text()
    shots(admin, "24-意见跟踪-类别与搜索")
    admin.select_option("select[name=category]", cats[1])
    admin.fill("input[name=q]", "路灯")
    admin.click("form.filters button[type=submit]")
    admin.wait_for_selector("text=共 0 条")

    admin.goto(f"{centre.url}/console/overview?year=2026")
    admin.wait_for_selector("#chart-counts svg")
    assert admin.locator("#chart-rates svg").count() == 1
    assert d in admin.locator("#overview").inner_text()
    shots(admin, "25-全市概览-图表")
    admin.click(f"#overview a:has-text('{d}')")
    admin.wait_for_selector("#crumbs >> text=" + d)
    admin.wait_for_selector("#chart-counts svg")
    admin.click("#overview tbody a")
    admin.wait_for_selector("#chart-counts svg")
    assert "2026-11" in admin.locator("#overview").inner_text(), "a station by month"
    assert st.code in admin.url
    shots(admin, "26-全市概览-联络站按月")
    definitions = admin.locator("#definitions").inner_text()
    assert "按期件数 ÷ 本月评价件数" in definitions, "the station's own definition of 按期办结率"

"""全市概览: the city's figures per station and month equal the station's own monthly statistics after a real
sync, totals add up by district and city, and a district user sees only its district."""

from __future__ import annotations

from datetime import date, timedelta

from heshi_centre.console.accounts import CurrentUser, Role
from heshi_centre.console.overview import STATION_FIGURES, city_overview
from heshi_station.ledger.stats import monthly_stats
from heshi_station.sync.engine import run_sync
from tests.conftest import FIXED_NOW
from tests.console.helpers import logged_in, make_user, seed_station, uid
from tests.factories import register, set_up_basics
from tests.sync.conftest import BOTH_BACKENDS
from tests.sync.helpers import connect_station

ADMIN = CurrentUser(0, "测试", Role.ADMIN, "", "", "")
SAME_KEYS = dict(STATION_FIGURES)  # every figure a station reports: the same definition, the same value


@BOTH_BACKENDS
def test_station_months_equal_the_stations_own_statistics(ledger, db_path, centre, station_code):
    basics = set_up_basics(ledger, station_code)
    for i in range(6):
        register(ledger, basics, FIXED_NOW - timedelta(days=3 + 9 * i), opinions=1 + i % 2, visitors=1 + i % 3,
                 route="on_spot" if i % 3 == 0 else "transfer")  # fmt: skip
    connect_station(ledger, db_path, centre.factory, centre.url, station_code)
    assert run_sync(ledger).rejected == 0

    with centre.factory() as s:
        data = city_overview(s, ADMIN, FIXED_NOW.year, ledger.today())
    row = next(st for d in data["districts"] for st in d["stations"] if st["code"] == station_code)
    months = {m["month"]: m for m in row["months"]}
    assert len(months) >= 2
    for month, figures in months.items():
        y, m = map(int, month.split("-"))
        own = monthly_stats(ledger, y, m).summary()
        assert {k: figures[k] for k in SAME_KEYS} == {k: own[v] for k, v in SAME_KEYS.items()}, month
    assert row["deputies"] == 3
    assert row["receptions"] == sum(m["receptions"] for m in months.values()) == 6
    district = next(d for d in data["districts"] if any(st["code"] == station_code for st in d["stations"]))
    assert district["receptions"] == sum(st["receptions"] for st in district["stations"])
    assert data["city"]["people"] == sum(d["people"] for d in data["districts"])
    assert [d["figure"] for d in data["definitions"]][:3] == ["联络站", "进站代表", "接待群众（批次）"]


def test_overview_page_and_json_are_scoped_to_the_district(centre):
    d1, d2 = f"甲区{uid()}", f"乙区{uid()}"
    seed_station(centre.factory, district=d1, unit=f"单位{uid()}", contents=["一", "二"])
    seed_station(centre.factory, district=d2, unit=f"单位{uid()}", contents=["三"])
    district = logged_in(centre, make_user(centre.factory, "县区人大", district=d1))
    data = district.get("/api/overview", params={"year": "2026"}).json()
    assert [d["district"] for d in data["districts"]] == [d1] and data["city"]["opinions"] == 2
    page = district.get("/overview", params={"year": "2026"})
    assert page.status_code == 200 and d1 in page.text and d2 not in page.text and "按期办结率" in page.text
    unit = logged_in(centre, make_user(centre.factory, "承办单位", unit=f"单位{uid()}"))
    assert unit.get("/api/overview").status_code == 403


def test_overview_exports_to_xlsx_and_the_export_is_audited(centre):
    from io import BytesIO

    from openpyxl import load_workbook
    from sqlalchemy import select

    from heshi_centre.account_models import AuditEntry

    d = f"庚区{uid()}"
    seed_station(centre.factory, district=d, unit=f"单位{uid()}", contents=["一", "二", "三"])
    name = make_user(centre.factory, "县区人大", district=d)
    r = logged_in(centre, name).get("/overview.xlsx", params={"year": "2026"})
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    wb = load_workbook(BytesIO(r.content))
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert rows[0][:3] == ("县区", "联络站", "月份")
    assert rows[1][0] == "全市" and rows[1][7] == 3, "the city row counts this district's three opinions"
    assert ("2026-11" in {row[2] for row in rows}) and wb.worksheets[1]["A2"].value == "联络站"
    with centre.factory() as s:
        assert s.scalar(
            select(AuditEntry.id).where(AuditEntry.action == "export_overview", AuditEntry.user_name == name)
        )


def test_district_supervises_its_own_opinions_only(centre):
    d1, d2, u = f"辛区{uid()}", f"壬区{uid()}", f"单位{uid()}"
    mine = seed_station(centre.factory, district=d1, unit=u, contents=["督办测试"])
    other = seed_station(centre.factory, district=d2, unit=u, contents=["不属本区"])
    district = logged_in(centre, make_user(centre.factory, "县区人大", district=d1))
    token = district.csrf("/opinions")
    ok = district.post(
        f"/api/opinions/{mine.code}/{mine.opinion_ids[0]}/urge", {"note": "请加快办理", "csrf_token": token}
    )
    assert ok.status_code == 200 and "已督办" in ok.json()["message"]
    detail = district.get(f"/api/opinions/{mine.code}/{mine.opinion_ids[0]}").json()
    urged = [e for e in detail["history"] if e["kind"] == "urged"]
    assert len(urged) == 1 and urged[0]["actor"] == f"{d1}人大" and urged[0]["source"] == "市中心"
    assert (
        district.post(f"/api/opinions/{other.code}/{other.opinion_ids[0]}/urge", {"csrf_token": token}).status_code
        == 403
    )
    unit = logged_in(centre, make_user(centre.factory, "承办单位", unit=u))
    refused = unit.post(f"/api/opinions/{mine.code}/{mine.opinion_ids[0]}/urge", {"csrf_token": unit.csrf("/inbox")})
    assert refused.status_code == 403 and "不能督办" in refused.json()["message"]


@BOTH_BACKENDS
def test_a_round_unanswered_past_its_deadline_is_late_the_day_after_without_any_new_event(centre):
    due = date.today() + timedelta(days=3)
    st = seed_station(
        centre.factory, district=f"辛区{uid()}", unit=f"卫健委{uid()}", contents=["卫生院缺医生"], due=due
    )

    def station_row(today: date) -> dict:
        with centre.factory() as s:
            data = city_overview(s, ADMIN, due.year, today)
        return next(x for d in data["districts"] for x in d["stations"] if x["code"] == st.code)

    late_month = (due + timedelta(days=1)).strftime("%Y-%m")
    before = station_row(due)  # the deadline day itself is not late yet
    assert before["on_time_rate"] is None and before["transferred"] == 1
    if late_month.startswith(str(due.year)):
        after = station_row(due + timedelta(days=2))
        months = {m["month"]: m for m in after["months"]}
        assert (after["on_time_rate"], months[late_month]["on_time_rate"]) == (0.0, 0.0)
    # Answered now (before the deadline), the round is on time instead, and nothing is pending any more.
    unit = logged_in(centre, make_user(centre.factory, "承办单位", unit=st.unit))
    token = unit.csrf("/inbox")
    assert unit.post(f"/opinions/{st.code}/{st.opinion_ids[0]}/sign", {"csrf_token": token}).status_code == 200
    assert (
        unit.post(
            f"/opinions/{st.code}/{st.opinion_ids[0]}/reply", {"csrf_token": token, "reply": "已调配"}
        ).status_code
        == 200
    )
    assert station_row(due + timedelta(days=2))["on_time_rate"] == 1.0

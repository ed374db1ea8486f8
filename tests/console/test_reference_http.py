"""基础数据 over HTTP against the real centre process: who may see and upload, the per-row report of a bad
file (nothing loaded), a good roster of all five levels reaching the station feed, the xlsx templates, and
the command line reporting the same way."""

from __future__ import annotations

import io
import os
import subprocess
import sys

from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from heshi_centre import admin
from heshi_centre.models import CentreDeputy, CentreStation, Change
from heshi_centre.reference_load import COLUMNS
from tests.console.helpers import logged_in, make_user, uid
from tests.sync.conftest import BOTH_BACKENDS


def _station(centre, district: str) -> str:
    code = f"R-{uid()}"
    with centre.factory.begin() as s:
        admin.add_station(s, code, f"{district}基础数据测试站{code[-4:]}", district, "测试街道")
    return code


def _deputies(centre, code: str) -> dict[str, str]:
    with centre.factory() as s:
        station = s.scalar(select(CentreStation).where(CentreStation.code == code))
        return {d.name: d.level for d in s.scalars(select(CentreDeputy).where(CentreDeputy.station_id == station.id))}


def _upload(client, kind: str, name: str, body: bytes, station: str = "", csrf: str | None = None, api=False):
    token = client.csrf("/reference") if csrf is None else csrf
    return client.post(
        "/api/reference" if api else "/reference",
        {"csrf_token": token, "kind": kind, "station": station},
        files={"file": (name, body, "application/octet-stream")},
    )


BAD_ROSTER = (
    "姓名,代表层级,性别,电话\n"
    "代表甲{u},市级,男,13800000001\n"
    "代表乙{u},村级,女,13800000002\n"
    ",区级,男,\n"
    "代表丙{u},乡镇,未知,电话号码\n"
    "代表甲{u},省级,男,\n"
)
GOOD_ROSTER = (
    "姓名,代表层级,性别,选区,电话,在用\n"
    "代表甲{u},全国人大代表,男,第一选区,13800000001,是\n"
    "代表乙{u},省级,女,,,\n"
    "代表丙{u},市级,男,,,\n"
    "代表丁{u},区级,女,,0371-1234567,\n"
    "代表戊{u},乡镇,男,,,否\n"
)


def test_each_role_on_the_reference_page(centre):
    district = f"区{uid()}"
    code = _station(centre, district)
    admin_client = logged_in(centre, make_user(centre.factory, "市中心管理员"))
    page = admin_client.get("/reference")
    assert page.status_code == 200 and 'id="upload"' in page.text and code in page.text

    for role, kw in (("县区人大", {"district": district}), ("只读", {})):
        client = logged_in(centre, make_user(centre.factory, role, **kw))
        seen = client.get("/reference")
        assert seen.status_code == 200 and 'id="upload"' not in seen.text and "只能查看基础数据" in seen.text
        assert client.get("/reference/template/roster.xlsx").status_code == 200
        refused = _upload(client, "roster", "r.csv", GOOD_ROSTER.format(u=uid()).encode(), code)
        assert refused.status_code == 403 and "不能上传基础数据" in refused.text
        assert _deputies(centre, code) == {}, "a refused upload loads nothing"
    district_view = logged_in(centre, make_user(centre.factory, "县区人大", district=district)).get("/api/reference")
    assert [s["code"] for s in district_view.json()["stations"]] == [code], "a district sees only its stations"

    unit = logged_in(centre, make_user(centre.factory, "承办单位", unit=f"单位{uid()}"))
    assert unit.get("/reference").status_code == 403
    assert unit.get("/reference/template/units.xlsx").status_code == 403
    assert logged_in(centre, make_user(centre.factory, "承办单位", unit="x")).get("/api/reference").status_code == 403

    no_csrf = _upload(admin_client, "roster", "r.csv", GOOD_ROSTER.format(u=uid()).encode(), code, csrf="")
    assert no_csrf.status_code == 403 and _deputies(centre, code) == {}


@BOTH_BACKENDS
def test_a_bad_roster_is_reported_row_by_row_and_nothing_loads(centre):
    code = _station(centre, f"区{uid()}")
    client = logged_in(centre, make_user(centre.factory, "市中心管理员"))
    u = uid()
    with centre.factory() as s:
        changes_before = s.query(Change).count()
    r = _upload(client, "roster", "名单.csv", BAD_ROSTER.format(u=u).encode("utf-8-sig"), code)
    assert r.status_code == 422
    assert "未导入任何数据" in r.text
    report = _upload(client, "roster", "名单.csv", BAD_ROSTER.format(u=u).encode("utf-8-sig"), code, api=True).json()
    problems = {(p["row"], p["column"]) for p in report["problems"]}
    assert (3, "代表层级") in problems and "村级" in str(report["problems"])
    assert (4, "姓名") in problems
    assert (5, "性别") in problems and (5, "电话") in problems
    assert (6, "姓名") in problems and "与第2行重复" in str(report["problems"])
    assert 2 not in {p["row"] for p in report["problems"]}, "the good row is not listed"
    assert _deputies(centre, code) == {}
    with centre.factory() as s:
        assert s.query(Change).count() == changes_before, "nothing reached the feed"


@BOTH_BACKENDS
def test_a_good_roster_of_all_five_levels_loads_and_reaches_the_feed(centre):
    code = _station(centre, f"区{uid()}")
    client = logged_in(centre, make_user(centre.factory, "市中心管理员"))
    u = uid()
    wb = Workbook()
    for line in GOOD_ROSTER.format(u=u).splitlines():
        wb.active.append(line.split(","))
    body = io.BytesIO()
    wb.save(body)
    r = _upload(client, "roster", "名单.xlsx", body.getvalue(), code)
    assert r.status_code == 200 and "代表名单已导入：共 5 行，5 条有变化" in r.text
    assert _deputies(centre, code) == {
        f"代表甲{u}": "national", f"代表乙{u}": "province", f"代表丙{u}": "city",
        f"代表丁{u}": "county", f"代表戊{u}": "township",
    }  # fmt: skip
    with centre.factory() as s:
        station = s.scalar(select(CentreStation).where(CentreStation.code == code))
        feed = s.scalars(select(Change).where(Change.station_id == station.id, Change.kind == "deputy")).all()
    assert {c.payload["name"] for c in feed} == set(_deputies(centre, code))
    assert {c.payload["name"]: c.payload["active"] for c in feed}[f"代表戊{u}"] is False
    again = _upload(client, "roster", "名单.xlsx", body.getvalue(), code, api=True)
    assert again.status_code == 200 and again.json()["changed"] == 0, "the same file again changes nothing"
    page = client.get("/reference")
    row = next(line for line in page.text.splitlines() if code in line and '<td class="num">' in line)
    assert row.count('<td class="num">1</td>') == 4, "active deputies counted per level (one inactive)"


def test_templates_list_the_accepted_values(centre):
    client = logged_in(centre, make_user(centre.factory, "市中心管理员"))
    code = _station(centre, f"区{uid()}")
    for kind in COLUMNS:
        r = client.get(f"/reference/template/{kind}.xlsx")
        assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
        wb = load_workbook(io.BytesIO(r.content))
        assert wb.sheetnames == ["数据", "可选值", "说明"]
        assert [c.value for c in wb["数据"][1]] == list(COLUMNS[kind])
        assert wb["数据"].max_row == 1, "no example row that could be loaded by mistake"
        notes = [row[0] for row in wb["说明"].iter_rows(values_only=True)]
        assert all(h in notes for h in COLUMNS[kind])
        validations = wb["数据"].data_validations.dataValidation
        lists = {str(v.sqref).split(":")[0].rstrip("0123456789"): v.formula1 for v in validations if v.type == "list"}
        assert lists, "drop-downs"
        if kind == "roster":
            choices = [row[0] for row in wb["可选值"].iter_rows(min_row=2, values_only=True) if row[0]]
            assert choices == ["全国", "省", "市", "县(区)", "乡(镇)"]
            assert lists["B"] == "'可选值'!$A$2:$A$6", "代表层级 (column B) offers the five levels"
            station_col = [row[3] for row in wb["可选值"].iter_rows(min_row=2, values_only=True) if row[3]]
            assert code in station_col
    assert client.get("/reference/template/nope.xlsx").status_code == 404


def test_bad_holiday_file_is_reported_and_loads_nothing(centre):
    client = logged_in(centre, make_user(centre.factory, "市中心管理员"))
    body = "日期,类型,名称\n2027-01-01,放假,元旦\n2027-01-02,休息,元旦\n2027-13-01,放假,春节\n".encode()
    r = _upload(client, "holidays", "2027节假日.csv", body, api=True)
    assert r.status_code == 422
    rows = {p["row"] for p in r.json()["problems"]}
    assert {3, 4} <= rows
    years = client.get("/api/reference").json()["holiday_years"]
    assert all(h["source"] != "节假日文件 2027节假日.csv" for h in years)


def test_the_command_line_reports_the_same_way(centre, tmp_path):
    code = _station(centre, f"区{uid()}")
    bad = tmp_path / "名单.csv"
    bad.write_text(BAD_ROSTER.format(u=uid()), encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": centre.database_url}
    done = subprocess.run([sys.executable, "-m", "heshi_centre.cli", "load", "roster", str(bad), "--station", code],
                          env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 2
    assert "第3行「代表层级」：代表层级“村级”无法识别" in done.stderr and "未导入任何数据" in done.stderr
    good = tmp_path / "good.csv"
    u = uid()
    good.write_text(f"联络站编码,姓名,代表层级\n{code},代表甲{u},市级\n{code},代表乙{u},区级\n", encoding="utf-8")
    ok = subprocess.run([sys.executable, "-m", "heshi_centre.cli", "load", "roster", str(good)],
                        env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert "代表名单已导入：共 2 行，2 条有变化" in ok.stdout
    assert _deputies(centre, code) == {f"代表甲{u}": "city", f"代表乙{u}": "county"}


def test_a_holiday_year_uploads_and_reaches_the_feed(own_centre):
    """The bundled 2026 table uploaded as a holiday file (its own centre: the calendar is city-wide)."""
    import json

    from heshi_protocol.workdays import bundled_calendar_path

    year = json.loads(bundled_calendar_path().read_text(encoding="utf-8"))["years"]["2026"]
    lines = ["日期,类型,名称"] + [f"{d},放假,{n}" for d, n in year["holidays"]]
    lines += [f"{d},调休上班,{n}" for d, n in year["workdays"]]
    client = logged_in(own_centre, make_user(own_centre.factory, "市中心管理员"))
    r = _upload(client, "holidays", "2026年节假日.csv", "\n".join(lines).encode("utf-8-sig"), api=True)
    assert r.status_code == 200 and r.json()["loaded"], r.text
    with own_centre.factory() as s:
        change = s.scalars(select(Change).where(Change.kind == "calendar_year", Change.entity_id == "2026")).all()[-1]
    assert change.payload["source"] == "节假日文件 2026年节假日.csv"
    assert len(change.payload["days"]) == len(year["holidays"]) + len(year["workdays"])
    shown = client.get("/api/reference").json()["holiday_years"]
    assert {"year": 2026, "source": "节假日文件 2026年节假日.csv", "days_off": len(year["holidays"]),
            "workdays": len(year["workdays"])} in shown  # fmt: skip

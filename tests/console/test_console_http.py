"""The console over real HTTP against a real centre process: login, roles and what each may see and do,
CSRF, the login rate limit, the audit, search, and the add-user command."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import select

from heshi_centre.account_models import AuditEntry, ConsoleUser
from heshi_centre.ledger_models import LedgerOpinion, LedgerOpinionEvent
from heshi_centre.models import Change
from tests.console.helpers import PASSWORD, Client, logged_in, make_user, seed_station, uid


def test_no_page_and_no_json_without_login(centre):
    c = Client(centre.url)
    for path in ("/opinions", "/stations", "/inbox", "/opinions/X/Y"):
        r = c.get(path)
        assert r.status_code == 303 and r.headers["location"].endswith("/console/login"), path
    for path in ("/api/opinions", "/api/stations", "/api/inbox", "/api/me"):
        r = c.get(path)
        assert r.status_code == 401 and r.json()["message"] == "请先登录", path
    assert c.post("/stations", {"code": "X", "name": "Y"}).status_code == 303


def test_each_role_sees_only_its_own(centre):
    d1, d2, u1, u2 = f"甲区{uid()}", f"乙区{uid()}", f"交通局{uid()}", f"水利局{uid()}"
    a = seed_station(centre.factory, district=d1, unit=u1, contents=["村口路灯不亮", "道路坑洼积水"])
    b = seed_station(centre.factory, district=d2, unit=u2, contents=["灌溉水渠淤塞"])
    everyone = set(a.opinion_ids + b.opinion_ids)

    def seen(client: Client, **params) -> set[str]:
        r = client.get("/api/opinions", params={"q": "", **params})
        assert r.status_code == 200
        return {o["id"] for o in r.json()["opinions"]} & everyone

    admin = logged_in(centre, make_user(centre.factory, "市中心管理员"))
    reader = logged_in(centre, make_user(centre.factory, "只读"))
    district = logged_in(centre, make_user(centre.factory, "县区人大", district=d1))
    unit = logged_in(centre, make_user(centre.factory, "承办单位", unit=u2))

    assert seen(admin) == seen(reader) == everyone
    assert seen(district) == set(a.opinion_ids)
    assert seen(unit) == set(b.opinion_ids)
    # Asking for another district's or unit's opinions by filter or by address shows nothing.
    assert seen(district, district=d2) == set() and seen(unit, unit=u1) == set()
    assert unit.get(f"/opinions/{a.code}/{a.opinion_ids[0]}").status_code == 404
    assert unit.get(f"/api/opinions/{a.code}/{a.opinion_ids[0]}").status_code == 404
    assert district.get(f"/api/opinions/{b.code}/{b.opinion_ids[0]}").status_code == 404
    assert admin.get(f"/api/opinions/{b.code}/{b.opinion_ids[0]}").status_code == 200

    # 联络站: the city and read-only see every station, a district its own, a unit none.
    codes = {s["code"] for s in admin.get("/api/stations").json()["stations"]}
    assert {a.code, b.code} <= codes
    assert {s["code"] for s in district.get("/api/stations").json()["stations"]} == {a.code}
    assert unit.get("/api/stations").status_code == 403
    assert unit.get("/stations").status_code == 403 and "承办单位账号不能查看联络站列表" in unit.get("/stations").text
    # Inbox: the unit's own, with its deadline; nobody else has one.
    inbox = unit.get("/api/inbox").json()
    assert {o["id"] for o in inbox["opinions"]} == set(b.opinion_ids) and inbox["unit"] == u2
    assert admin.get("/api/inbox").status_code == 403
    # Only the city office manages stations; a refusal is audited.
    for client in (reader, district):
        r = client.post("/stations", {"code": f"N-{uid()}", "name": "新站", "csrf_token": client.csrf("/stations")})
        assert r.status_code == 403 and "不能登记联络站" in r.text
    with centre.factory() as s:
        refusals = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "add_station", AuditEntry.outcome == "refused")
        )
        assert len(list(refusals)) >= 2


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(centre):
    d, u = f"丙区{uid()}", f"住建局{uid()}"
    st = seed_station(centre.factory, district=d, unit=u, contents=["小区电梯故障"])
    unit = logged_in(centre, make_user(centre.factory, "承办单位", unit=u))
    path = f"/opinions/{st.code}/{st.opinion_ids[0]}/sign"
    for data in ({}, {"csrf_token": "forged"}):
        r = unit.post(path, data)
        assert r.status_code == 403 and "安全校验码" in r.text
    admin = logged_in(centre, make_user(centre.factory, "市中心管理员"))
    code = f"N-{uid()}"
    assert admin.post("/stations", {"code": code, "name": "新站"}).status_code == 403
    assert code not in {s["code"] for s in admin.get("/api/stations").json()["stations"]}
    with centre.factory() as s:
        o = s.scalar(select(LedgerOpinion).where(LedgerOpinion.id == st.opinion_ids[0]))
        assert o.state == "transferred"
        assert s.scalar(
            select(AuditEntry.id).where(AuditEntry.action == "csrf_refused", AuditEntry.target.contains(path))
        )
    # Logging in needs the login form's own token as well.
    fresh = Client(centre.url)
    name = make_user(centre.factory, "只读")
    assert fresh.post("/login", {"name": name, "password": PASSWORD}).status_code == 403


def test_unit_signs_replies_and_requests_each_as_a_centre_event(centre):
    d, u = f"丁区{uid()}", f"交通局{uid()}"
    st = seed_station(centre.factory, district=d, unit=u, contents=["村道路灯损坏", "桥面破损", "公交站牌缺失"])
    unit = logged_in(centre, make_user(centre.factory, "承办单位", unit=u))
    first, second, third = st.opinion_ids
    token = unit.csrf("/inbox")

    assert unit.post(f"/opinions/{st.code}/{first}/sign", {"csrf_token": token}).status_code == 200
    # A step the shared rules refuse answers with their reason and records nothing.
    twice = unit.post(f"/opinions/{st.code}/{first}/sign", {"csrf_token": token})
    assert twice.status_code == 409 and "承办单位已签收" in twice.text
    empty = unit.post(f"/opinions/{st.code}/{first}/reply", {"reply": "  ", "csrf_token": token})
    assert empty.status_code == 409 and "请填写答复内容" in empty.text
    ok = unit.post(f"/api/opinions/{st.code}/{first}/reply", {"reply": "已更换灯具", "csrf_token": token})
    assert ok.status_code == 200 and "联络站下次同步时收到" in ok.json()["message"]
    assert unit.post(f"/opinions/{st.code}/{second}/sign", {"csrf_token": token}).status_code == 200
    bad_days = unit.post(f"/opinions/{st.code}/{second}/request_extension",
                         {"reason": "需招标", "days": "九十", "csrf_token": token})  # fmt: skip
    assert bad_days.status_code == 409 and "整数" in bad_days.text
    ext = unit.post(f"/opinions/{st.code}/{second}/request_extension",
                    {"reason": "需招标", "days": "15", "csrf_token": token})  # fmt: skip
    assert ext.status_code == 200
    assert unit.post(f"/opinions/{st.code}/{third}/sign", {"csrf_token": token}).status_code == 200
    back = unit.post(f"/opinions/{st.code}/{third}/request_return", {"reason": "不属本单位职责", "csrf_token": token})
    assert back.status_code == 200

    detail = unit.get(f"/api/opinions/{st.code}/{first}").json()
    assert detail["state"] == "replied" and detail["reply"] == "已更换灯具"
    assert [e["kind"] for e in detail["history"]] == ["registered", "transferred", "accepted", "replied"]
    with centre.factory() as s:
        feed = s.scalars(select(Change).where(Change.kind == "opinion_event")).all()
        mine = [c.payload for c in feed if c.payload["opinion_id"] in st.opinion_ids]
        assert sorted(p["kind"] for p in mine) == ["accepted", "accepted", "accepted", "note", "note", "replied"]
        assert {p["actor"] for p in mine} == {u}
        requests_ = {p["data"].get("request"): p["data"] for p in mine if p["kind"] == "note"}
        assert requests_["extension"]["days"] == 15 and requests_["return"]["reason"] == "不属本单位职责"
        replied = select(LedgerOpinionEvent.source).where(
            LedgerOpinionEvent.opinion_id == first, LedgerOpinionEvent.kind == "replied"
        )
        assert s.scalar(replied) == "centre"
        actions = {a for (a,) in s.execute(select(AuditEntry.action).where(AuditEntry.target.like(f"{st.code}/%")))}
        assert {"sign", "reply", "request_extension", "request_return"} <= actions


def test_full_text_search_matches_two_character_terms(centre):
    d, u = f"戊区{uid()}", f"民政局{uid()}"
    word = uid()
    st = seed_station(
        centre.factory, district=d, unit=u,
        contents=[f"{word} 申请低保复核", f"{word} 村口路灯不亮", f"{word} 路面积水，路灯杆倾斜", f"{word} 养老服务"],
    )  # fmt: skip
    admin = logged_in(centre, make_user(centre.factory, "市中心管理员"))

    def found(q: str) -> list[str]:
        return sorted(o["id"] for o in admin.get("/api/opinions", params={"q": f"{word} {q}"}).json()["opinions"])

    ids = st.opinion_ids
    assert found("低保") == sorted([ids[0]])
    assert found("路灯") == sorted([ids[1], ids[2]])
    assert found("路灯 倾斜") == [ids[2]]
    assert found("100%") == [] and found("_") == []
    page = admin.get("/opinions", params={"q": f"{word} 路灯"}, headers={"HX-Request": "true"})
    assert page.status_code == 200 and "共 2 条" in page.text and "<html" not in page.text


def test_login_rate_limit_and_audit(own_centre):
    name = make_user(own_centre.factory, "只读")
    c = Client(own_centre.url)
    for _ in range(5):
        r = c.login(name, "wrong-password")
        assert r.status_code == 401 and "用户名或密码不正确" in r.text
    throttled = c.login(name)
    assert throttled.status_code == 429 and "登录失败次数过多" in throttled.text
    # Another account from the same address is not locked out by one person's mistakes.
    other = make_user(own_centre.factory, "只读")
    assert Client(own_centre.url).login(other).status_code == 303
    with own_centre.factory() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.action == "login", AuditEntry.target == name)).all()
        assert [r.outcome for r in rows] == ["failed"] * 6


def test_add_user_command_and_first_start_hint(tmp_path):
    url = f"sqlite+pysqlite:///{tmp_path / 'c.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": url}

    def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "heshi_centre.cli", *args], input=stdin, env=env,
                              capture_output=True, text=True, timeout=120)  # fmt: skip

    ok = cli("add-user", "王管理", "--role", "市中心管理员", stdin=PASSWORD + "\n")
    assert ok.returncode == 0 and "已创建账号 王管理（市中心管理员）" in ok.stdout
    again = cli("add-user", "王管理", "--role", "只读", stdin=PASSWORD + "\n")
    assert again.returncode == 2 and "已经存在" in again.stderr
    bad_role = cli("add-user", "李", "--role", "超级用户", stdin=PASSWORD + "\n")
    assert bad_role.returncode == 2 and "市中心管理员、县区人大、承办单位、只读" in bad_role.stderr
    short = cli("add-user", "李", "--role", "只读", stdin="123\n")
    assert short.returncode == 2 and "密码至少8位" in short.stderr
    no_district = cli("add-user", "李", "--role", "县区人大", stdin=PASSWORD + "\n")
    assert no_district.returncode == 2 and "--district" in no_district.stderr
    from heshi_centre.db import open_database

    engine, factory = open_database(url)
    with factory() as s:
        users = s.scalars(select(ConsoleUser)).all()
        assert [(u.name, u.role) for u in users] == [("王管理", "admin")]
        assert users[0].password_hash.startswith("$argon2id$") and PASSWORD not in users[0].password_hash
    engine.dispose()


def test_inbox_marks_overdue_with_the_stations_definition_and_the_filter_agrees(centre):
    from datetime import date, timedelta

    d, u = f"己区{uid()}", f"城管局{uid()}"
    late = seed_station(centre.factory, district=d, unit=u, contents=["占道经营"], due=date.today() - timedelta(days=1))
    on_time = seed_station(centre.factory, district=d, unit=u, contents=["垃圾清运不及时"])
    unit = logged_in(centre, make_user(centre.factory, "承办单位", unit=u))

    inbox = unit.get("/api/inbox").json()
    marks = {o["id"]: o["overdue"] for o in inbox["opinions"]}
    assert marks == {late.opinion_ids[0]: "已超期", on_time.opinion_ids[0]: ""} and inbox["overdue"] == 1
    overdue = unit.get("/api/opinions", params={"overdue": "overdue"}).json()["opinions"]
    assert [o["id"] for o in overdue] == late.opinion_ids
    # Once replied, the opinion leaves the unit's inbox (it waits for the station's feedback).
    token = unit.csrf("/inbox")
    assert unit.post(f"/api/opinions/{late.code}/{late.opinion_ids[0]}/reply",
                     {"reply": "已清理", "csrf_token": token}).status_code == 200  # fmt: skip
    assert [o["id"] for o in unit.get("/api/inbox").json()["opinions"]] == on_time.opinion_ids

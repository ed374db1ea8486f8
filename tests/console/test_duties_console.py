"""代表履职 at the centre (issue 14): the duty tables kept by real pushes, each deputy's archive at the centre
equal to the station's own (after corrections and voiding too), the figures equal to ``duty_rules`` over
what the station sent, the c0007 backfill, and what each role may see over real HTTP."""

from __future__ import annotations

import json
from datetime import date

import pytest
from alembic import command
from sqlalchemy import select

from heshi_centre import admin
from heshi_centre.db import alembic_config, make_engine, open_database
from heshi_centre.duty_models import LedgerDutyParticipant, LedgerReportBack, LedgerVoteProject
from heshi_centre.push import apply_push
from heshi_protocol.duty_rules import duty_figures
from heshi_protocol.schemas import PushOp
from heshi_station.ledger.archive import deputy_archives
from heshi_station.ledger.duty_activities import correct_activity, list_activities
from heshi_station.ledger.duty_dto import ActivityInput
from heshi_station.ledger.report_backs import list_report_backs, void_report_back
from heshi_station.sync.engine import run_sync
from tests.console.helpers import Client, logged_in, make_user, uid
from tests.sync.conftest import BOTH_BACKENDS
from tests.sync.helpers import connect_station
from tests.sync.test_sync_duties import _latest_payloads
from tests.test_duties_archive import YEAR, build_year

SAME = ("attendances", "leaves", "absences", "receptions", "people_received", "opinions_raised", "activities",
        "votes", "trainings_attended", "training_hours", "training_leaves", "training_absences")  # fmt: skip


def _assert_same_archives(ledger, client: Client, code: str) -> dict:
    r = client.get(f"/api/duties/{code}", params={"year": YEAR})
    assert r.status_code == 200, r.text[:300]
    at_centre = {d["deputy_id"]: d for d in r.json()["deputies"]}
    at_station = {a.deputy_id: a for a in deputy_archives(ledger, YEAR).deputies}
    assert set(at_centre) == set(at_station)
    for deputy_id, a in at_station.items():
        c = at_centre[deputy_id]
        assert {k: c[k] for k in SAME} == {k: getattr(a, k) for k in SAME}, a.name
        assert [(x["id"], x["result"]) for x in c["report_backs"]] == [(x.id, x.result) for x in a.report_backs]
        assert c["contacts"] == a.contacts
    return r.json()


def _assert_figures(ledger, data: dict) -> None:
    payloads = _latest_payloads(ledger)
    in_year = lambda p: p["day"].startswith(str(YEAR))  # noqa: E731
    want = duty_figures([p for (e, _), p in payloads.items() if e == "report_back" and in_year(p)],
                        [p for (e, _), p in payloads.items() if e == "project_vote" and in_year(p)])  # fmt: skip
    f = data["figures"]
    assert (f["report_backs"], f["report_backs_evaluated"], f["votes"], f["projects"], f["projects_adopted"]) == (
        want.report_backs, want.report_backs_evaluated, want.votes, want.projects, want.projects_adopted
    )  # fmt: skip
    assert f["satisfaction_rate"] == pytest.approx(want.satisfaction_rate, abs=1e-4)


@BOTH_BACKENDS
def test_the_centre_counts_each_deputy_as_the_station_does(ledger, db_path, centre, station_code):
    build_year(ledger, seed=4, code=station_code)
    connect_station(ledger, db_path, centre.factory, centre.url, station_code)
    assert run_sync(ledger).rejected == 0
    client = logged_in(centre, make_user(centre.factory, "市中心管理员"))

    data = _assert_same_archives(ledger, client, station_code)
    _assert_figures(ledger, data)
    assert sum(d["activities"]["contact"] for d in data["deputies"]) > 0

    # A correction that drops a participant and a voided report-back reach the tables at the next sync.
    act = next(a for a in list_activities(ledger, date(YEAR, 1, 1), date(YEAR + 1, 1, 1)) if len(a.deputy_ids) > 1)
    kept = act.deputy_ids[0]
    correct_activity(ledger, act.id, ActivityInput(act.kind, act.day, [kept], subject="专题",
                     contact_with=act.contact_with, contact_way=act.contact_way), "参加代表登记有误")  # fmt: skip
    rb = list_report_backs(ledger, date(YEAR, 1, 1), date(YEAR + 1, 1, 1))[0]
    void_report_back(ledger, rb.id, "重复登记")
    assert run_sync(ledger).rejected == 0

    data = _assert_same_archives(ledger, client, station_code)
    _assert_figures(ledger, data)
    with centre.factory() as s:
        sid = admin.station_by_code(s, station_code).id
        p = LedgerDutyParticipant
        assert set(s.scalars(select(p.deputy_id).where(p.station_id == sid, p.activity_id == act.id))) == {kept}
        assert s.get(LedgerReportBack, (sid, rb.id)).voided


def _push(factory, code: str, district: str, payloads: list[tuple[str, dict]]) -> None:
    ops = [PushOp(seq=i, op_id=f"op-{uid()}", entity=e, entity_id=p["id"], op="upsert", payload=p)
           for i, (e, p) in enumerate(payloads, start=1)]  # fmt: skip
    with factory.begin() as s:
        station = admin.add_station(s, code, f"{district}履职测试站{code[-4:]}", district, "测试街道")
        _cursor, answers = apply_push(s, station.id, 0, ops)
    assert all(a.status == "applied" for a in answers), [a.message for a in answers if a.status != "applied"]


def _duty_payloads(deputy: str, name: str) -> list[tuple[str, dict]]:
    day = f"{YEAR}-05-06"
    return [
        ("deputy", {"id": deputy, "name": name, "level": "township", "active": True}),
        ("duty_activity", {"id": f"a-{uid()}", "kind": "contact", "day": day, "contact_with": "村民",
                           "contact_way": "visit", "deputy_ids": [deputy]}),
        ("report_back", {"id": f"rb-{uid()}", "deputy_id": deputy, "day": day, "place": "村委会", "voters_present": 40,
                         "summary": "述职", "satisfied": 30, "basically": 6, "dissatisfied": 2, "invalid": 1}),
        ("project_vote", {"id": f"pv-{uid()}", "year": YEAR, "day": day, "rule": "majority_of_all", "deputies_total": 3,
                          "deputy_ids": [deputy], "projects": [
                              {"id": f"p-{uid()}", "name": "村道硬化", "votes_for": 2},
                              {"id": f"p-{uid()}", "name": "路灯", "votes_for": 1}]}),
        ("training", {"id": f"t-{uid()}", "topic": "履职培训", "day": day, "hours": 2.5,
                      "attendees": [{"deputy_id": deputy, "status": "present"}]}),
    ]  # fmt: skip


def test_each_role_sees_the_duties_of_its_own_stations(centre):
    d1, d2 = f"甲区{uid()}", f"乙区{uid()}"
    a_code, b_code = f"D-{uid()}", f"D-{uid()}"
    _push(centre.factory, a_code, d1, _duty_payloads(f"dep-{uid()}", "代表甲"))
    _push(centre.factory, b_code, d2, _duty_payloads(f"dep-{uid()}", "代表乙"))

    anonymous = Client(centre.url)
    assert anonymous.get("/api/duties").status_code == 401
    assert anonymous.get(f"/api/duties/{a_code}").status_code == 401
    assert anonymous.get("/duties").headers["location"].endswith("/console/login")

    admin_c = logged_in(centre, make_user(centre.factory, "市中心管理员"))
    reader = logged_in(centre, make_user(centre.factory, "只读"))
    district = logged_in(centre, make_user(centre.factory, "县区人大", district=d1))
    unit = logged_in(centre, make_user(centre.factory, "承办单位", unit=f"交通局{uid()}"))

    def codes(client: Client) -> set[str]:
        r = client.get("/api/duties", params={"year": YEAR})
        assert r.status_code == 200
        return {s["code"] for s in r.json()["stations"]} & {a_code, b_code}

    assert codes(admin_c) == codes(reader) == {a_code, b_code}
    assert codes(district) == {a_code}
    assert district.get(f"/api/duties/{b_code}").status_code == 404
    assert district.get(f"/duties/{b_code}").status_code == 404
    assert unit.get("/api/duties").status_code == 403 and unit.get(f"/api/duties/{a_code}").status_code == 403
    refused = unit.get("/duties")
    assert refused.status_code == 403 and "承办单位账号不能查看代表履职" in refused.text

    r = district.get(f"/api/duties/{a_code}", params={"year": YEAR})
    assert r.status_code == 200
    data = r.json()
    f = data["figures"]
    # 30 + 6 of 38 valid ballots; 2 × 2 > 3 adopts 村道硬化, 1 × 2 > 3 does not.
    assert (f["report_backs"], f["satisfaction_rate"], f["projects"], f["projects_adopted"]) == (1, 0.9474, 2, 1)
    assert (f["trainings"], f["training_hours"]) == (1, 2.5)
    (dep,) = data["deputies"]
    assert (dep["name"], dep["contacts"], dep["votes"], dep["training_hours"]) == ("代表甲", 1, 1, 2.5)
    assert dep["report_backs"][0]["result_label"] == "满意"
    page = district.get(f"/duties/{a_code}", params={"year": YEAR})
    assert page.status_code == 200 and "代表甲" in page.text and "94.7%" in page.text
    assert "代表履职" in admin_c.get("/duties").text
    # Another year shows the deputy with nothing counted.
    other = admin_c.get(f"/api/duties/{a_code}", params={"year": YEAR - 1}).json()
    assert other["deputies"][0]["contacts"] == 0 and other["figures"]["report_backs"] == 0


def test_the_revision_fills_the_duty_tables_from_stored_records(tmp_path):
    url = f"sqlite+pysqlite:///{tmp_path / 'old.sqlite3'}"
    engine = make_engine(url)
    command.upgrade(alembic_config(engine), "c0003")
    deputy = "dep-1"
    rows = _duty_payloads(deputy, "代表丙")
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO centre_station (code, name, district, township, created_at, push_cursor, "
                             "client_agent) VALUES ('OLD-7', '旧站', '测试区', '', '2026-01-01', 5, '')")  # fmt: skip
        sid = conn.exec_driver_sql("SELECT id FROM centre_station").scalar()
        for n, (entity, payload) in enumerate(rows, start=1):
            conn.exec_driver_sql(
                "INSERT INTO station_record (station_id, entity, entity_id, payload, seq, updated_at) "
                "VALUES (?, ?, ?, ?, ?, '2026-03-03')",
                (sid, entity, payload["id"], json.dumps(payload, ensure_ascii=False), n),
            )
    engine.dispose()

    _engine, factory = open_database(url)

    vote = rows[3][1]
    with factory() as s:
        adopted = dict(s.execute(select(LedgerVoteProject.name, LedgerVoteProject.adopted).where(
            LedgerVoteProject.station_id == sid, LedgerVoteProject.vote_id == vote["id"])).all())  # fmt: skip
        assert adopted == {"村道硬化": True, "路灯": False}
        rb = s.get(LedgerReportBack, (sid, rows[2][1]["id"]))
        assert (rb.result, rb.satisfied, rb.voided) == ("satisfied", 30, False)
        participants = s.scalars(select(LedgerDutyParticipant.deputy_id).where(LedgerDutyParticipant.station_id == sid))
        assert list(participants) == [deputy]

"""更正 and 作废 (issue 9 §2) on a real ledger file: one transaction each, audited, synced, searchable, printed."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader

from heshi_station.cli import main
from heshi_station.ledger import opinions, receptions
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.corrections import (
    AlreadyVoided,
    NothingToCorrect,
    ReceptionCorrection,
    correct_reception,
)
from heshi_station.ledger.dto import VisitorInput
from heshi_station.ledger.errors import InvalidStep, ValidationFailed
from heshi_station.ledger.opinion_corrections import OpinionCorrection, correct_opinion
from heshi_station.ledger.search import search
from heshi_station.ledger.voiding import void_opinion, void_reception
from heshi_station.reports.ledger_tables import build_report
from heshi_station.reports.pdf_register import render_register_pdf
from tests.conftest import FIXED_NOW
from tests.factories import reception_input, register, set_up_basics, table_counts

WHEN = datetime(2026, 11, 5, 9, 30).astimezone()


@pytest.fixture
def basics(ledger: Ledger):
    return set_up_basics(ledger)


def _rows(path, sql: str, *args) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def _outbox(path, entity: str, entity_id: str) -> list[dict]:
    return [
        json.loads(p)
        for (p,) in _rows(path, "SELECT payload FROM outbox WHERE entity = ? AND entity_id = ? ORDER BY seq", entity,
                          entity_id)
    ]  # fmt: skip


def _audit(path, action: str, entity_id: str) -> list[dict]:
    return [
        json.loads(d)
        for (d,) in _rows(path, "SELECT detail FROM audit_log WHERE action = ? AND entity_id = ? ORDER BY at, id",
                          action, entity_id)
    ]  # fmt: skip


def test_correcting_a_reception_is_one_audited_synced_change(ledger: Ledger, basics, db_path) -> None:
    rec = register(ledger, basics, WHEN, route="transfer", phone="19900001234", matter="村口道路坑洼不平，雨天积水")
    oid = rec.opinion_ids[0]
    new_time = WHEN - timedelta(days=1)
    result = correct_reception(
        ledger,
        rec.id,
        ReceptionCorrection(
            reason="电话和时间登记错了",
            received_at=new_time,
            way="home_visit",
            matter="村口水渠堵塞，农田被淹",
            deputy_ids=[basics.deputies[2]],
            visitors=[VisitorInput(name="钱 七", phone="139-0000-5678", village="东风村")],
        ),
    )
    r = result.record
    assert (r.revision, r.corrected_at, r.way, r.matter) == (1, FIXED_NOW, "home_visit", "村口水渠堵塞，农田被淹")
    assert r.received_at == new_time and r.deputy_ids == (basics.deputies[2],)
    assert [(v.name, v.phone) for v in r.visitors] == [("钱七", "13900005678")]  # normalised as at entry
    assert result.changes["matter"] == {"from": "村口道路坑洼不平，雨天积水", "to": "村口水渠堵塞，农田被淹"}
    assert result.changes["way"] == {"from": "at_station", "to": "home_visit"}
    assert set(result.changes) == {"received_at", "way", "matter", "visitors", "deputy_ids"}
    # The outbox got the new snapshot (upsert), after the registration's.
    snapshots = _outbox(db_path, "reception", rec.id)
    assert len(snapshots) == 2
    assert snapshots[-1]["matter"] == "村口水渠堵塞，农田被淹" and snapshots[-1]["revision"] == 1
    assert snapshots[-1]["corrected_at"] == FIXED_NOW.isoformat()
    assert snapshots[-1]["visitors"][0]["phone"] == "13900005678"
    assert snapshots[-1]["deputy_ids"] == [basics.deputies[2]]
    # The audit entry keeps old and new values and the reason.
    (audit,) = _audit(db_path, "reception.correct", rec.id)
    assert audit["reason"] == "电话和时间登记错了" and audit["changes"] == result.changes
    # The opinion copied the visitor's name and phone: it is corrected with it, as an event on its history.
    assert result.opinions_corrected == (oid,)
    o = opinions.get_opinion(ledger, oid)
    assert (o.proposer_name, o.proposer_phone, o.revision) == ("钱七", "13900005678", 1)
    corrected = [t for t in o.timeline if t.kind == "corrected"]
    assert corrected[-1].data == {
        "changes": {
            "proposer_name": {"from": "来访人0", "to": "钱七"},
            "proposer_phone": {"from": "19900001234", "to": "13900005678"},
        },
        "reason": "电话和时间登记错了",
    }
    # Search follows: the new text and phone are found, the old matter no longer.
    found = {h.id for h in search(ledger, "水渠堵塞")}
    assert rec.id in found
    assert rec.id in {h.id for h in search(ledger, "139 0000 5678")}
    assert rec.id not in {h.id for h in search(ledger, "坑洼不平")}
    assert rec.id in {h.id for h in search(ledger, "qq")}  # pinyin initials of the corrected name
    assert receptions.get_reception(ledger, rec.id) == r


def test_a_correction_obeys_the_rules_of_registration_and_writes_nothing_when_refused(
    ledger: Ledger, basics, db_path
) -> None:
    rec = register(ledger, basics, WHEN)
    before = table_counts(db_path)
    # The same bad phone is refused with the same words at registration and at correction.
    bad = reception_input(basics, WHEN, phone="1391234567")
    with pytest.raises(ValidationFailed) as at_entry:
        receptions.register_reception(ledger, bad)
    with pytest.raises(ValidationFailed) as at_correction:
        correct_reception(
            ledger,
            rec.id,
            ReceptionCorrection(
                reason="改电话",
                visitors=[VisitorInput(name="来访人0", phone="1391234567")],
                received_at=FIXED_NOW + timedelta(days=3),
                matter="  ",
                place="接待室\x00",
            ),
        )
    assert at_entry.value.errors[0] in at_correction.value.errors
    fields = {e.field for e in at_correction.value.errors}
    assert fields == {"visitors[0].phone", "received_at", "matter", "place"}
    assert "控制字符" in next(e.message for e in at_correction.value.errors if e.field == "place")
    assert table_counts(db_path) == before
    with pytest.raises(ValidationFailed, match="更正理由：必须填写"):
        correct_reception(ledger, rec.id, ReceptionCorrection(reason=" ", matter="新内容"))
    with pytest.raises(NothingToCorrect):
        correct_reception(ledger, rec.id, ReceptionCorrection(reason="没改", matter=rec.matter, way=rec.way))
    assert table_counts(db_path) == before


def test_correcting_an_opinion_appends_a_corrected_event_and_syncs_its_snapshot(
    ledger: Ledger, basics, db_path
) -> None:
    rec = register(ledger, basics, WHEN, route="transfer")
    oid = rec.opinion_ids[0]
    result = correct_opinion(
        ledger,
        oid,
        OpinionCorrection(
            reason="类别和内容登记错了",
            content="建议在村口增设路灯",
            category_id=basics.categories["养老服务"],
            deputy_ids=[basics.deputies[1]],
            confidential=True,
        ),
    )
    o = result.record
    assert (o.content, o.category_name, o.deputy_ids, o.confidential, o.revision) == (
        "建议在村口增设路灯", "养老服务", (basics.deputies[1],), True, 1,
    )  # fmt: skip
    assert o.state == "transferred"  # a correction is history only: the handling state is unchanged
    event = [t for t in o.timeline if t.kind == "corrected"][-1]
    assert event.data == {"changes": result.changes, "reason": "类别和内容登记错了"}
    assert result.changes["category_id"] == {"from": basics.categories["道路交通"], "to": basics.categories["养老服务"]}
    assert result.changes["deputy_ids"] == {"from": sorted(basics.deputies[:2]), "to": [basics.deputies[1]]}
    snapshot = _outbox(db_path, "opinion", oid)[-1]
    assert snapshot["content"] == "建议在村口增设路灯" and snapshot["revision"] == 1 and snapshot["confidential"]
    events = _rows(db_path, "SELECT payload FROM outbox WHERE entity = 'opinion_event' AND op = 'append'")
    assert any(json.loads(p)["kind"] == "corrected" and json.loads(p)["opinion_id"] == oid for (p,) in events)
    (audit,) = _audit(db_path, "opinion.correct", oid)
    assert audit["changes"] == result.changes and audit["reason"] == "类别和内容登记错了"
    assert oid in {h.id for h in search(ledger, "增设路灯")}
    with pytest.raises(ValidationFailed) as refused:
        correct_opinion(ledger, oid, OpinionCorrection(reason="x", content="", proposer_phone="12345",
                                                       category_id="no-such"))  # fmt: skip
    assert {e.field for e in refused.value.errors} == {"content", "proposer_phone", "category_id"}


def test_voiding_a_reception_keeps_it_and_voids_its_opinions_in_one_transaction(
    ledger: Ledger, basics, db_path
) -> None:
    rec = register(ledger, basics, WHEN, route="transfer", opinions=2)
    before = table_counts(db_path)
    result = void_reception(ledger, rec.id, "同一来访人重复登记")
    assert set(result.opinions_voided) == set(rec.opinion_ids)
    r = receptions.get_reception(ledger, rec.id)
    assert r.voided and r.voided_at == FIXED_NOW and r.void_reason == "同一来访人重复登记"
    for oid in rec.opinion_ids:
        o = opinions.get_opinion(ledger, oid)
        assert o.state == "voided" and o.void_reason == "同一来访人重复登记"
        assert [t.data for t in o.timeline if t.kind == "voided"] == [{"reason": "同一来访人重复登记"}]
        assert _rows(db_path, "SELECT state FROM opinion WHERE id = ?", oid) == [("voided",)]
    after = table_counts(db_path)
    assert after["reception"] == before["reception"] and after["opinion"] == before["opinion"]  # kept
    assert after["opinion_event"] == before["opinion_event"] + 2
    assert _outbox(db_path, "reception", rec.id)[-1]["void_reason"] == "同一来访人重复登记"
    assert _audit(db_path, "reception.void", rec.id)[0]["reason"] == "同一来访人重复登记"
    with pytest.raises(AlreadyVoided, match=r"已于 .* 作废"):
        void_reception(ledger, rec.id, "再来一次")
    with pytest.raises(AlreadyVoided, match="不能更正"):
        correct_reception(ledger, rec.id, ReceptionCorrection(reason="改", matter="新"))
    with pytest.raises(InvalidStep, match="该意见已作废，不能更正"):
        correct_opinion(ledger, rec.opinion_ids[0], OpinionCorrection(reason="改", content="新"))
    with pytest.raises(InvalidStep, match="该意见已作废，不能转办"):
        opinions.transfer(ledger, rec.opinion_ids[0], basics.units[0])
    assert table_counts(db_path) == after


def test_voiding_one_opinion(ledger: Ledger, basics) -> None:
    rec = register(ledger, basics, WHEN, route="station", opinions=2)
    void_opinion(ledger, rec.opinion_ids[0], "误登记")
    assert opinions.get_opinion(ledger, rec.opinion_ids[0]).state == "voided"
    assert opinions.get_opinion(ledger, rec.opinion_ids[1]).state == "handling"
    with pytest.raises(InvalidStep, match="不能重复作废"):
        void_opinion(ledger, rec.opinion_ids[0], "误登记")
    with pytest.raises(ValidationFailed, match="作废理由"):
        void_opinion(ledger, rec.opinion_ids[1], "")


def _pdf_text(report) -> str:
    out = BytesIO()
    render_register_pdf(report, out, date(2026, 11, 20))
    return "".join(p.extract_text() for p in PdfReader(BytesIO(out.getvalue())).pages).replace(" ", "")


def test_reprinted_month_shows_corrected_values_marked_and_voided_rows_marked(ledger: Ledger, basics) -> None:
    kept = register(ledger, basics, WHEN, matter="第一条：村口道路坑洼", phone="19900000001")
    fixed = register(ledger, basics, WHEN + timedelta(hours=1), matter="第二条：路灯损坏", phone="19900000002")
    gone = register(ledger, basics, WHEN + timedelta(hours=2), matter="第三条：误登记的接待", phone="19900000003")
    correct_reception(ledger, fixed.id, ReceptionCorrection(reason="内容记错", matter="第二条：水渠堵塞"))
    correct_opinion(ledger, kept.opinion_ids[0], OpinionCorrection(reason="内容记错", content="第一条意见已更正内容"))
    void_reception(ledger, gone.id, "重复登记")
    report = build_report(ledger, "reception", 2026, 11, mask=False)
    rows = report.main.rows
    assert [r[7] for r in rows] == ["第一条：村口道路坑洼", "第二条：水渠堵塞", "第三条：误登记的接待"]
    assert rows[1][-1].startswith("【已更正】") and rows[2][-1].startswith("【作废】重复登记")
    assert not rows[0][-1].startswith("【")
    assert report.main.struck_rows == {2}
    assert "本月接待 2 次" in report.notes[0] and "作废记录 1 条" in report.notes[0]
    text = _pdf_text(report)
    assert "第二条：水渠堵塞" in text and "路灯损坏" not in text
    assert "【已更正】" in text and "【作废】重复登记" in text
    ops = build_report(ledger, "opinions", 2026, 11, mask=False)
    marks = {r[4]: r[9] for r in ops.main.rows}
    assert marks["第一条意见已更正内容"].startswith("【已更正】")
    assert sum(1 for m in marks.values() if m.startswith("【作废】重复登记")) == 1
    assert len(ops.main.struck_rows) == 1
    assert "【作废】重复登记" in _pdf_text(ops)


def test_cli_corrects_and_voids(ledger: Ledger, basics, db_path, capsys) -> None:
    rec = register(ledger, basics, WHEN, route="transfer", phone="19900001234")
    ledger.close()
    code = main(["correct-reception", "--db", str(db_path), rec.id, "--reason", "电话记错", "--phone",
                 "139 0000 5678", "--way", "走访", "--deputies", "王五"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0 and "第 1 次更正" in out and "13900005678" in out and "随之更正意见" in out
    assert main(["find-record", "--db", str(db_path), "139-0000-5678"]) == 0
    assert rec.id in capsys.readouterr().out
    code = main(["correct-opinion", "--db", str(db_path), rec.opinion_ids[0], "--reason", "x", "--category", "无此类"])
    assert code == 2 and "没有名为“无此类”的意见类别" in capsys.readouterr().err
    assert main(["void-opinion", "--db", str(db_path), rec.opinion_ids[0], "--reason", "误登记"]) == 0
    assert main(["void-reception", "--db", str(db_path), rec.id, "--reason", "误登记"]) == 0
    assert "随之作废意见" not in capsys.readouterr().out  # its only opinion was voided already
    assert main(["void-reception", "--db", str(db_path), rec.id, "--reason", "误登记"]) == 2
    assert "不能再次作废" in capsys.readouterr().err
    led = Ledger.open(db_path)
    try:
        r = receptions.get_reception(led, rec.id)
        assert r.voided and r.way == "home_visit" and r.deputy_names == ("王五",)
    finally:
        led.close()

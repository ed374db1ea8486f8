"""The one write path: every operation writes all of its rows, events, audit and outbox entries, or none."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from heshi_station.ledger import attendance, opinions, receptions, reference_data
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import DeputyInput
from heshi_station.ledger.errors import InvalidStep, LedgerError, ValidationFailed
from tests.conftest import FIXED_NOW
from tests.factories import Basics, reception_input, register, set_up_basics, table_counts


@pytest.fixture
def basics(ledger: Ledger) -> Basics:
    return set_up_basics(ledger)


def _outbox(path: Path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT seq, entity, entity_id, op, op_id FROM outbox ORDER BY seq").fetchall()
    finally:
        con.close()


def _audit(path: Path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT entity, entity_id, action FROM audit_log ORDER BY rowid").fetchall()
    finally:
        con.close()


def _add_failing_trigger(path: Path, table: str, when: str) -> None:
    con = sqlite3.connect(path)
    with con:
        con.execute(
            f"CREATE TRIGGER test_fail BEFORE INSERT ON {table} WHEN {when} BEGIN SELECT RAISE(ABORT, 'boom'); END"
        )
    con.close()


def _drop_failing_trigger(path: Path) -> None:
    con = sqlite3.connect(path)
    with con:
        con.execute("DROP TRIGGER test_fail")
    con.close()


# ------------------------------------------------------------------------------- validation failures
def test_failed_validation_writes_nothing(ledger: Ledger, basics: Basics, db_path: Path) -> None:
    register(ledger, basics, FIXED_NOW)
    before = table_counts(db_path)
    bad_inputs = []
    inp = reception_input(basics, FIXED_NOW, phone="1234")
    bad_inputs.append(inp)
    inp = reception_input(basics, FIXED_NOW + timedelta(days=1))
    bad_inputs.append(inp)
    inp = reception_input(basics, FIXED_NOW, opinions=3)
    inp.opinions[2].lead_unit_id = "no-such-unit"  # the LAST opinion is bad: the first two must not be written
    bad_inputs.append(inp)
    inp = reception_input(basics, FIXED_NOW, opinions=2)
    inp.opinions[1].deputy_ids = ["no-such-deputy"]
    bad_inputs.append(inp)
    for inp in bad_inputs:
        with pytest.raises(ValidationFailed):
            receptions.register_reception(ledger, inp)
        assert table_counts(db_path) == before
    with pytest.raises(ValidationFailed):
        reference_data.save_deputy(ledger, DeputyInput(name="", level="city", phone="abc"))
    with pytest.raises(ValidationFailed):
        reference_data.save_unit(ledger, "测试街道办事处", "township_gov")  # duplicate name
    with pytest.raises(LedgerError):
        attendance.record_attendance(ledger, basics.deputies[0], FIXED_NOW.date() + timedelta(days=3), "出席")
    assert table_counts(db_path) == before


def test_opinion_deputy_that_does_not_exist_is_a_clear_validation_error(ledger: Ledger, basics: Basics) -> None:
    # Core bug fixed on this branch: this used to escape as SQLAlchemy's FlushError (rolled back, but no
    # Chinese message saying which field was wrong).
    inp = reception_input(basics, FIXED_NOW, opinions=2)
    inp.opinions[1].deputy_ids = [basics.deputies[0], "no-such-deputy"]
    with pytest.raises(ValidationFailed) as info:
        receptions.register_reception(ledger, inp)
    assert [e.field for e in info.value.errors] == ["opinions[1].deputy_ids"]
    assert "代表不存在" in info.value.errors[0].message and "意见2" in info.value.errors[0].label


def test_rejected_handling_step_writes_nothing(ledger: Ledger, basics: Basics, db_path: Path) -> None:
    rec = register(ledger, basics, FIXED_NOW - timedelta(days=3))
    oid = rec.opinion_ids[0]
    before = table_counts(db_path)
    with pytest.raises(InvalidStep):
        opinions.record_satisfaction(ledger, oid, "满意")
    with pytest.raises(InvalidStep):
        opinions.close(ledger, oid)
    with pytest.raises(ValidationFailed):
        opinions.urge(ledger, oid, "   ")
    with pytest.raises(ValidationFailed):
        opinions.accept(ledger, oid, when=FIXED_NOW + timedelta(days=1))
    with pytest.raises(ValidationFailed):
        opinions.accept(ledger, oid, when=FIXED_NOW - timedelta(days=30))  # before it was registered
    with pytest.raises(ValidationFailed):
        opinions.feed_back(ledger, oid, "飞鸽传书")
    assert table_counts(db_path) == before


# ------------------------------------------------------------------------------- failures mid-way
@pytest.mark.parametrize(
    ("table", "when"),
    [
        ("outbox", "NEW.entity = 'opinion_event'"),  # after reception, visitors and opinions were flushed
        ("audit_log", "NEW.action = 'opinion.transferred'"),  # the very last audit row of the operation
        ("opinion_event", "NEW.kind = 'transferred'"),
        ("visitor", "NEW.position = 1"),
    ],
)
def test_failure_mid_way_leaves_nothing(ledger: Ledger, basics: Basics, db_path: Path, table: str, when: str) -> None:
    register(ledger, basics, FIXED_NOW)
    before = table_counts(db_path)
    outbox_before = _outbox(db_path)
    _add_failing_trigger(db_path, table, when)
    with pytest.raises(Exception, match="boom"):
        register(ledger, basics, FIXED_NOW, opinions=2, visitors=2, matter="中途失败的接待不应留下任何记录")
    _drop_failing_trigger(db_path)
    assert table_counts(db_path) == before
    # The sequence numbers the failed transaction used are not burnt: the next write continues gap-free.
    register(ledger, basics, FIXED_NOW)
    seqs = [r[0] for r in _outbox(db_path)]
    assert seqs == list(range(1, len(seqs) + 1))
    assert len(seqs) > len(outbox_before)


def test_failure_mid_way_in_a_handling_step_leaves_nothing(ledger: Ledger, basics: Basics, db_path: Path) -> None:
    rec = register(ledger, basics, FIXED_NOW - timedelta(days=5), route="on_spot")
    oid = rec.opinion_ids[0]
    before = table_counts(db_path)
    # 不满意 appends two events (satisfaction + reopened); make the second one fail.
    _add_failing_trigger(db_path, "opinion_event", "NEW.kind = 'reopened'")
    with pytest.raises(Exception, match="boom"):
        opinions.record_satisfaction(ledger, oid, "不满意")
    _drop_failing_trigger(db_path)
    assert table_counts(db_path) == before
    op = opinions.get_opinion(ledger, oid)
    assert op.state == "fed_back" and op.satisfaction is None


def test_one_failing_operation_inside_a_batch_does_not_take_the_others_down(
    ledger: Ledger, basics: Basics, db_path: Path
) -> None:
    before = table_counts(db_path)
    with ledger.batch():
        ok1 = register(ledger, basics, FIXED_NOW, matter="批量导入第一条")
        with pytest.raises(ValidationFailed):
            bad = reception_input(basics, FIXED_NOW, opinions=2)
            bad.opinions[1].lead_unit_id = None
            receptions.register_reception(ledger, bad)
        ok2 = register(ledger, basics, FIXED_NOW, matter="批量导入第二条")
    after = table_counts(db_path)
    assert after["reception"] == before["reception"] + 2
    assert after["opinion"] == before["opinion"] + 2
    assert {r.id for r in receptions.list_receptions(ledger)} == {ok1.id, ok2.id}


def test_a_batch_that_raises_writes_nothing(ledger: Ledger, basics: Basics, db_path: Path) -> None:
    before = table_counts(db_path)
    with pytest.raises(RuntimeError), ledger.batch():
        register(ledger, basics, FIXED_NOW)
        raise RuntimeError("导入中断")
    assert table_counts(db_path) == before


# ----------------------------------------------------------------------- successful operations
def test_each_change_has_one_audit_row_and_one_outbox_row(ledger: Ledger, basics: Basics, db_path: Path) -> None:
    audit0, outbox0 = len(_audit(db_path)), len(_outbox(db_path))
    rec = register(ledger, basics, FIXED_NOW - timedelta(days=10), opinions=2, visitors=3)
    # reception + per opinion (opinion row, registered event, transferred event)
    expected = [("reception", rec.id)]
    con = sqlite3.connect(db_path)
    for oid in rec.opinion_ids:
        expected.append(("opinion", oid))
        for (eid,) in con.execute("SELECT id FROM opinion_event WHERE opinion_id = ?", (oid,)):
            expected.append(("opinion_event", eid))
    con.close()
    assert len(expected) == 1 + 2 * 3
    new_outbox = _outbox(db_path)[outbox0:]
    new_audit = _audit(db_path)[audit0:]
    assert sorted((e, i) for _, e, i, _, _ in new_outbox) == sorted(expected)
    assert sorted((e, i) for e, i, _ in new_audit) == sorted(expected)

    oid = rec.opinion_ids[0]
    steps = [
        lambda: opinions.accept(ledger, oid, when=FIXED_NOW - timedelta(days=9)),
        lambda: opinions.urge(ledger, oid, "请加快", when=FIXED_NOW - timedelta(days=8)),
        lambda: opinions.record_reply(ledger, oid, "已修复", when=FIXED_NOW - timedelta(days=7)),
        lambda: opinions.feed_back(ledger, oid, "电话", when=FIXED_NOW - timedelta(days=6)),
        lambda: opinions.record_satisfaction(ledger, oid, "不满意", when=FIXED_NOW - timedelta(days=5)),
    ]
    for step, n_events in zip(steps, (1, 1, 1, 1, 2), strict=True):
        a0, o0 = len(_audit(db_path)), len(_outbox(db_path))
        step()
        new_outbox = _outbox(db_path)[o0:]
        new_audit = _audit(db_path)[a0:]
        assert len(new_outbox) == len(new_audit) == n_events
        assert [(e, i) for _, e, i, _, _ in new_outbox] == [(e, i) for e, i, _ in new_audit]
        assert all(op == "append" and e == "opinion_event" for _, e, _, op, _ in new_outbox)
    all_outbox = _outbox(db_path)
    seqs = [r[0] for r in all_outbox]
    assert seqs == list(range(1, len(seqs) + 1))  # strictly increasing, no gaps
    assert len({r[4] for r in all_outbox}) == len(all_outbox)  # op ids unique


def test_cached_state_is_written_with_the_event(ledger: Ledger, basics: Basics, db_path: Path) -> None:
    rec = register(ledger, basics, FIXED_NOW - timedelta(days=2))
    oid = rec.opinion_ids[0]
    opinions.accept(ledger, oid, when=FIXED_NOW - timedelta(days=1))
    con = sqlite3.connect(db_path)
    state, lead = con.execute("SELECT state, lead_unit_id FROM opinion WHERE id = ?", (oid,)).fetchone()
    con.close()
    assert (state, lead) == ("handling", basics.units[1])


def test_import_with_source_key_is_idempotent(ledger: Ledger, basics: Basics, db_path: Path) -> None:
    inp = reception_input(basics, datetime(2026, 11, 2, 9, 0).astimezone())
    inp.source_key = "import:2026-11:row-7"
    first = receptions.register_reception(ledger, inp)
    counts = table_counts(db_path)
    again = receptions.register_reception(ledger, inp)
    assert again.id == first.id
    assert table_counts(db_path) == counts


def test_reference_and_attendance_operations_write_one_audit_and_one_outbox_row(
    ledger: Ledger, basics: Basics, db_path: Path
) -> None:
    from datetime import time as clock_time

    ops = [
        ("deputy", lambda: reference_data.save_deputy(ledger, DeputyInput(name="周九", level="township")).id),
        (
            "deputy",
            lambda: reference_data.save_deputy(ledger, DeputyInput(name="周九", level="city"), basics.deputies[2]).id,
        ),
        ("handling_unit", lambda: reference_data.save_unit(ledger, "区住建局", "department").id),
        ("category", lambda: reference_data.save_category(ledger, "城乡建设", 12).id),
        (
            "reception_day",
            lambda: (
                attendance.plan_reception_day(
                    ledger, FIXED_NOW.date(), clock_time(9), clock_time(11), "联络站", basics.deputies[:2]
                ).id
            ),
        ),
        ("attendance", lambda: attendance.record_attendance(ledger, basics.deputies[0], FIXED_NOW.date(), "出席").id),
    ]
    for entity, op in ops:
        a0, o0 = len(_audit(db_path)), len(_outbox(db_path))
        entity_id = op()
        assert [(e, i) for e, i, _ in _audit(db_path)[a0:]] == [(entity, entity_id)]
        assert [(e, i) for _, e, i, _, _ in _outbox(db_path)[o0:]] == [(entity, entity_id)]
    # A local setting is audited but never sent to the centre.
    a0, o0 = len(_audit(db_path)), len(_outbox(db_path))
    reference_data.set_setting(ledger, "print.mask_phone", "1")
    assert len(_audit(db_path)) == a0 + 1 and len(_outbox(db_path)) == o0
    seqs = [r[0] for r in _outbox(db_path)]
    assert seqs == list(range(1, len(seqs) + 1))

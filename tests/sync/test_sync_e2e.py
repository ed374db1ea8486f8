"""End-to-end: a real station ledger syncs with a real centre process (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from heshi_centre import admin
from heshi_station.db.models import CalendarDay, CalendarYear, Deputy, OpinionEvent, OutboxEntry
from heshi_station.ledger import opinions
from heshi_station.ledger.context import Ledger
from heshi_station.sync.engine import run_sync
from heshi_station.sync.status import fixup_list
from tests.conftest import FIXED_NOW
from tests.factories import register, set_up_basics
from tests.sync.conftest import BOTH_BACKENDS
from tests.sync.helpers import (
    centre_op_counts,
    centre_snapshot,
    connect_station,
    outbox_statuses,
    publish_unchecked_holiday_year,
    station_snapshot,
)


def _station(ledger, db_path, centre, code):
    basics = set_up_basics(ledger, code)
    for i in range(5):
        register(ledger, basics, FIXED_NOW - timedelta(days=10 - i), opinions=2, visitors=2)
    return basics, connect_station(ledger, db_path, centre.factory, centre.url, code)


@BOTH_BACKENDS
def test_push_then_pull_lands_every_record_exactly_once(ledger, db_path, centre, station_code):
    basics, st = _station(ledger, db_path, centre, station_code)
    waiting = ledger.pending_outbox_count()
    assert waiting > 20

    result = run_sync(ledger)

    assert result.sent == waiting and result.applied == waiting and result.rejected == 0
    assert ledger.pending_outbox_count() == 0
    assert centre_snapshot(centre.factory, st.code) == station_snapshot(ledger)
    counts = centre_op_counts(centre.factory, st.code)
    assert counts["ops"] == counts["distinct_ops"] == waiting and counts["duplicates"] == 0

    # New work after the first sync goes in the next one, and nothing else is re-sent.
    register(ledger, basics, FIXED_NOW - timedelta(days=1))
    again = run_sync(ledger)
    assert again.sent == ledger_ops_after(ledger, waiting) and again.duplicate == 0
    assert centre_snapshot(centre.factory, st.code) == station_snapshot(ledger)
    assert run_sync(ledger).sent == 0


def ledger_ops_after(ledger, seq):
    with ledger.read() as s:
        return s.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.seq > seq))


@BOTH_BACKENDS
def test_centre_changes_reach_the_station_without_being_pushed_back(ledger, db_path, centre, tmp_path, station_code):
    _basics, st = _station(ledger, db_path, centre, station_code)
    run_sync(ledger)
    opinion_id = _a_transferred_opinion(ledger)
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "姓名,性别,代表层级,选区,电话\n赵六,男,市,东风村,19900005678\n钱七,女,乡(镇),西风村,\n", encoding="utf-8"
    )
    with centre.factory.begin() as s:
        admin.load_reference(s, "roster", roster, st.code)
        admin.load_holidays(s, years=[2025, 2026])
        event_id, _ = admin.record_event(
            s,
            st.code,
            opinion_id,
            "办理答复",
            data={"reply": "已安排施工队修复路面"},
            actor="区交通运输局",
            occurred_at=FIXED_NOW - timedelta(hours=1),
        )
    pending_before = ledger.pending_outbox_count()
    outbox_before = ledger_ops_after(ledger, 0)

    result = run_sync(ledger)

    assert result.pulled.deputies == 2 and result.pulled.events == 1 and result.pulled.calendar_years >= 2
    assert ledger_ops_after(ledger, 0) == outbox_before and ledger.pending_outbox_count() == pending_before == 0
    record = opinions.get_opinion(ledger, opinion_id)
    assert record.state == "replied"
    with ledger.read() as s:
        ev = s.get(OpinionEvent, event_id)
        assert ev.source == "centre" and ev.actor == "区交通运输局"
        names = set(s.scalars(select(Deputy.name).where(Deputy.source == "centre")))
        assert names == {"赵六", "钱七"}
        assert s.get(CalendarYear, 2026).source.startswith("市中心")
    # A second pull brings nothing new and applies nothing twice.
    again = run_sync(ledger)
    assert again.received == 0
    with ledger.read() as s:
        assert s.scalar(select(func.count()).select_from(OpinionEvent).where(OpinionEvent.id == event_id)) == 1
    # The station's own records are still exactly what the centre holds.
    assert centre_snapshot(centre.factory, st.code) == station_snapshot(ledger)


def _a_transferred_opinion(ledger):
    from heshi_station.ledger.queries import OpinionFilter, list_opinions

    rows = list_opinions(ledger, OpinionFilter(states=["transferred"]), limit=10)
    assert rows, "the factory registers transferred opinions"
    return rows[0].id


def test_pulled_holiday_year_replaces_the_stations_rows(ledger, db_path, own_centre, tmp_path, station_code):
    import json

    from heshi_protocol.workdays import bundled_calendar_path

    centre = own_centre  # changes the city-wide holiday table: not on the shared centre
    _station(ledger, db_path, centre, station_code)
    bundled = json.loads(bundled_calendar_path().read_text(encoding="utf-8"))["years"]["2026"]
    year_2026 = {"holidays": [*bundled["holidays"], ["2026-12-01", "测试假日"]], "workdays": bundled["workdays"]}
    table = {"source": "测试节假日表", "years": {"2026": year_2026}}
    path = tmp_path / "cal.json"
    path.write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    with centre.factory.begin() as s:
        admin.load_holidays(s, path)
    assert ledger.calendar().is_working_day(FIXED_NOW.date().replace(day=1, month=12))

    run_sync(ledger)

    with ledger.read() as s:
        days = s.scalars(select(CalendarDay.day).where(CalendarDay.day.between("2026-01-01", "2026-12-31"))).all()
    assert sorted(d.isoformat() for d in days) == sorted(d for d, _ in year_2026["holidays"] + year_2026["workdays"])
    assert not ledger.calendar().is_working_day(FIXED_NOW.date().replace(day=1, month=12))


def test_a_bad_holiday_table_from_the_centre_is_refused_and_the_rest_syncs(
    ledger, db_path, own_centre, tmp_path, station_code
):
    """An older centre may still send a table that fails the checks: the station refuses it whole, says so,
    and applies everything else (here: a roster change sent after it)."""

    centre = own_centre
    _st_basics, st = _station(ledger, db_path, centre, station_code)
    run_sync(ledger)
    roster = tmp_path / "roster.csv"
    roster.write_text("姓名,性别,代表层级,选区,电话\n赵六,男,市,东风村,19900005678\n", encoding="utf-8")
    with centre.factory.begin() as s:
        # Straight into the feed, past the centre's own checks (as an older centre would have stored it).
        days = [["2027-01-01", False, "元旦"], ["2027-01-01", True, "元旦"]]
        publish_unchecked_holiday_year(s, 2027, "旧版市中心", days)
    with centre.factory.begin() as s:
        admin.load_reference(s, "roster", roster, st.code)

    result = run_sync(ledger)

    assert result.pulled.calendar_years == 0 and result.pulled.deputies == 1
    (refusal,) = result.pulled.refused_calendars
    assert refusal.startswith("市中心发来的 2027 年节假日表有") and "第2条" in refusal
    assert not ledger.calendar().covers(2027)
    with ledger.read() as s:
        assert s.get(CalendarYear, 2027) is None
        assert "赵六" in set(s.scalars(select(Deputy.name)))


def test_a_rejected_record_goes_to_the_fixup_list_and_does_not_block_the_rest(ledger, db_path, centre, station_code):
    basics, st = _station(ledger, db_path, centre, station_code)
    with ledger.write() as s:
        ledger.record_change(
            s,
            "test.bogus",
            "opinion_event",
            "no-such-event",
            {"id": "no-such-event", "opinion_id": "missing", "kind": "note", "occurred_at": FIXED_NOW.isoformat()},
            op="append",
        )
    register(ledger, basics, FIXED_NOW - timedelta(days=1))

    result = run_sync(ledger)

    assert result.rejected == 1 and result.applied == result.sent - 1
    rejected = fixup_list(ledger)
    assert len(rejected) == 1 and rejected[0].reject_code == "unknown_opinion"
    assert "意见" in rejected[0].reject_message and rejected[0].entity_label == "办理记录"
    assert outbox_statuses(ledger) == {"applied": result.sent - 1, "rejected": 1}
    assert centre_snapshot(centre.factory, st.code) == station_snapshot(ledger)


def test_second_ledger_instance_sees_same_state(db_path, ledger, centre, station_code):
    _station(ledger, db_path, centre, station_code)
    run_sync(ledger)
    other = Ledger.open(db_path)
    try:
        assert other.pending_outbox_count() == 0
    finally:
        other.close()

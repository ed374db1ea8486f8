"""The structured tables (c0002): kept current by real pushes, states equal to the station's own fold,
centre events re-derive the state, and a database holding only JSON records is migrated by the revision."""

from __future__ import annotations

from datetime import timedelta

from alembic import command
from sqlalchemy import func, select

from heshi_centre import admin
from heshi_centre.console.overview_summary import LedgerMonthSummary
from heshi_centre.console.search_index import LedgerOpinionBigram
from heshi_centre.db import alembic_config, make_engine, open_database
from heshi_centre.ledger_models import (
    LedgerAttendance,
    LedgerOpinion,
    LedgerOpinionEvent,
    LedgerOpinionUnit,
    LedgerReception,
    LedgerUnit,
)
from heshi_centre.models import CentreStation, StationRecord
from heshi_station.ledger.queries import OpinionFilter, list_opinions
from heshi_station.sync.engine import run_sync
from tests.conftest import FIXED_NOW
from tests.factories import register, set_up_basics
from tests.sync.conftest import BOTH_BACKENDS
from tests.sync.helpers import connect_station


def _synced_station(ledger, db_path, centre, code):
    basics = set_up_basics(ledger, code)
    for i in range(4):
        register(ledger, basics, FIXED_NOW - timedelta(days=20 - i), opinions=2, visitors=2)
    register(ledger, basics, FIXED_NOW - timedelta(days=3), route="on_spot")
    st = connect_station(ledger, db_path, centre.factory, centre.url, code)
    result = run_sync(ledger)
    assert result.rejected == 0
    return basics, st


def _centre_states(factory, code) -> dict[str, tuple]:
    with factory() as s:
        station = s.scalar(select(CentreStation).where(CentreStation.code == code))
        rows = s.scalars(select(LedgerOpinion).where(LedgerOpinion.station_id == station.id))
        return {r.id: (r.state, r.lead_unit_id, r.due_date) for r in rows}


def _station_states(ledger) -> dict[str, tuple]:
    return {o.id: (o.state, o.lead_unit_id, o.due_date) for o in list_opinions(ledger, OpinionFilter(), limit=1000)}


@BOTH_BACKENDS
def test_push_fills_the_tables_with_the_stations_own_states(ledger, db_path, centre, station_code):
    _basics, st = _synced_station(ledger, db_path, centre, station_code)

    assert _centre_states(centre.factory, st.code) == _station_states(ledger)
    with centre.factory() as s:
        sid = s.scalar(select(CentreStation.id).where(CentreStation.code == st.code))
        receptions = s.scalars(select(LedgerReception).where(LedgerReception.station_id == sid)).all()
        assert len(receptions) == 5
        # Two visitors of group sizes 1 and 2 on four receptions, one of size 1 on the fifth.
        assert sum(r.people for r in receptions) == 4 * 3 + 1
        assert {r.month for r in receptions} <= {
            (FIXED_NOW - timedelta(days=d)).strftime("%Y-%m") for d in range(0, 21)
        }
        events = s.scalar(
            select(func.count()).select_from(LedgerOpinionEvent).where(LedgerOpinionEvent.station_id == sid)
        )
        leads = dict(
            s.execute(
                select(LedgerOpinionUnit.opinion_id, LedgerOpinionUnit.unit_id).where(
                    LedgerOpinionUnit.station_id == sid, LedgerOpinionUnit.role == "lead"
                )
            ).all()
        )
        assert leads == {i: lead for i, (_state, lead, _due) in _station_states(ledger).items() if lead}
        unit_names = set(s.scalars(select(LedgerUnit.name).where(LedgerUnit.station_id == sid)))
        assert "区交通运输局" in unit_names
        assert events == s.scalar(
            select(func.count())
            .select_from(StationRecord)
            .where(StationRecord.station_id == sid, StationRecord.entity == "opinion_event")
        )


@BOTH_BACKENDS
def test_a_centre_reply_changes_the_state_at_once_and_after_the_stations_sync(ledger, db_path, centre, station_code):
    _basics, st = _synced_station(ledger, db_path, centre, station_code)
    transferred = [i for i, (state, *_rest) in _station_states(ledger).items() if state == "transferred"]
    with centre.factory.begin() as s:
        admin.record_event(s, st.code, transferred[0], "签收", occurred_at=FIXED_NOW - timedelta(hours=3))
        admin.record_event(
            s, st.code, transferred[0], "办理答复", data={"reply": "已修复"}, occurred_at=FIXED_NOW - timedelta(hours=2)
        )
    assert _centre_states(centre.factory, st.code)[transferred[0]][0] == "replied"

    run_sync(ledger)

    assert _station_states(ledger)[transferred[0]][0] == "replied"
    assert _centre_states(centre.factory, st.code) == _station_states(ledger)


def test_the_revision_migrates_records_stored_as_json(ledger, db_path, tmp_path, station_code):
    # A station's records as an older centre stored them: JSON only, at revision c0001.
    url = f"sqlite+pysqlite:///{tmp_path / 'old.sqlite3'}"
    engine = make_engine(url)
    command.upgrade(alembic_config(engine), "c0001")
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO centre_station (code, name, district, township, created_at, push_cursor) "
                             "VALUES ('OLD-1', '旧站', '测试区', '', '2026-01-01', 3)")  # fmt: skip
        sid = conn.exec_driver_sql("SELECT id FROM centre_station").scalar()
        rows = [
            ("opinion", "op-1", {"id": "op-1", "content": "村口路灯不亮", "registered_on": "2026-03-02",
             "route": "transfer"}),
            ("opinion_event", "ev-1", {"id": "ev-1", "opinion_id": "op-1", "kind": "transferred",
             "occurred_at": "2026-03-02T09:00:00+08:00", "data": {"lead_unit_id": "u-1", "due_date": "2026-03-16"}}),
            ("opinion_event", "ev-2", {"id": "ev-2", "opinion_id": "op-1", "kind": "accepted",
             "occurred_at": "2026-03-03T09:00:00+08:00", "data": {}}),
            ("attendance", "at-1", {"id": "at-1", "deputy_id": "d-1", "day": "2026-03-02", "status": "present"}),
            ("reception", "r-1", {"id": "r-1", "received_at": "not a time", "matter": "路灯", "visitors": [{}]}),
        ]  # fmt: skip
        import json

        for n, (entity, eid, payload) in enumerate(rows, start=1):
            conn.exec_driver_sql(
                "INSERT INTO station_record (station_id, entity, entity_id, payload, seq, updated_at) "
                "VALUES (?, ?, ?, ?, ?, '2026-03-03')",
                (sid, entity, eid, json.dumps(payload, ensure_ascii=False), n),
            )
    engine.dispose()

    _engine, factory = open_database(url)

    with factory() as s:
        o = s.get(LedgerOpinion, (sid, "op-1"))
        assert (o.state, o.lead_unit_id, o.month, o.due_date.isoformat()) == (
            "handling",
            "u-1",
            "2026-03",
            "2026-03-16",
        )
        assert s.get(LedgerAttendance, (sid, "at-1")).month == "2026-03"
        bad = s.get(LedgerReception, (sid, "r-1"))
        assert bad.received_at is None and bad.month == "" and bad.people == 1
        # c0005 filled the search index and the overview summary from what c0002 projected.
        pairs = set(s.scalars(select(LedgerOpinionBigram.bigram).where(LedgerOpinionBigram.opinion_id == "op-1")))
        assert pairs == {"村口", "口路", "路灯", "灯不", "不亮"}
        march = s.get(LedgerMonthSummary, (sid, "2026-03"))
        assert (march.opinions, march.transferred, march.receptions) == (1, 1, 0)

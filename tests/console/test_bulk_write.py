"""``bulk_write`` has the same effect on PostgreSQL (rows as one JSON parameter, ``json_to_recordset``) and
SQLite (Core executemany): a value too long for its column is not refused (projecting must never refuse a
push) — PostgreSQL cuts it as an explicit cast does, SQLite keeps it —, Python-side defaults are applied, JSON
keeps its structure, and ``delete_where`` honours its extra column filters."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from heshi_centre import admin
from heshi_centre.bulk_write import (
    delete_where,
    insert_rows,
    pipeline,
    text_array,
    update_rows,
    upsert_rows,
    where_in,
)
from heshi_centre.db import open_database
from heshi_centre.duty_models import LedgerRecordDeputy
from heshi_centre.ledger_models import LedgerOpinion
from tests.sync.centre_process import drop_pg_schema, new_pg_schema, postgres_reachable


@pytest.fixture(params=["sqlite", "postgresql"])
def factory(request, tmp_path):
    if request.param == "sqlite":
        engine, factory = open_database(f"sqlite:///{tmp_path / 'centre.sqlite3'}")
        yield factory
        engine.dispose()
        return
    if reason := postgres_reachable():
        pytest.skip(reason)
    url, schema = new_pg_schema()
    engine, factory = open_database(url)
    try:
        yield factory
    finally:
        engine.dispose()
        drop_pg_schema(schema)


def test_bulk_writes_cut_long_values_keep_json_apply_defaults_and_filter_deletes(factory):
    with factory.begin() as s:
        sid = admin.add_station(s, "BW-01", "批量写入站").id
    with factory.begin() as s, pipeline(s):
        upsert_rows(s, LedgerOpinion, [
            {"station_id": sid, "id": "o1", "content": "路灯不亮", "month": "2026-03",
             "registered_on": date(2026, 3, 2), "confidential": False, "search_text": "路灯不亮"},
        ])  # fmt: skip
        update_rows(s, LedgerOpinion, [
            {"station_id": sid, "id": "o1", "lead_unit_id": "u" * 80, "assist_unit_ids": ["a", "b"],
             "last_event_at": datetime(2026, 3, 5, 9, 30, tzinfo=UTC), "urge_count": 2},
        ])  # fmt: skip
        insert_rows(s, LedgerRecordDeputy, [
            {"station_id": sid, "entity": e, "record_id": "r1", "deputy_id": "d1", "day": date(2026, 3, 2)}
            for e in ("reception", "opinion")
        ])  # fmt: skip
        delete_where(s, LedgerRecordDeputy, sid, "record_id", ["r1"], entity="reception")
    with factory() as s:
        postgres = s.get_bind().dialect.name == "postgresql"
        o = s.scalars(select(LedgerOpinion)).one()
        links = s.execute(select(LedgerRecordDeputy.entity, LedgerRecordDeputy.people, LedgerRecordDeputy.voided)).all()
    assert o.lead_unit_id == "u" * (64 if postgres else 80)  # SQLite does not enforce VARCHAR lengths
    assert o.assist_unit_ids == ["a", "b"]
    at = o.last_event_at if o.last_event_at.tzinfo else o.last_event_at.replace(tzinfo=UTC)  # SQLite: naive UTC
    assert at == datetime(2026, 3, 5, 9, 30, tzinfo=UTC)
    assert (o.urge_count, o.registered_on, o.content) == (2, date(2026, 3, 2), "路灯不亮")
    assert [tuple(r) for r in links] == [("opinion", 0, False)]  # defaults applied; only the filtered row deleted


# Ids a station may send (the shared schema's ``Id``): quotes, backslashes, commas, braces, spaces, the
# word NULL and CJK are all data, never array syntax.
AWKWARD_IDS = ['a"b', "c\\d", "e,f", "{g}", " h ", "NULL", "路灯", 'x\\"y', "", "'q'"]


def test_ids_with_array_syntax_in_them_are_found_and_deleted_exactly(factory):
    with factory.begin() as s:
        sid = admin.add_station(s, "BW-02", "批量写入站").id
    plain = [f"p{i}" for i in range(5)]
    with factory.begin() as s, pipeline(s):
        upsert_rows(s, LedgerOpinion, [
            {"station_id": sid, "id": i, "content": "内容", "month": "2026-03", "search_text": "内容"}
            for i in AWKWARD_IDS + plain
        ])  # fmt: skip
    with factory() as s:
        found = set(s.scalars(where_in(s, select(LedgerOpinion.id), LedgerOpinion.id, [*AWKWARD_IDS, "absent"])))
    assert found == set(AWKWARD_IDS)
    with factory.begin() as s, pipeline(s):
        delete_where(s, LedgerOpinion, sid, "id", AWKWARD_IDS)
    with factory() as s:
        assert sorted(s.scalars(select(LedgerOpinion.id))) == plain


def test_text_array_reads_back_as_the_same_list():
    if reason := postgres_reachable():
        pytest.skip(reason)
    import psycopg

    from tests.sync.centre_process import PG_ADMIN_URL

    values = [*AWKWARD_IDS, None, "tab\there", "new\nline"]
    with psycopg.connect(PG_ADMIN_URL) as conn:
        assert conn.execute("SELECT %s::text[]", (text_array(values),)).fetchone()[0] == values

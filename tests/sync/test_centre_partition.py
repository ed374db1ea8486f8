"""``heshi-centre partition --plan`` on real PostgreSQL: the printed script partitions a populated centre by
station, keeps every row, and the real push, centre-event and pull code keeps working on the result."""

from __future__ import annotations

import pytest
from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table, UniqueConstraint, func, select, text

from heshi_centre import admin, feed
from heshi_centre.cli import main
from heshi_centre.db import open_database
from heshi_centre.models import Base, CentreStation
from heshi_centre.partition import GROWING_TABLES, PartitionPlanRefused, partition_plan, plan_problems
from tests.console.helpers import seed_station
from tests.sync.centre_process import drop_pg_schema, new_pg_schema, postgres_reachable


def test_the_models_keep_every_growing_tables_keys_partitionable():
    assert plan_problems() == []
    broken = MetaData()
    for t in Base.metadata.tables.values():
        t.to_metadata(broken)
    received = broken.tables["received_op"]
    received.append_constraint(UniqueConstraint("op_id", name="uq_op_alone"))
    Table("op_note", broken, Column("id", Integer, primary_key=True), Column("op", ForeignKey("received_op.id")))
    problems = plan_problems(broken)
    assert any("uq_op_alone" in p for p in problems) and any("op_note" in p for p in problems)
    with pytest.raises(PartitionPlanRefused):
        partition_plan(metadata=broken)


def test_partition_cli_prints_the_plan(capsys):
    assert main(["partition", "--plan", "--partitions", "4"]) == 0
    out = capsys.readouterr().out
    assert out.count("PARTITION BY HASH") == len(GROWING_TABLES) and out.rstrip().endswith("COMMIT;")


def counts(factory) -> dict[str, int]:
    with factory.begin() as s:
        return {t: s.scalar(select(func.count()).select_from(Base.metadata.tables[t])) for t in GROWING_TABLES}


def test_the_plan_partitions_a_populated_centre_and_everything_keeps_working():
    if reason := postgres_reachable():
        pytest.skip(reason)
    url, schema = new_pg_schema()
    engine, factory = open_database(url)
    try:
        first = seed_station(factory, district="甲区", unit="城管局", contents=["路灯不亮", "占道经营"])
        with factory.begin() as s:
            admin.record_event(s, first.code, first.opinion_ids[0], "urged", note="请尽快办理")
        before = counts(factory)
        assert all(before[t] > 0 for t in ("received_op", "station_record", "ledger_opinion", "centre_event"))

        with engine.begin() as conn:
            conn.exec_driver_sql(partition_plan(4).replace("BEGIN;", "").replace("COMMIT;", ""))
        with factory.begin() as s:
            kinds = dict(s.execute(text("SELECT relname, relkind FROM pg_class WHERE relname = ANY(:n)"),
                                   {"n": list(GROWING_TABLES)}).all())  # fmt: skip
            assert kinds == {t: "p" for t in GROWING_TABLES}, "every growing table is partitioned now"
            parts = s.scalar(text("SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhparent "
                                  "WHERE c.relname = 'received_op'"))  # fmt: skip
            assert parts == 4
        assert counts(factory) == before, "every row kept"

        second = seed_station(factory, district="乙区", unit="水务局", contents=["停水无通知"])
        with factory.begin() as s:
            _event_id, seq = admin.record_event(s, second.code, second.opinion_ids[0], "urged", note="催办")
            station_id = s.scalar(select(CentreStation.id).where(CentreStation.code == second.code))
        with factory.begin() as s:
            rows, _next, more = feed.pull_page(s, station_id, 0, 10)
            assert [r.seq for r in rows] == [seq] and not more
        after = counts(factory)
        assert after["received_op"] > before["received_op"] and after["centre_event"] == before["centre_event"] + 1
        with factory.begin() as s:  # the ops log still refuses an op id twice for one station
            op_id = s.scalar(text("SELECT op_id FROM received_op WHERE station_id = :s LIMIT 1"), {"s": station_id})
            with pytest.raises(Exception, match="UniqueViolation"), s.begin_nested():
                s.execute(text("INSERT INTO received_op (station_id, seq, op_id, entity, entity_id, op, status, code, "
                               "message, received_at) VALUES (:s, 999, :o, 'x', 'x', 'upsert', 'applied', '', '', "
                               "now())"), {"s": station_id, "o": op_id})  # fmt: skip
    finally:
        engine.dispose()
        drop_pg_schema(schema)

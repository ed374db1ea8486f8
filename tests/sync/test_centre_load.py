"""The load test at CI size: 30 simulated stations sync at once against a 2-worker centre on PostgreSQL
(``bench/bench_centre_load.py``); 0 errors, and every station's records at the centre exactly what it sent."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import psycopg
import pytest

from tests.sync.centre_process import postgres_reachable

ROOT = Path(__file__).resolve().parents[2]


def _bench():
    spec = importlib.util.spec_from_file_location("bench_centre_load", ROOT / "bench" / "bench_centre_load.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_centre_load", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench():
    if reason := postgres_reachable():
        pytest.skip(reason)
    return _bench()


@pytest.mark.slow
def test_30_stations_two_workers_lose_and_duplicate_nothing(bench, tmp_path):
    stations, records = 30, 40
    # The time limit only bounds a hung run; it is far above what the run needs and asserts nothing.
    r = bench.run(stations, 2, stations, records, feed_units=25, time_limit=3600, keep=True, log=tmp_path / "c.log")
    try:
        assert dict(r.figures.errors) == {}
        assert dict(r.figures.resent) == {}, "no connection dropped: nothing had to be sent again"
        assert r.figures.done == stations
        c = r.check
        assert c["ops sent"] == c["ops logged"] == stations * records
        assert c["records expected"] > 0
        for bad in ("records lost", "records wrong", "records extra", "ops duplicated", "ops not accepted"):
            assert c[bad] == 0, bad
        assert c["stations with wrong cursor"] == 0
        assert len(r.figures.push_ms) == stations and len(r.figures.pull_ms) >= stations
        assert r.figures.pulled >= stations * 25  # every station pulled the whole feed (units + holidays)
        assert r.ok

        # The check itself can fail: lose one record and change another at the centre.
        sent = {bench.station_code(i): bench.station_ops(bench.template_ops(records), i) for i in range(stations)}
        with psycopg.connect(bench.admin_url(r.database)) as conn:
            conn.execute(
                "delete from station_record where ctid = (select ctid from station_record where entity = 'reception' "
                "limit 1)"
            )
            conn.execute(
                'update station_record set payload = payload || \'{"matter": "改过"}\' where ctid = '
                "(select ctid from station_record where entity = 'reception' limit 1)"
            )
        tampered = bench.verify(bench.admin_url(r.database), sent)
        assert tampered["records lost"] == 1
        assert tampered["records wrong"] == 1
    finally:
        bench.drop_database(r.database)

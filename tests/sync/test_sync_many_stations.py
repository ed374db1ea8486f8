"""76 stations syncing at the same time against the centre on PostgreSQL: all records land, none twice."""

from __future__ import annotations

import shutil
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from heshi_station.ledger.context import Ledger
from heshi_station.sync.engine import BatchLimits, run_sync
from tests.conftest import FIXED_NOW
from tests.factories import register, set_up_basics
from tests.sync.helpers import centre_op_counts, centre_snapshot, connect_station, station_snapshot

STATIONS = 76


@pytest.mark.slow
@pytest.mark.parametrize("centre", ["postgres"], indirect=True)
def test_76_stations_at_once(centre, tmp_path):
    template = tmp_path / "template.sqlite3"
    Ledger.open(template).close()  # migrated and calendar-seeded once; each station starts from a copy
    run = uuid.uuid4().hex[:6]
    stations = []
    for n in range(STATIONS):
        path = tmp_path / f"station-{n:02d}.sqlite3"
        shutil.copy(template, path)
        ledger = Ledger.open(path, clock=lambda: FIXED_NOW)
        code = f"M{run}-{n:02d}"
        basics = set_up_basics(ledger, code)
        for i in range(2 + n % 3):
            register(ledger, basics, FIXED_NOW - timedelta(days=30 - i), opinions=1 + i % 2, visitors=1 + n % 2)
        stations.append(connect_station(ledger, path, centre.factory, centre.url, code))

    # Small batches so the stations' pushes interleave on the centre.
    with ThreadPoolExecutor(max_workers=STATIONS) as pool:
        results = list(pool.map(lambda st: run_sync(st.ledger, limits=BatchLimits(max_count=10)), stations))

    try:
        for st, result in zip(stations, results, strict=True):
            assert result.rejected == 0 and result.duplicate == 0
            assert st.ledger.pending_outbox_count() == 0
            assert centre_snapshot(centre.factory, st.code) == station_snapshot(st.ledger), st.code
            counts = centre_op_counts(centre.factory, st.code)
            assert counts["ops"] == counts["distinct_ops"] == result.sent
    finally:
        for st in stations:
            st.ledger.close()

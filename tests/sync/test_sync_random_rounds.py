"""Randomized fault rounds (marked slow; still run in CI, kept to a couple of minutes)."""

from __future__ import annotations

import os

import pytest

from tests.conftest import FIXED_NOW
from tests.factories import set_up_basics
from tests.sync.fault_rounds import FAULTS, Station, play
from tests.sync.helpers import connect_station
from tests.sync.tcp_proxy import TcpProxy


@pytest.mark.slow
def test_random_fault_rounds(ledger, db_path, centre, station_code):
    basics = set_up_basics(ledger, station_code)
    proxy = TcpProxy(centre.process.port)
    st = connect_station(ledger, db_path, centre.factory, proxy.url, station_code)
    station = Station(ledger, db_path, st.code, st.token, proxy, basics, FIXED_NOW)
    rounds = int(os.environ.get("HESHI_SYNC_ROUNDS", "10"))
    seed = int(os.environ.get("HESHI_SYNC_SEED", "20261126"))
    try:
        log = play(station, centre.factory, rounds, seed)
    finally:
        proxy.close()
    assert len(log) == rounds
    assert len({r.fault for r in log}) >= min(rounds, len(FAULTS)) // 2, "the rounds exercised several faults"

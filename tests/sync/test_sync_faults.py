"""Faults: the station client SIGKILLed at every point of a sync, the centre SIGKILLed mid-batch, and a TCP
proxy that drops, truncates, delays and holds traffic. After each case and one clean sync the centre holds
exactly the station's records: none lost, none duplicated, at most one batch sent twice."""

from __future__ import annotations

import signal
import threading
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from heshi_centre import admin
from heshi_centre.models import CentreStation
from heshi_station.db.models import Deputy, SyncCursor
from heshi_station.ledger import opinions
from heshi_station.sync import errors
from heshi_station.sync.client import CentreClient, Timeouts
from heshi_station.sync.engine import run_sync
from tests.conftest import FIXED_NOW
from tests.factories import register, set_up_basics
from tests.sync.centre_process import CentreProcess
from tests.sync.conftest import OWN_BOTH_BACKENDS
from tests.sync.helpers import centre_op_counts, centre_snapshot, connect_station, station_snapshot
from tests.sync.station_proc import run_sync_process, start_sync
from tests.sync.tcp_proxy import TcpProxy

BATCH = 12


@pytest.fixture
def station(ledger, db_path, centre, station_code):
    basics = set_up_basics(ledger, station_code)
    for i in range(8):
        r = register(ledger, basics, FIXED_NOW - timedelta(days=20 - i), opinions=2, visitors=1 + i % 2)
        opinions.add_note(ledger, r.opinion_ids[0], f"电话回访第{i}次", when=FIXED_NOW - timedelta(days=5))
    proxy = TcpProxy(centre.process.port)
    st = connect_station(ledger, db_path, centre.factory, proxy.url, station_code)
    yield SimpleNamespace(ledger=ledger, path=db_path, code=st.code, token=st.token, proxy=proxy, basics=basics)
    proxy.close()


def _client(st, stall: float = 1.0) -> CentreClient:
    return CentreClient(st.proxy.url, st.token, st.code, timeouts=Timeouts(connect=2, stall=stall), retries=0)


def assert_converged(st, centre, *, max_resent: int = BATCH) -> dict:
    """One clean sync in a fresh process, then compare both sides in full."""
    st.proxy.faults.__init__()
    done = run_sync_process(st.path, st.code, st.token, batch=BATCH)
    assert done.returncode == 0, done.stderr
    assert st.ledger.pending_outbox_count() == 0
    assert centre_snapshot(centre.factory, st.code) == station_snapshot(st.ledger)
    counts = centre_op_counts(centre.factory, st.code)
    with st.ledger.read() as s:
        from sqlalchemy import func

        from heshi_station.db.models import OutboxEntry

        outbox = s.scalar(select(func.count()).select_from(OutboxEntry))
    assert counts["ops"] == counts["distinct_ops"] == outbox, "every op once in the centre's log"
    assert counts["duplicates"] <= max_resent, "at most one batch sent twice"
    return counts


def _centre_cursor(centre, code) -> int:
    with centre.factory() as s:
        return s.scalar(select(CentreStation.push_cursor).where(CentreStation.code == code))


@pytest.mark.parametrize("point", ["before_push_send", "after_push_reply"])
def test_station_killed_around_a_push(station, centre, point):
    proc = run_sync_process(station.path, station.code, station.token, kill_at=point, batch=BATCH)
    assert proc.returncode == -signal.SIGKILL
    assert station.ledger.pending_outbox_count() > 0, "nothing was marked sent"
    held = _centre_cursor(centre, station.code)
    assert held == (0 if point == "before_push_send" else BATCH)
    counts = assert_converged(station, centre)
    assert counts["duplicates"] == (0 if point == "before_push_send" else BATCH)


def test_station_killed_mid_body(station, centre):
    station.proxy.faults.stall_upload_after = 1500
    proc = start_sync(station.path, station.code, station.token, batch=200)
    assert station.proxy.upload_stalled.wait(60)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    time.sleep(0.3)
    assert _centre_cursor(centre, station.code) == 0, "a truncated body commits nothing"
    assert assert_converged(station, centre)["duplicates"] == 0


def test_station_killed_after_centre_commit_before_reply(station, centre):
    release = threading.Event()
    station.proxy.faults.hold_replies = release
    station.proxy.faults.reply_faults_after_upload = 1000
    proc = start_sync(station.path, station.code, station.token, batch=BATCH)
    try:
        assert station.proxy.reply_held.wait(60)
        deadline = time.monotonic() + 30
        while _centre_cursor(centre, station.code) == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _centre_cursor(centre, station.code) == BATCH, "the centre committed before replying"
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    finally:
        release.set()
    assert station.ledger.pending_outbox_count() > 0
    assert assert_converged(station, centre)["duplicates"] == BATCH


def test_station_killed_mid_pull(station, centre, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("姓名,代表层级\n" + "".join(f"代表{i},市\n" for i in range(30)), encoding="utf-8")
    with centre.factory.begin() as s:
        admin.load_reference(s, "roster", roster, station.code)
        admin.load_holidays(s, years=[2024, 2025, 2026])
    proc = run_sync_process(station.path, station.code, station.token, kill_at="mid_pull", batch=BATCH)
    assert proc.returncode == -signal.SIGKILL
    with station.ledger.read() as s:
        assert s.scalars(select(Deputy).where(Deputy.source == "centre")).first() is None, "page rolled back"
        assert s.get(SyncCursor, "pull_since") is None
    assert station.ledger.pending_outbox_count() == 0, "push finished before the pull"
    assert_converged(station, centre, max_resent=0)
    with station.ledger.read() as s:
        assert len(s.scalars(select(Deputy).where(Deputy.source == "centre")).all()) == 30


@OWN_BOTH_BACKENDS
def test_centre_killed_mid_batch(ledger, db_path, own_centre, station_code, tmp_path):
    centre = own_centre
    basics = set_up_basics(ledger, station_code)
    for i in range(4):
        register(ledger, basics, FIXED_NOW - timedelta(days=9 - i), opinions=2)
    proxy = TcpProxy(centre.process.port)
    st = connect_station(ledger, db_path, centre.factory, proxy.url, station_code)
    station = SimpleNamespace(ledger=ledger, path=db_path, code=st.code, token=st.token, proxy=proxy)
    try:
        centre.process.stop()
        dying = CentreProcess(centre.database_url, port=centre.process.port, log_path=tmp_path / "dying.log")
        dying.start(HESHI_CENTRE_KILL_AT="mid_batch")
        with pytest.raises(errors.SyncError) as caught:
            run_sync(ledger, _client(station, stall=10))
        assert isinstance(caught.value, errors.CentreUnreachable)
        assert "本机台账数据完好" in caught.value.message
        dying.proc.wait(30)
        assert _centre_cursor(centre, station.code) == 0, "the killed batch left nothing behind"
        centre.process = CentreProcess(centre.database_url, port=centre.process.port, log_path=tmp_path / "c2.log")
        centre.process.start()
        assert assert_converged(station, centre)["duplicates"] == 0
    finally:
        proxy.close()


def test_dropped_connections_lose_nothing(station, centre):
    station.proxy.faults.drop = True
    before = station.ledger.pending_outbox_count()
    with pytest.raises(errors.CentreUnreachable) as caught:
        run_sync(station.ledger, _client(station))
    assert "本机台账数据完好" in caught.value.message
    assert station.ledger.pending_outbox_count() == before
    assert assert_converged(station, centre)["duplicates"] == 0


def test_truncated_reply_is_not_taken_as_an_answer(station, centre):
    station.proxy.faults.truncate_reply_after = 100
    station.proxy.faults.reply_faults_after_upload = 1000
    before = station.ledger.pending_outbox_count()
    with pytest.raises(errors.SyncError):
        run_sync(station.ledger, _client(station))
    assert station.ledger.pending_outbox_count() == before
    assert_converged(station, centre, max_resent=before)


def test_stalled_reply_shrinks_the_batch_and_resends(station, centre):
    from heshi_station.sync.engine import BatchLimits

    station.proxy.faults.delay_reply = 2.5
    station.proxy.faults.reply_faults_after_upload = 1000
    total = station.ledger.pending_outbox_count()
    result = run_sync(station.ledger, _client(station, stall=1.0), limits=BatchLimits(max_count=BATCH))
    assert result.resent_batches == 1
    assert result.duplicate <= BATCH and result.applied + result.duplicate == result.sent
    assert station.ledger.pending_outbox_count() == 0
    counts = assert_converged(station, centre)
    assert counts["ops"] == total

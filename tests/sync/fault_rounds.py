"""Randomized fault rounds shared by the slow test and ``scripts/sync_soak.py``.

Each round: the clerk adds some records, the centre may record something for the station, then one sync
runs under a random fault (client SIGKILLed at a random point, upload cut mid-body, reply held until the
client dies after the centre committed, reply truncated, reply stalled, connections dropped) and one clean
sync follows. After every round both sides are compared in full and the centre's duplicate answers for
that round must fit in one batch.
"""

from __future__ import annotations

import contextlib
import random
import signal
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta

import uuid6
from sqlalchemy import func, select

from heshi_centre import admin
from heshi_centre.models import CentreStation
from heshi_station.db.models import OutboxEntry
from heshi_station.ledger import opinions
from heshi_station.sync import errors
from heshi_station.sync.client import CentreClient, Timeouts
from heshi_station.sync.engine import BatchLimits, run_sync
from heshi_station.sync.status import set_aside_list
from tests.factories import register
from tests.sync.helpers import centre_op_counts, centre_snapshot, publish_unchecked_event, station_snapshot
from tests.sync.station_proc import run_sync_process, start_sync

FAULTS = [
    "kill_before_send",
    "kill_after_reply",
    "kill_mid_pull",
    "cut_mid_body",
    "kill_after_commit",
    "truncate_reply",
    "stall_reply",
    "drop",
    "none",
]


@dataclass
class Round:
    fault: str
    added: int
    duplicates: int


@dataclass
class Station:
    ledger: object
    path: object
    code: str
    token: str
    proxy: object
    basics: object
    now: object
    batch: int = 8
    log: list[Round] = field(default_factory=list)
    bad_changes: int = 0  # bad changes written straight into the centre's feed: each must be set aside once


def _centre_cursor(factory, code) -> int:
    with factory() as s:
        return s.scalar(select(CentreStation.push_cursor).where(CentreStation.code == code)) or 0


def _add_work(st: Station, rng: random.Random) -> int:
    added = 0
    for _ in range(rng.randint(0, 3)):
        day = st.now - timedelta(days=rng.randint(1, 60))
        r = register(st.ledger, st.basics, day, opinions=rng.randint(1, 2), visitors=rng.randint(1, 2))
        added += 1
        if rng.random() < 0.5:
            opinions.add_note(st.ledger, r.opinion_ids[0], f"回访{rng.randint(1, 99)}", when=day + timedelta(hours=2))
    return added


def _centre_work(st: Station, factory, rng: random.Random) -> None:
    """Sometimes the centre records a note on one of the station's opinions (reaches the station on pull)."""
    if rng.random() < 0.5:
        return
    with st.ledger.read() as s:
        from heshi_station.db.models import Opinion

        ids = s.scalars(select(Opinion.id).order_by(Opinion.id)).all()
    held = centre_snapshot(factory, st.code)
    ids = [i for i in ids if ("opinion", i) in held]
    if ids:
        with factory.begin() as s:
            admin.record_event(s, st.code, rng.choice(ids), "note", note="市中心备注", actor="市中心")
            if rng.random() < 0.5:
                # What a centre without checks at its door accepted: a rating the station cannot read.
                sid = s.scalar(select(CentreStation.id).where(CentreStation.code == st.code))
                publish_unchecked_event(
                    s, event_id=str(uuid6.uuid7()), station_id=sid, opinion_id=rng.choice(ids), kind="satisfaction",
                    occurred_at=st.now, data={"rating": "满意"},
                )  # fmt: skip
                st.bad_changes += 1


def _client(st: Station, stall: float = 1.0) -> CentreClient:
    return CentreClient(st.proxy.url, st.token, st.code, timeouts=Timeouts(connect=2, stall=stall), retries=0)


def run_fault(st: Station, factory, fault: str) -> None:
    faults = st.proxy.faults
    faults.__init__()
    if fault.startswith("kill_") and fault != "kill_after_commit":
        point = {
            "kill_before_send": "before_push_send",
            "kill_after_reply": "after_push_reply",
            "kill_mid_pull": "mid_pull",
        }[fault]
        proc = run_sync_process(st.path, st.code, st.token, kill_at=point, batch=st.batch)
        assert proc.returncode in (0, -signal.SIGKILL), proc.stderr
    elif fault == "cut_mid_body":
        faults.stall_upload_after = 1200
        st.proxy.upload_stalled.clear()
        proc = start_sync(st.path, st.code, st.token, batch=200)
        if st.proxy.upload_stalled.wait(30):
            proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
    elif fault == "kill_after_commit":
        release = threading.Event()
        faults.hold_replies, faults.reply_faults_after_upload = release, 1000
        st.proxy.reply_held.clear()
        before = _centre_cursor(factory, st.code)
        proc = start_sync(st.path, st.code, st.token, batch=st.batch)
        try:
            if st.proxy.reply_held.wait(20):
                deadline = time.monotonic() + 20
                while _centre_cursor(factory, st.code) == before and time.monotonic() < deadline:
                    time.sleep(0.05)
                proc.send_signal(signal.SIGKILL)
        finally:
            release.set()
            proc.communicate(timeout=60)
    elif fault in ("truncate_reply", "stall_reply", "drop"):
        if fault == "truncate_reply":
            faults.truncate_reply_after, faults.reply_faults_after_upload = 60, 1000
        elif fault == "stall_reply":
            faults.delay_reply, faults.reply_faults_after_upload = 2.0, 1000
        else:
            faults.drop = True
        with contextlib.suppress(errors.SyncError):
            run_sync(st.ledger, _client(st), limits=BatchLimits(max_count=st.batch))
    faults.__init__()


def clean_sync_and_check(st: Station, factory, max_resent: int) -> dict:
    st.proxy.faults.__init__()
    done = run_sync_process(st.path, st.code, st.token, batch=st.batch)
    assert done.returncode == 0, done.stderr
    assert st.ledger.pending_outbox_count() == 0
    assert centre_snapshot(factory, st.code) == station_snapshot(st.ledger)
    counts = centre_op_counts(factory, st.code)
    with st.ledger.read() as s:
        outbox = s.scalar(select(func.count()).select_from(OutboxEntry))
    assert counts["ops"] == counts["distinct_ops"] == outbox
    # Every bad change from the centre is set aside exactly once, and none stopped the sync.
    assert len(set_aside_list(st.ledger)) == st.bad_changes
    return counts


def play(st: Station, factory, rounds: int, seed: int, report=None) -> list[Round]:
    rng = random.Random(seed)
    dup_before = centre_op_counts(factory, st.code)["duplicates"]
    for _ in range(rounds):
        added = _add_work(st, rng)
        _centre_work(st, factory, rng)
        fault = rng.choice(FAULTS)
        run_fault(st, factory, fault)
        # A stalled reply is resent in halves by the engine itself: still at most one batch's worth.
        counts = clean_sync_and_check(st, factory, max_resent=st.batch)
        round_dups = counts["duplicates"] - dup_before
        dup_before = counts["duplicates"]
        assert round_dups <= st.batch, (fault, round_dups)
        st.log.append(Round(fault, added, round_dups))
        if report:
            report(st.log[-1])
    return st.log

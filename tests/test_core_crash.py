"""Crash test: a writer killed with SIGKILL at random moments never leaves a damaged or half-written file,
and every record it reported committed is there."""

from __future__ import annotations

import json
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from heshi_protocol.opinion_state import EventRecord, fold
from heshi_station.db.migrate import integrity_errors
from heshi_station.ledger import opinions
from heshi_station.ledger.context import Ledger
from tests import crash_writer
from tests.conftest import FIXED_NOW
from tests.factories import set_up_basics

REPO = Path(__file__).resolve().parents[1]
WRITER = REPO / "tests" / "crash_writer.py"
ROUNDS = 25


def _lines(out: bytes) -> list[tuple[str, ...]]:
    # Only complete lines count: a line is written after its transaction committed.
    lines = out.decode().split("\n")[:-1]
    return [tuple(line.split()) for line in lines if line and line != "READY"]


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    return b"".join(chunks)


def _kill_forked_writer_at_random(db: Path, seed: int, rng: random.Random) -> list[tuple[str, ...]]:
    """The writer in a forked child of this (already imported) process, killed with SIGKILL."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(r)
        try:
            crash_writer.run(str(db), seed, lambda line: os.write(w, (line + "\n").encode()))
        finally:
            os._exit(3)
    os.close(w)
    try:
        if seed % 6 == 0:
            time.sleep(rng.uniform(0.0, 0.05))  # sometimes while it is still opening the ledger
        else:
            # Bounded wait: if the fork inherited a lock held by another thread of this process (e.g. from
            # Qt tests run earlier) the child may hang; it is then simply killed like the others.
            ready, _, _ = select.select([r], [], [], 30)
            head = os.read(r, 6) if ready else b""
            if head == b"READY\n":
                time.sleep(rng.uniform(0.02, 0.6))
    finally:
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    out = (b"" if seed % 6 == 0 else head) + _read_all(r)
    os.close(r)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    return _lines(out)


def _kill_writer_at_random(db: Path, seed: int, rng: random.Random) -> list[tuple[str, ...]]:
    """The writer as a fresh ``python tests/crash_writer.py`` process, killed with SIGKILL."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(db), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=REPO,
    )
    try:
        if seed % 6 == 0:
            # Sometimes kill while the child is still opening the ledger.
            time.sleep(rng.uniform(0.0, 0.6))
        else:
            ready = proc.stdout.readline()
            assert ready == b"READY\n", proc.stderr.read().decode(errors="replace")
            time.sleep(rng.uniform(0.05, 0.8))
    finally:
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL, err.decode(errors="replace")
    return _lines(out)


def _check_consistent(db: Path) -> dict[str, int]:
    con = sqlite3.connect(db)
    try:
        q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
        orphans = {
            "reception without visitor": "SELECT id FROM reception WHERE id NOT IN (SELECT reception_id FROM visitor)",
            "reception without deputies": "SELECT id FROM reception "
            "WHERE id NOT IN (SELECT reception_id FROM reception_deputy)",
            "reception without outbox": "SELECT id FROM reception "
            "WHERE id NOT IN (SELECT entity_id FROM outbox WHERE entity='reception')",
            "opinion without registered event": "SELECT id FROM opinion "
            "WHERE id NOT IN (SELECT opinion_id FROM opinion_event WHERE kind='registered')",
            "opinion without outbox": "SELECT id FROM opinion "
            "WHERE id NOT IN (SELECT entity_id FROM outbox WHERE entity='opinion')",
            "event without outbox": "SELECT id FROM opinion_event "
            "WHERE id NOT IN (SELECT entity_id FROM outbox WHERE entity='opinion_event')",
            "visitor without reception": "SELECT id FROM visitor WHERE reception_id NOT IN (SELECT id FROM reception)",
        }
        for what, sql in orphans.items():
            assert q(sql) == [], what
        # Audit and outbox move together; the outbox sequence has no gaps.
        n_out, lo, hi = con.execute("SELECT count(*), min(seq), max(seq) FROM outbox").fetchone()
        n_audit = con.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        assert n_audit == n_out
        assert (lo, hi) == (1, n_out)
        # The FTS indexes match their tables.
        for fts in ("reception_fts", "opinion_fts", "reception_bigram", "opinion_bigram"):
            con.execute(f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)")
        return {
            "receptions": con.execute("SELECT count(*) FROM reception").fetchone()[0],
            "opinions": con.execute("SELECT count(*) FROM opinion").fetchone()[0],
        }
    finally:
        con.close()


@pytest.mark.slow
def test_sigkill_at_random_moments_never_loses_or_half_writes(db_path: Path) -> None:
    led = Ledger.open(db_path, clock=lambda: FIXED_NOW)
    set_up_basics(led)
    led.close()
    rng = random.Random(20261126)
    reported_receptions: set[str] = set()
    reported_steps: dict[str, str] = {}
    total_lines = 0
    for round_no in range(1, ROUNDS + 1):
        # The first and last rounds run the real script; the others fork this process (no import cost).
        kill = _kill_writer_at_random if round_no in (1, ROUNDS) else _kill_forked_writer_at_random
        lines = kill(db_path, round_no, rng)
        total_lines += len(lines)
        for parts in lines:
            if parts[0] == "R":
                reported_receptions.add(parts[1])
            else:
                reported_steps[parts[1]] = parts[2]
        assert integrity_errors(db_path) == [], f"round {round_no}"
        counts = _check_consistent(db_path)
        con = sqlite3.connect(db_path)
        present = {r[0] for r in con.execute("SELECT id FROM reception")}
        states = dict(con.execute("SELECT id, state FROM opinion"))
        con.close()
        missing = reported_receptions - present
        assert not missing, f"round {round_no}: reported committed but missing: {sorted(missing)[:3]}"
        for oid, state in reported_steps.items():
            # a later step may have moved it on, but never back to before the reported step
            assert states.get(oid) not in (None, "registered", "transferred"), (oid, state, states.get(oid))
        assert counts["receptions"] >= len(reported_receptions)
    print(f"{ROUNDS} kills; {len(reported_receptions)} receptions and {len(reported_steps)} steps reported committed")
    assert total_lines > ROUNDS, "the writer hardly ever committed anything; the test proves nothing"
    # The cached state columns of every opinion still equal the fold of its events.
    led = Ledger.open(db_path, clock=lambda: FIXED_NOW)
    try:
        cal = led.calendar()
        con = sqlite3.connect(db_path)
        events: dict[str, list[EventRecord]] = {}
        rows = con.execute("SELECT id, opinion_id, kind, occurred_at, data FROM opinion_event")
        for eid, oid, kind, at, data in rows:
            events.setdefault(oid, []).append(EventRecord(eid, kind, datetime.fromisoformat(at), json.loads(data)))
        for oid, state, due in con.execute("SELECT id, state, due_date FROM opinion"):
            st = fold(events[oid], cal)
            assert (state, due) == (st.state.value, st.due_date.isoformat() if st.due_date else None), oid
        con.close()
        for oid in list(reported_steps)[:20]:
            assert opinions.get_opinion(led, oid).state == "handling"
    finally:
        led.close()

"""The pull feed on real PostgreSQL with many writers at once: no global lock, and no station ever skips a change.

Writers are real transactions on their own connections (threads); the puller pages ``feed.pull_page`` the way
``GET /api/v1/pull`` does (one READ COMMITTED transaction per page). ``lock_timeout`` turns "would wait" into
an error where a test claims a writer does not wait, so a regression fails instead of hanging.
"""

from __future__ import annotations

import itertools
import random
import threading
import time
import uuid

import pytest
from sqlalchemy import or_, select, text

from heshi_centre import admin, feed
from heshi_centre.db import FEED_GATE, open_database
from heshi_centre.models import Change
from heshi_centre.push import apply_push
from heshi_protocol.schemas import PushOp
from tests.sync.centre_process import drop_pg_schema, new_pg_schema, postgres_reachable


@pytest.fixture
def pg():
    if reason := postgres_reachable():
        pytest.skip(reason)
    url, schema = new_pg_schema()
    engine, factory = open_database(url)
    with factory.begin() as s:
        ids = [admin.add_station(s, f"F-{i}", f"测试站{i}").id for i in range(3)]
    yield engine, factory, ids
    engine.dispose()
    drop_pg_schema(schema)


def deputy(s, station_id: int, n: int) -> str:
    values = {"name": f"代表{n}", "gender": "", "level": "city", "constituency": "", "phone": "", "active": True}
    entity_id = str(uuid.uuid4())
    assert feed.save_deputy(s, station_id, entity_id, values)
    return entity_id


def category(s, n: int) -> str:
    entity_id = str(uuid.uuid4())
    assert feed.save_category(s, entity_id, {"name": f"类别{n}", "time_limit_days": 15, "active": True})
    return entity_id


def feed_of(factory, station_id: int) -> list[int]:
    with factory.begin() as s:
        return list(
            s.scalars(
                select(Change.seq)
                .where(or_(Change.station_id.is_(None), Change.station_id == station_id))
                .order_by(Change.seq)
            )
        )


def page(factory, station_id: int, since: int, limit: int) -> tuple[list[int], int, bool]:
    with factory.begin() as s:
        rows, next_since, more = feed.pull_page(s, station_id, since, limit)
        return [r.seq for r in rows], next_since, more


def waiting_on_advisory_locks(factory) -> int:
    """Backends waiting for the feed gate (one-bigint advisory key: classid = high, objid = low 32 bits)."""
    with factory.begin() as s:
        return s.scalar(
            text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objsubid = 1"
                " AND classid::bigint = :hi AND objid::bigint = :lo"
            ),
            {"hi": FEED_GATE >> 32, "lo": FEED_GATE & 0xFFFFFFFF},
        )


def wait_until(condition, what: str, tries: int = 500) -> None:
    for _ in range(tries):
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"never happened: {what}")


def push_one(s, station_id: int, seq: int) -> None:
    payload = {"id": f"d-{uuid.uuid4().hex[:8]}", "name": "代表", "gender": "", "level": "city", "constituency": "",
               "phone": "", "active": True}  # fmt: skip
    op = PushOp(seq=seq, op_id=str(uuid.uuid4()), entity="deputy", entity_id=payload["id"], op="upsert",
                payload=payload)  # fmt: skip
    _cursor, answers = apply_push(s, station_id, seq - 1, [op])
    assert [a.status for a in answers] == ["applied"]


def test_a_held_open_write_for_one_station_never_delays_another(pg):
    _engine, factory, (a, b, c) = pg
    held_feed, held_push = factory(), factory()
    held_feed.begin()
    held_push.begin()
    deputy(held_feed, a, 1)  # station A's centre-side change has its feed number and stays open
    # A push from station C stays open too (its station row locked). Not station A: one station's push waits
    # for that station's open centre-side write, which is right (both change the same station's data).
    push_one(held_push, c, 1)
    try:
        with factory.begin() as s:
            s.execute(text("SET LOCAL lock_timeout = '3s'"))  # waiting would raise LockNotAvailable
            deputy(s, b, 2)
        with factory.begin() as s:
            s.execute(text("SET LOCAL lock_timeout = '3s'"))
            push_one(s, b, 1)
        assert page(factory, b, 0, 10)[0] != [], "station B sees its change while A's transactions are open"
        assert page(factory, a, 0, 10)[0] == [], "A's uncommitted change is not visible yet"
    finally:
        held_feed.commit()
        held_push.commit()
        held_feed.close()
        held_push.close()
    assert len(page(factory, a, 0, 10)[0]) == 1


def test_a_change_for_every_station_waits_for_open_station_writers_so_nobody_skips_it(pg):
    _engine, factory, (a, _b, _c) = pg
    held = factory()
    held.begin()
    deputy(held, a, 1)
    done = threading.Event()

    def for_everyone():
        with factory.begin() as s:
            category(s, 1)
        done.set()

    t = threading.Thread(target=for_everyone)
    t.start()
    try:
        wait_until(lambda: waiting_on_advisory_locks(factory) == 1, "the global writer queues behind station A")
        assert not done.is_set()
    finally:
        held.commit()
        held.close()
        t.join(30)
    assert done.is_set()
    seqs = feed_of(factory, a)
    assert len(seqs) == 2 and seqs == sorted(seqs)


def test_numbering_without_the_locks_would_skip_a_change(pg):
    """Control: the same interleaving with bare ``nextval`` makes a station skip a change (what the locks stop)."""
    _engine, factory, (a, _b, _c) = pg

    def bare_change(s, station_id):
        seq = s.scalar(text("SELECT nextval('change_seq')"))
        s.add(Change(seq=seq, station_id=station_id, kind="category", entity_id=str(seq), payload={}))
        s.flush()

    slow = factory()
    slow.begin()
    try:
        bare_change(slow, None)  # lower number, still open
        with factory.begin() as s:
            bare_change(s, a)  # higher number, committed first
        seen, since, _ = page(factory, a, 0, 10)
    finally:
        slow.commit()
        slow.close()
    later, _, _ = page(factory, a, since, 10)
    assert set(seen) | set(later) != set(feed_of(factory, a)), "bare nextval lets the puller skip a change"


def test_many_writers_out_of_order_never_make_a_puller_skip(pg):
    _engine, factory, stations = pg
    a = stations[0]
    rng = random.Random(13)
    commits: list[int] = []  # feed numbers in commit order, all stations
    lock = threading.Lock()
    stop = threading.Event()
    errors: list[BaseException] = []

    def writer(station_id: int | None, count: int, seed: int, hold_first: float = 0.0) -> None:
        r = random.Random(seed)
        try:
            for n in range(count):
                with factory.begin() as s:
                    if station_id is None:
                        entity_id = category(s, seed * 1000 + n)
                    else:
                        entity_id = deputy(s, station_id, seed * 1000 + n)
                    mine = s.scalars(select(Change.seq).where(Change.entity_id == entity_id)).all()
                    # Commit late and at random, so numbers commit out of order across stations.
                    time.sleep(hold_first if n == 0 else r.random() * 0.01)
                with lock:
                    commits.extend(mine)
        except BaseException as exc:
            errors.append(exc)

    received: list[int] = []

    def puller() -> None:
        since = 0
        try:
            while True:
                finishing = stop.is_set()
                seqs, since, more = page(factory, a, since, rng.choice([1, 2, 3, 5]))
                received.extend(seqs)
                if finishing and not more:
                    return
                time.sleep(0.002)  # a station pages in a loop; leave the 2 shared cores to the writers
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(a, 4, 1, 0.5))]  # a slow one held open first
    threads += [threading.Thread(target=writer, args=(sid, 25, 10 + i)) for i, sid in enumerate(stations * 2)]
    threads += [threading.Thread(target=writer, args=(None, 6, 99))]
    pull = threading.Thread(target=puller)
    pull.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    stop.set()
    pull.join(60)
    assert not errors, errors
    final = feed_of(factory, a)
    assert received == final, "the puller saw exactly station A's final feed, in order, once each"
    assert len(final) == 4 + 2 * 25 + 6
    out_of_order = sum(1 for x, y in itertools.pairwise(commits) if y < x)
    assert out_of_order > 0, "numbers committed out of order across stations (else the test proved nothing)"

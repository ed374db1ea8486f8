"""Auto-sync scheduling rules (no Qt): backoff growth, cap, reset; the probe; the should-sync rule."""

from __future__ import annotations

import random

from heshi_station.sync.schedule import ProbeBackoff, probe, should_sync


def test_backoff_grows_caps_and_resets():
    b = ProbeBackoff(base=10, factor=2, cap=100, jitter=0.0)
    delays = []
    for _ in range(6):
        delays.append(b.next_delay())
        b.failed()
    assert delays == [10, 20, 40, 80, 100, 100]
    b.succeeded()
    assert b.next_delay() == 10


def test_backoff_jitter_stays_in_bounds():
    b = ProbeBackoff(base=10, jitter=0.2, rng=random.Random(1))
    values = {round(b.next_delay(), 6) for _ in range(50)}
    assert len(values) > 10 and all(8 <= v <= 12 for v in values)


def test_should_sync_rule():
    assert should_sync(enabled=True, reachable=True, pending=3, pull_due=False, busy=False)
    assert should_sync(enabled=True, reachable=True, pending=0, pull_due=True, busy=False)
    assert not should_sync(enabled=False, reachable=True, pending=3, pull_due=True, busy=False)
    assert not should_sync(enabled=True, reachable=False, pending=3, pull_due=True, busy=False)
    assert not should_sync(enabled=True, reachable=True, pending=3, pull_due=True, busy=True)
    assert not should_sync(enabled=True, reachable=True, pending=0, pull_due=False, busy=False)


def test_probe_against_a_real_centre_and_nothing(centre):
    from tests.sync.centre_process import free_port

    assert probe(centre.url)
    assert not probe(f"http://127.0.0.1:{free_port()}", timeout=1)
    assert not probe("http://sync.example.gov.cn")  # plain http off loopback is never even tried

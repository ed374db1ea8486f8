"""Prints ``HolidayCalendar.deadline()`` p50/p95 for official and provisional (暂定) years, and the cost of
building the ledger's calendar (official years + the statutory table behind them).

    uv run python bench/bench_calendar.py [--reps 20000] [--seed 7]

A figure printer, not a test: no pass/fail. Starts and limits are drawn at random (fixed seed) so the bisect
lookups do not all hit one cache line.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date, timedelta

from heshi_protocol.workdays import load_bundled_calendar, load_official_calendar, with_provisional


def _percentiles(samples: list[float]) -> tuple[float, float]:
    q = statistics.quantiles(samples, n=100)
    return q[49], q[94]


def _time_deadlines(cal, starts: list[date], limits: list[int]) -> list[float]:
    out = []
    for start, n in zip(starts, limits, strict=True):
        t0 = time.perf_counter_ns()
        cal.deadline(start, n)
        out.append((time.perf_counter_ns() - t0) / 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    cal = load_bundled_calendar()
    official = load_official_calendar()
    last_official = max(official.years)

    def draw(first: date, last: date) -> list[date]:
        span = (last - first).days
        return [first + timedelta(days=rng.randrange(span)) for _ in range(args.reps)]

    limits = [rng.randint(1, 120) for _ in range(args.reps)]
    official_starts = draw(date(2010, 1, 1), date(last_official, 6, 30))  # 120 working days stay inside
    provisional_starts = draw(date(last_official + 1, 1, 1), date(2090, 12, 31))
    cases = [("official years", official_starts), ("provisional years", provisional_starts)]
    print(f"deadline(start, 1–120 working days), {args.reps} calls each, µs")
    for label, starts in cases:
        samples = _time_deadlines(cal, starts, limits)
        flags = {cal.deadline(s, n).provisional for s, n in zip(starts[:200], limits[:200], strict=True)}
        p50, p95 = _percentiles(samples)
        print(f"  {label:18s} p50 {p50:6.2f}  p95 {p95:6.2f}  (provisional flags seen: {sorted(flags)})")
    builds = []
    for _ in range(20):
        t0 = time.perf_counter()
        with_provisional(official)
        builds.append((time.perf_counter() - t0) * 1000)
    p50, p95 = _percentiles(builds)
    print(f"building the ledger calendar (official + statutory 2000–2099): p50 {p50:.1f} ms  p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()

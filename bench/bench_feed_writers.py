"""Benchmark: do centre-side writes for different stations wait for each other? (PostgreSQL, bounded.)

T threads each commit W transactions; every transaction appends one feed change and then stays open for
``--hold`` ms (standing in for a slow console action or a large roster load). Two runs:

- per station: every thread writes its own station's changes (``next_change_seq`` with a station: gate shared);
- one series: every change is for all stations (gate exclusive), which is how every write behaved before the
  feed lost its global lock (one row lock on ``centre_meta['change_seq']``).

If writers of different stations never wait, the first run takes about W × hold and the second T × W × hold.
Figures are noisy on a shared machine; the ratio is what matters.

    uv run python bench/bench_feed_writers.py [--threads 4] [--writes 25] [--hold 20]
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from heshi_centre import admin, feed  # noqa: E402
from heshi_centre.db import open_database  # noqa: E402
from tests.sync.centre_process import drop_pg_schema, new_pg_schema  # noqa: E402


def run(factory, stations: list[int] | None, threads: int, writes: int, hold: float) -> float:
    def writer(i: int) -> None:
        for n in range(writes):
            with factory.begin() as s:
                if stations is None:
                    values = {"name": f"类别{i}-{n}-{uuid.uuid4().hex[:6]}", "time_limit_days": 15, "active": True}
                    feed.save_category(s, str(uuid.uuid4()), values)
                else:
                    values = {"name": f"代表{n}", "gender": "", "level": "city", "constituency": "", "phone": "",
                              "active": True}  # fmt: skip
                    feed.save_deputy(s, stations[i], str(uuid.uuid4()), values)
                time.sleep(hold)

    running = [threading.Thread(target=writer, args=(i,)) for i in range(threads)]
    start = time.perf_counter()
    for t in running:
        t.start()
    for t in running:
        t.join()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--writes", type=int, default=25)
    parser.add_argument("--hold", type=float, default=20.0, help="ms each transaction stays open")
    args = parser.parse_args()
    url, schema = new_pg_schema()
    engine, factory = open_database(url)
    try:
        with factory.begin() as s:
            stations = [admin.add_station(s, f"B-{i}", f"基准站{i}").id for i in range(args.threads)]
        hold = args.hold / 1000
        ideal = args.writes * hold
        per_station = run(factory, stations, args.threads, args.writes, hold)
        one_series = run(factory, None, args.threads, args.writes, hold)
        print(f"{args.threads} threads × {args.writes} transactions, each held open {args.hold:.0f} ms")
        print(f"  per-station writers : {per_station:6.2f} s  (no waiting would be ≈ {ideal:.2f} s)")
        print(f"  one global series   : {one_series:6.2f} s  (fully serialised ≈ {ideal * args.threads:.2f} s)")
        print(f"  ratio               : {one_series / per_station:5.2f}×")
    finally:
        engine.dispose()
        drop_pg_schema(schema)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The opinion list's filter cost without the window: what the list model does for one filter change (count plus
first page) and for one scroll step, p50/p95 over --reps, for several search words. Prints figures; asserts nothing.

    uv run python bench/bench_opinion_list.py [--db bench/out/demo-amp.sqlite3] [--reps 20]

Build a large ledger with ``heshi-station demo`` (and, for read figures only, ``bench/amplify_opinions.py``).
Runs on a backup copy of --db (``bench/out/bench-list.sqlite3``), so the demo file is never written.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_MS = 100.0


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "bench" / "out" / "demo-amp.sqlite3")
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--words", nargs="*", default=None)
    parser.add_argument("--mmap-mib", type=int, default=None, help="override db/engine.py's mmap_size (experiment)")
    parser.add_argument("--cache-mib", type=int, default=None, help="override db/engine.py's cache_size (experiment)")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    work = ROOT / "bench" / "out" / "bench-list.sqlite3"
    src, dst = sqlite3.connect(args.db), sqlite3.connect(work)
    src.backup(dst)
    src.close()
    dst.close()

    from PySide6.QtCore import QCoreApplication

    from heshi_station.db import engine as db_engine
    from heshi_station.ledger import queries
    from heshi_station.ledger.context import Ledger
    from heshi_station.ui.models.opinion_table_model import OpinionTableModel

    if args.mmap_mib is not None:  # read by every new connection (engine._on_connect)
        db_engine.MMAP_BYTES = args.mmap_mib * 1024 * 1024
    if args.cache_mib is not None:
        db_engine.CACHE_KIB = args.cache_mib * 1024
    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])  # noqa: F841 (the model translates)
    ledger = Ledger.open(work)
    model = OpinionTableModel(ledger)
    with ledger.read() as s:
        phone = (
            s.connection()
            .exec_driver_sql("SELECT proposer_phone FROM opinion WHERE proposer_phone <> '' ORDER BY rowid LIMIT 1")
            .scalar()
        )
    words = args.words or [
        *("", "路灯", "zch", "王庄村", "请求解决", "请求", "村", phone or "13900000000"),
        *("道", "道路", "道路坑", "道路坑洼"),  # as the clerk types (bench_ui.py's word)
    ]
    print(
        f"ledger: {args.db} — {queries.count_opinions(ledger)} opinions; {args.reps} reps each; "
        f"mmap_size {db_engine.MMAP_BYTES >> 20} MiB, cache_size {db_engine.CACHE_KIB >> 10} MiB; "
        f"load {os.getloadavg()[0]:.2f}"
    )
    all_filters: list[float] = []
    all_cpu: list[float] = []  # SQLite runs on this thread: its CPU time suffers less from a shared machine
    c0 = os.times()
    for word in words:
        f = queries.OpinionFilter(text=word)
        times, cpu_times = [], []
        for _ in range(args.reps):
            t, c = time.perf_counter(), time.thread_time()
            model.set_filter(f)
            times.append((time.perf_counter() - t) * 1000)
            cpu_times.append((time.thread_time() - c) * 1000)
        all_filters += times
        all_cpu += cpu_times
        print(
            f"filter “{word}”: p50 {statistics.median(times):.1f} ms, p95 {_p95(times):.1f} ms; this thread's CPU "
            f"p50 {statistics.median(cpu_times):.1f} ms, p95 {_p95(cpu_times):.1f} ms "
            f"({model.total} hits, {model.rowCount()} rows loaded)"
        )
    print(
        f"every filter above: p95 {_p95(all_filters):.1f} ms (goal <= {GOAL_MS:.0f} ms); CPU p95 {_p95(all_cpu):.1f} ms"
    )
    model.set_filter(queries.OpinionFilter())
    fetch = []
    for _ in range(args.reps):
        t = time.perf_counter()
        model.fetchMore()
        fetch.append((time.perf_counter() - t) * 1000)
    print(f"next page while scrolling (unfiltered): p50 {statistics.median(fetch):.1f} ms, p95 {_p95(fetch):.1f} ms")
    c1 = os.times()
    cpu = c1.user + c1.system - c0.user - c0.system
    print(f"CPU of the filters and scrolling above: {cpu:.2f} s; load {os.getloadavg()[0]:.2f}")
    ledger.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

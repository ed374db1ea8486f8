"""Monthly statistics benchmark (issue 9 §3): ``monthly_stats`` as of each month's end (event folds) next to
the version on another git revision (default ``main``: closing-date on-time rate, no folds). Prints figures;
not a test. See bench/README.md.

Both run on the same demo file (opened read-only in effect: only statistics are read), interleaved month
by month so machine noise hits both alike; p50/p95 over the last 12 months x ``--reps`` rounds.

    uv run heshi-station demo --db bench/out/demo10k.sqlite3 --scale 10000      # once (~10,000 opinions)
    uv run python bench/bench_figures.py --db bench/out/demo10k.sqlite3 [--against main] [--reps 5]
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from heshi_station.ledger import stats
from heshi_station.ledger.context import Ledger

HERE = Path(__file__).resolve().parent


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def stats_module_at(revision: str):
    """``heshi_station/ledger/stats.py`` as it is on ``revision``, loaded as a separate module."""
    source = subprocess.run(
        ["git", "show", f"{revision}:heshi_station/ledger/stats.py"],
        cwd=HERE.parent,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / f"stats_{revision.replace('/', '_')}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=str(HERE / "out" / "demo10k.sqlite3"))
    ap.add_argument("--against", default="main", help="git revision to compare with")
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args(argv)
    path = Path(args.db)
    if not path.exists():
        print(f"{path} not found; build it first: uv run heshi-station demo --db {path} --scale 10000", file=sys.stderr)
        return 2
    other = stats_module_at(args.against)
    led = Ledger.open(path)
    today = led.today()
    months, d = [], date(today.year, today.month, 1)
    for _ in range(12):
        months.append((d.year, d.month))
        d = (d - timedelta(days=1)).replace(day=1)
    ours, theirs = [], []
    for _ in range(args.reps):
        for y, m in months:
            t0 = time.perf_counter()
            new = stats.monthly_stats(led, y, m)
            ours.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            old = other.monthly_stats(led, y, m)
            theirs.append(time.perf_counter() - t0)
    print(f"database: {path} ({path.stat().st_size / 2**20:.1f} MiB); {len(ours)} runs over the last 12 months")
    print(f"  monthly_stats (this branch)   p50 {ms(pct(ours, 50))}   p95 {ms(pct(ours, 95))}   max {ms(max(ours))}")
    print(
        f"  monthly_stats ({args.against:<12})   p50 {ms(pct(theirs, 50))}   p95 {ms(pct(theirs, 95))}"
        f"   max {ms(max(theirs))}"
    )
    print("  on-time rate per month (this branch: by answer date as of month end | "
          f"{args.against}: by closing date):")  # fmt: skip
    for y, m in sorted(months):
        new, old = stats.monthly_stats(led, y, m), other.monthly_stats(led, y, m)
        print(
            f"    {y}-{m:02d}  {new.on_time:5d}/{new.on_time_rated:<5d} {_pct(new.on_time_rate):>7}   |"
            f"  {old.on_time:5d}/{old.on_time_rated:<5d} {_pct(old.on_time_rate):>7}"
        )
    led.close()
    return 0


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:.1f}%"


if __name__ == "__main__":
    sys.exit(main())

"""代表履职档案 speed (issue 14): the year's archive summary of every deputy, one deputy's archive, and the
archive PDF. Prints figures; asserts nothing.

    uv run python bench/bench_duties.py [--db FILE] [--scale 2000] [--contacts 12] [--reps 30]

Without an existing --db file it builds one in bench/out/ with the demo generator (``--scale`` receptions,
whose demo includes a year of duties) and then adds more duties (``--contacts`` contacts per deputy and a
proportional number of other activities) so the archive reads a realistic year. Measures, over ``--reps``
rounds after one warm-up: ``deputy_archives(year)`` (every deputy, the station summary), the same for one
deputy, and ``archive_pdf`` for the whole station (fewer rounds); next to them, as a yardstick measured in the
same run on the same (possibly busy) machine, the existing ``stats.deputy_yearly`` (attendance and reception counts
only). Goal: summary p95 ≤ 200 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from heshi_station.demo.duties import generate_duties  # noqa: E402
from heshi_station.demo.generator import generate  # noqa: E402
from heshi_station.ledger import duty_activities, reference_data, stats  # noqa: E402
from heshi_station.ledger.archive import deputy_archives  # noqa: E402
from heshi_station.ledger.context import Ledger  # noqa: E402
from heshi_station.reports.pdf_duties import archive_pdf  # noqa: E402

GOAL_MS = 200.0


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timed(fn, reps: int) -> list[float]:
    fn()  # warm-up: caches, pages of the file
    out = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def line(name: str, ms: list[float], goal: float | None = None) -> str:
    p50, p95 = statistics.median(ms), pct(ms, 95)
    verdict = "" if goal is None else ("  met" if p95 <= goal else "  NOT met")
    return f"{name:<34} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms   (n={len(ms)}){verdict}"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, default=ROOT / "bench" / "out" / "duties.sqlite3")
    ap.add_argument("--scale", type=int, default=2000)
    ap.add_argument("--contacts", type=int, default=12)
    ap.add_argument("--reps", type=int, default=30)
    args = ap.parse_args()
    fresh = not args.db.exists()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    ledger = Ledger.open(args.db, actor="基准")
    if fresh:
        t0 = time.perf_counter()
        generate(ledger, scale=args.scale)
        generate_duties(ledger, seed=99, contacts_per_deputy=args.contacts)
        print(f"built {args.db} in {time.perf_counter() - t0:.0f} s")
    year = ledger.today().year
    activities = len(duty_activities.list_activities(ledger, ledger.today().replace(year=year - 1), ledger.today()))
    deputies = reference_data.list_deputies(ledger)
    print(f"ledger {args.db} ({args.db.stat().st_size / 2**20:.1f} MiB): {len(deputies)} deputies, "
          f"{activities} activities in the last year")  # fmt: skip
    print(line("archive summary (all deputies)", timed(lambda: deputy_archives(ledger, year), args.reps), GOAL_MS))
    print(line("yardstick: stats.deputy_yearly", timed(lambda: stats.deputy_yearly(ledger, year), args.reps)))
    one = deputies[0].id
    print(line("archive of one deputy", timed(lambda: deputy_archives(ledger, year, one), args.reps), GOAL_MS))
    print(
        line("archive PDF (summary + every deputy)", timed(lambda: archive_pdf(ledger, year), max(3, args.reps // 10)))
    )
    ledger.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

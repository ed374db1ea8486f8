"""Make a large opinion table quickly for READ benchmarks: copy a demo ledger and repeat its opinions N times.

    uv run python bench/amplify_opinions.py --src bench/out/demo.sqlite3 --dst bench/out/demo-amp.sqlite3 --times 40

The demo generator goes through the real write path (~200 receptions a minute on the busy shared machine, so
100,000 take hours). For measuring the opinion list's filters and paging only the ``opinion`` table, its search
indexes (filled by the same triggers as every write), its events and deputies matter, so this copies each
opinion (with its events and deputy links) ``--times - 1`` more times under new ids. Copies keep their
original dates, text and states; receptions are not copied. Not a ledger for anything but reading figures.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from heshi_station.db.search_tokens import register_functions  # noqa: E402

_NEW_ID = (
    "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a' "
    "|| substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"
)


def _columns(con: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in con.execute(f"PRAGMA table_info({table})")]


def amplify(src: Path, dst: Path, times: int) -> None:
    dst.unlink(missing_ok=True)
    source = sqlite3.connect(src)
    target = sqlite3.connect(dst)
    source.backup(target)
    source.close()
    register_functions(target)
    target.execute("PRAGMA journal_mode=WAL")
    op_cols = [c for c in _columns(target, "opinion")]
    ev_cols = [c for c in _columns(target, "opinion_event")]
    base = target.execute("SELECT count(*) FROM opinion").fetchone()[0]
    target.execute("CREATE TEMP TABLE base_opinion AS SELECT id FROM opinion")
    for k in range(1, times):
        t = time.perf_counter()
        with target:
            target.execute("DROP TABLE IF EXISTS temp.id_map")
            target.execute(f"CREATE TEMP TABLE id_map AS SELECT id AS old, {_NEW_ID} AS new FROM base_opinion")
            sel = ", ".join("m.new" if c == "id" else f"o.{c}" for c in op_cols)
            target.execute(
                f"INSERT INTO opinion ({', '.join(op_cols)}) SELECT {sel} FROM id_map m JOIN opinion o ON o.id = m.old"
            )
            sel = ", ".join("m.new" if c == "opinion_id" else (_NEW_ID if c == "id" else f"e.{c}") for c in ev_cols)
            target.execute(
                f"INSERT INTO opinion_event ({', '.join(ev_cols)}) "
                f"SELECT {sel} FROM id_map m JOIN opinion_event e ON e.opinion_id = m.old"
            )
            target.execute(
                "INSERT INTO opinion_deputy (opinion_id, deputy_id) "
                "SELECT m.new, d.deputy_id FROM id_map m JOIN opinion_deputy d ON d.opinion_id = m.old"
            )
        print(f"copy {k}/{times - 1}: {time.perf_counter() - t:.1f} s", flush=True)
    target.execute("ANALYZE")
    total = target.execute("SELECT count(*) FROM opinion").fetchone()[0]
    target.close()
    print(f"{dst}: {base} opinions × {times} = {total}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=ROOT / "bench" / "out" / "demo.sqlite3")
    parser.add_argument("--dst", type=Path, default=ROOT / "bench" / "out" / "demo-amp.sqlite3")
    parser.add_argument("--times", type=int, default=40)
    args = parser.parse_args()
    amplify(args.src, args.dst, args.times)
    return 0


if __name__ == "__main__":
    sys.exit(main())

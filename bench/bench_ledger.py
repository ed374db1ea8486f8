"""Ledger benchmarks (prints figures; not a test). See bench/README.md.

1. register-reception: the ledger operation (validate + reception, visitor, reception_deputy, audit_log,
   outbox in one BEGIN IMMEDIATE transaction) p50/p95 over N operations, next to the floor: the same five
   rows written with raw ``sqlite3`` INSERTs + COMMIT on a connection with the same pragmas, same file.
   The two are interleaved one for one so machine noise hits both alike. Goal: p95 <= 1.5 x floor.
2. search: ``ledger.search.search`` p95 for 3+ character terms (FTS5 trigram) and 2-character terms (LIKE
   fallback), next to the same result queries done as a plain LIKE scan. Goal: >= 50 x faster, p95 <= 30 ms.
3. month statistics: ``monthly_stats`` for each of the last 12 months. Goal: <= 100 ms.

All writes go to a verified copy of the demo database (``--work``), so the demo file stays as built.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from heshi_station.db.engine import BUSY_TIMEOUT_MS
from heshi_station.db.migrate import backup_to
from heshi_station.db.search_tokens import register_functions
from heshi_station.db.types import new_id, now
from heshi_station.ledger import receptions, reference_data, stats
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import ReceptionInput, VisitorInput
from heshi_station.ledger.pinyin import initials
from heshi_station.ledger.search import like_pattern, search

HERE = Path(__file__).resolve().parent
TERMS_LONG = ["化粪池", "健身器材", "护栏损坏", "日间照料中心", "东杨庄村", "农产品加工", "不存在的检索词"]
TERMS_SHORT = ["路灯", "低保", "冷库", "医保", "护栏", "王芳", "快递"]


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        return {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("reception", "visitor", "opinion", "opinion_event", "outbox", "audit_log")
        }
    finally:
        con.close()


# --------------------------------------------------------------------------------------------- writes
def raw_connection(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    register_functions(con)  # the search-index triggers call heshi_bigrams(), as on every ledger connection
    con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = FULL")
    con.execute("PRAGMA foreign_keys = ON")
    return con


def raw_register(con: sqlite3.Connection, deputy_id: str, category_id: str, i: int) -> None:
    """The floor: the same five rows a register-reception with one visitor, one deputy and no opinion writes."""
    at = now()
    rid, vid = new_id(), new_id()
    name, phone, village, matter = f"基准{i}", f"1990{i % 10**7:07d}", "东杨庄村", f"基准测试第{i}次接待：路灯损坏"
    payload = {
        "id": rid,
        "received_at": at.isoformat(),
        "way": "phone",
        "place": "",
        "clerk_name": "基准",
        "matter": matter,
        "category_id": category_id,
        "confidential": False,
        "anonymous": False,
        "outcome": "",
        "deputy_ids": [deputy_id],
        "visitors": [
            {
                "id": vid,
                "name": name,
                "gender": "",
                "phone": phone,
                "id_number": "",
                "village": village,
                "group_size": 1,
            }
        ],
    }
    ts = at.isoformat(timespec="microseconds")
    con.execute("BEGIN IMMEDIATE")
    con.execute(
        "INSERT INTO reception (id, received_at, received_on, way, place, clerk_name, matter, category_id, "
        "confidential, anonymous, outcome, source_key, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (rid, ts, at.date().isoformat(), "phone", "", "基准", matter, category_id, 0, 0, "", None, ts),
    )
    con.execute(
        "INSERT INTO visitor (id, reception_id, position, name, gender, phone, id_number, village, group_size, "
        "name_initials) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (vid, rid, 0, name, "", phone, "", village, 1, initials(name)),
    )
    con.execute("INSERT INTO reception_deputy (reception_id, deputy_id) VALUES (?, ?)", (rid, deputy_id))
    con.execute(
        "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, detail) VALUES (?,?,?,?,?,?,?)",
        (new_id(), ts, "基准", "reception.register", "reception", rid, '{"op": "upsert"}'),
    )
    con.execute(
        "INSERT INTO outbox (op_id, entity, entity_id, op, payload, created_at, status, reject_code, reject_message) "
        "VALUES (?,?,?,?,?,?,?,?,?)",
        (new_id(), "reception", rid, "upsert", json.dumps(payload, ensure_ascii=False), ts, "pending", "", ""),
    )
    con.execute("COMMIT")


def bench_writes(path: Path, n: int) -> None:
    led = Ledger.open(path, actor="基准")
    deputy_id = reference_data.list_deputies(led)[0].id
    category_id = reference_data.list_categories(led)[0].id
    con = raw_connection(path)
    op_times, raw_times = [], []
    for i in range(n):
        inp = ReceptionInput(
            received_at=now(),
            way="phone",
            matter=f"基准测试第{i}次接待：路灯损坏",
            visitors=[VisitorInput(name=f"基准{i}", phone=f"1990{i % 10**7:07d}", village="东杨庄村")],
            deputy_ids=[deputy_id],
            category_id=category_id,
            clerk_name="基准",
        )
        t0 = time.perf_counter()
        receptions.register_reception(led, inp)
        t1 = time.perf_counter()
        raw_register(con, deputy_id, category_id, i)
        t2 = time.perf_counter()
        op_times.append(t1 - t0)
        raw_times.append(t2 - t1)
    con.close()
    led.close()
    op50, op95, raw50, raw95 = pct(op_times, 50), pct(op_times, 95), pct(raw_times, 50), pct(raw_times, 95)
    print(f"\n[register-reception] {n} operations (1 visitor, 1 deputy, no opinion), interleaved with the raw floor")
    print(f"  ledger operation   p50 {ms(op50)}   p95 {ms(op95)}   mean {ms(statistics.mean(op_times))}")
    print(f"  raw sqlite3 floor  p50 {ms(raw50)}   p95 {ms(raw95)}   mean {ms(statistics.mean(raw_times))}")
    print(f"  ratio p95 {op95 / raw95:.2f}x  (goal <= 1.5x: {'met' if op95 <= 1.5 * raw95 else 'NOT met'})")
    print(f"  ratio p50 {op50 / raw50:.2f}x")


# --------------------------------------------------------------------------------------------- search
def like_scan(con: sqlite3.Connection, term: str, limit: int = 50) -> int:
    """What search would cost without the index: the same result queries with LIKE over every row."""
    p = like_pattern(term)
    n = 0
    n += len(
        con.execute(
            "SELECT o.id FROM opinion o WHERE o.content LIKE :p ESCAPE '\\' "
            "ORDER BY o.registered_on DESC, o.id DESC LIMIT :limit",
            {"p": p, "limit": limit},
        ).fetchall()
    )
    n += len(
        con.execute(
            "SELECT r.id FROM reception r WHERE r.matter LIKE :p ESCAPE '\\' OR r.outcome LIKE :p ESCAPE '\\' "
            "OR r.id IN (SELECT v.reception_id FROM visitor v WHERE v.name LIKE :p ESCAPE '\\' "
            "OR v.village LIKE :p ESCAPE '\\' OR v.phone LIKE :p ESCAPE '\\') "
            "ORDER BY r.received_at DESC, r.id DESC LIMIT :limit",
            {"p": p, "limit": limit},
        ).fetchall()
    )
    return n


def bench_search(path: Path, reps: int) -> None:
    led = Ledger.open(path)
    con = raw_connection(path)
    search(led, "预热")  # warm caches the same way for both
    like_scan(con, "预热")
    print(f"\n[search] {reps} rounds over each term list (results capped at 50 per kind, as the screen asks)")
    for label, terms in (("3+ characters (FTS5 trigram)", TERMS_LONG), ("2 characters (bigram index)", TERMS_SHORT)):
        s_times, l_times, hits = [], [], []
        for _ in range(reps):
            for t in terms:
                t0 = time.perf_counter()
                found = search(led, t)
                t1 = time.perf_counter()
                like_scan(con, t)
                t2 = time.perf_counter()
                s_times.append(t1 - t0)
                l_times.append(t2 - t1)
                hits.append(len(found))
        s95, l95 = pct(s_times, 95), pct(l_times, 95)
        print(f"  {label}: terms {' '.join(terms)}")
        print(f"    search      p50 {ms(pct(s_times, 50))}   p95 {ms(s95)}   (hits per query: {min(hits)}-{max(hits)})")
        print(f"    LIKE scan   p50 {ms(pct(l_times, 50))}   p95 {ms(l95)}")
        goal = "met" if l95 >= 50 * s95 and s95 <= 0.030 else "NOT met"
        print(f"    speed-up at p95 {l95 / s95:.1f}x; goal >= 50x and p95 <= 30 ms: {goal}")
    con.close()
    led.close()


# ---------------------------------------------------------------------------------------------- stats
def bench_stats(path: Path, reps: int) -> None:
    led = Ledger.open(path)
    today = led.today()
    months = []
    d = date(today.year, today.month, 1)
    for _ in range(12):
        months.append((d.year, d.month))
        d = (d - timedelta(days=1)).replace(day=1)
    times = []
    for _ in range(reps):
        for y, m in months:
            t0 = time.perf_counter()
            stats.monthly_stats(led, y, m)
            times.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    stats.deputy_yearly(led, today.year)
    yearly = time.perf_counter() - t0
    led.close()
    p95 = pct(times, 95)
    print(f"\n[month statistics] {len(times)} runs over the last 12 months")
    print(f"  monthly_stats  p50 {ms(pct(times, 50))}   p95 {ms(p95)}   max {ms(max(times))}")
    print(f"  goal <= 100 ms: {'met' if p95 <= 0.1 else 'NOT met'}")
    print(f"  deputy_yearly (all deputies, {today.year}) {ms(yearly)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=str(HERE / "out" / "demo.sqlite3"), help="demo database (heshi-station demo)")
    ap.add_argument("--work", default=str(HERE / "out" / "bench-work.sqlite3"), help="scratch copy to write into")
    ap.add_argument("--ops", type=int, default=1000, help="register-reception operations")
    ap.add_argument("--search-reps", type=int, default=20)
    ap.add_argument("--stats-reps", type=int, default=3)
    ap.add_argument("--only", choices=["write", "search", "stats"], action="append")
    args = ap.parse_args(argv)
    src, work = Path(args.db), Path(args.work)
    if not src.exists():
        print(f"{src} not found; build it first: uv run heshi-station demo --db {src} --scale 100000", file=sys.stderr)
        return 2
    for suffix in ("", "-wal", "-shm"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    t0 = time.perf_counter()
    backup_to(src, work)
    print(f"database: {src} (copied to {work} in {time.perf_counter() - t0:.1f} s, verified)")
    print(f"size: {src.stat().st_size / 2**20:.1f} MiB, rows: {counts(work)}")
    random.seed(0)
    only = set(args.only or ["write", "search", "stats"])
    if "write" in only:
        bench_writes(work, args.ops)
    if "search" in only:
        bench_search(work, args.search_reps)
    if "stats" in only:
        bench_stats(work, args.stats_reps)
    return 0


if __name__ == "__main__":
    sys.exit(main())

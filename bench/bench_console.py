"""Console speed on PostgreSQL (issue 12): 全市概览 for a year and 意见跟踪 with filters and a 2-character
search, from the structured tables, next to the same figures computed over the JSON records as stored before
c0002 (``station_record``). Prints figures; not a test.

The database is filled through the real push path (``apply_push``, which also keeps the structured tables),
``--stations`` × ``--opinions`` opinions (each with its reception and two or three handling events) spread
over ``--months`` months ending with December 2026 (36 = the issue's three years), in a fresh schema of
``HESHI_TEST_PG`` (default postgresql://postgres@127.0.0.1/test) that is dropped afterwards.

    uv run python bench/bench_console.py --stations 76 --opinions 400 --reps 15
    uv run python bench/bench_console.py --stations 76 --opinions 4400 --months 36 --keep   # ≈ 1.5 M records
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

from heshi_centre import admin
from heshi_centre.console.accounts import CurrentUser, Role
from heshi_centre.console.overview import city_overview
from heshi_centre.console.queries import OpinionFilter, list_opinions
from heshi_centre.db import open_database
from heshi_centre.push import apply_push
from heshi_protocol.schemas import PushOp
from tests.sync.centre_process import PG_ADMIN_URL, drop_pg_schema, new_pg_schema

CST = timezone(timedelta(hours=8))
WORDS = ["村口路灯不亮", "申请低保复核", "道路坑洼积水", "灌溉水渠淤塞", "小区电梯故障", "垃圾清运不及时",
         "公交站牌缺失", "养老服务中心", "学校周边交通", "农村饮水安全"]  # fmt: skip
ADMIN = CurrentUser(0, "bench", Role.ADMIN, "", "", "")


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) >= 2 else samples[0]


def fill(factory, stations: int, opinions: int, months: int, year: int) -> int:
    """Fill ``stations`` stations with ``opinions`` opinions each, spread over the ``months`` months that end
    with December of ``year`` (so ``--months 36`` is three years, the last one measured)."""
    rng = random.Random(12)
    total = 0
    for n in range(stations):
        code = f"B-{n:03d}"
        with factory.begin() as s:
            station = admin.add_station(s, code, f"第{n}联络站", f"区{n % 8}", "街道")
        ops, seq = [], 0

        def op(entity: str, payload: dict, *, _ops=ops, _code=code) -> None:
            nonlocal seq
            seq += 1
            kind = "append" if entity == "opinion_event" else "upsert"
            _ops.append(PushOp(seq=seq, op_id=f"{_code}-{seq}", entity=entity, entity_id=payload["id"], op=kind,
                               payload=payload))  # fmt: skip

        op("handling_unit", {"id": f"{code}-u", "name": f"单位{n % 12}", "kind": "department", "active": True})
        for i in range(opinions):
            back = months - 1 - i % months  # months before December of `year`
            day = date(year - back // 12, 12 - back % 12, 1 + i % 28)
            at = datetime(day.year, day.month, day.day, 9, tzinfo=CST)
            rid, oid = f"{code}-r{i}", f"{code}-o{i}"
            op("reception", {"id": rid, "received_at": at.isoformat(), "matter": rng.choice(WORDS),
                             "visitors": [{"id": f"{rid}v", "group_size": 1 + i % 3}]})  # fmt: skip
            op("opinion", {"id": oid, "reception_id": rid, "content": f"{rng.choice(WORDS)}，{rng.choice(WORDS)}",
                           "registered_on": day.isoformat(), "route": "transfer"})  # fmt: skip
            op("opinion_event", {"id": f"{oid}e1", "opinion_id": oid, "kind": "registered",
                                 "occurred_at": at.isoformat(), "data": {"route": "transfer"}})  # fmt: skip
            op("opinion_event", {"id": f"{oid}e2", "opinion_id": oid, "kind": "transferred",
                                 "occurred_at": (at + timedelta(minutes=5)).isoformat(),
                                 "data": {"lead_unit_id": f"{code}-u", "due_date": (day + timedelta(days=20)).isoformat()}})  # fmt: skip # noqa: E501
            if i % 2:
                op("opinion_event", {"id": f"{oid}e3", "opinion_id": oid, "kind": "replied",
                                     "occurred_at": (at + timedelta(days=5)).isoformat(), "data": {"reply": "已办"}})  # fmt: skip # noqa: E501
        for start in range(0, len(ops), 2000):
            with factory.begin() as s:
                cursor = s.get(type(station), station.id).push_cursor
                apply_push(s, station.id, cursor, ops[start : start + 2000])
        total += len(ops)
    return total


JSON_OVERVIEW = """
SELECT r.station_id, substr(r.payload->>'received_at', 1, 7) AS month, count(*),
       sum((SELECT coalesce(sum((v->>'group_size')::int), 0) FROM jsonb_array_elements(r.payload->'visitors') v))
FROM station_record r WHERE r.entity = 'reception' AND substr(r.payload->>'received_at', 1, 4) = :year
GROUP BY 1, 2;
"""
JSON_OPINIONS = """
SELECT r.station_id, substr(r.payload->>'registered_on', 1, 7), count(*) FROM station_record r
WHERE r.entity = 'opinion' AND substr(r.payload->>'registered_on', 1, 4) = :year GROUP BY 1, 2;
"""
JSON_EVENTS = """
SELECT e.station_id, substr(e.payload->>'occurred_at', 1, 7), e.payload->>'kind',
       count(DISTINCT e.payload->>'opinion_id')
FROM station_record e WHERE e.entity = 'opinion_event' AND substr(e.payload->>'occurred_at', 1, 4) = :year
GROUP BY 1, 2, 3;
"""
JSON_SEARCH = """
SELECT r.entity_id FROM station_record r JOIN centre_station s ON s.id = r.station_id
WHERE r.entity = 'opinion' AND s.district = :district AND r.payload->>'content' LIKE :q
ORDER BY r.payload->>'registered_on' DESC LIMIT 50;
"""


def timed(fn, reps: int) -> list[float]:
    out = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--stations", type=int, default=76)
    ap.add_argument("--opinions", type=int, default=400, help="opinions per station")
    ap.add_argument("--months", type=int, default=12)
    ap.add_argument("--reps", type=int, default=15)
    ap.add_argument("--keep", action="store_true", help="keep the filled schema (its name is printed)")
    ap.add_argument("--schema", help="measure an existing schema filled by an earlier --keep run (no fill)")
    args = ap.parse_args()
    year = 2026
    if args.schema:
        base = PG_ADMIN_URL.replace("postgresql://", "postgresql+psycopg://", 1)
        url, schema = f"{base}?options=-csearch_path%3D{args.schema}", args.schema
    else:
        url, schema = new_pg_schema()
    try:
        engine, factory = open_database(url)
        if not args.schema:
            t = time.perf_counter()
            records = fill(factory, args.stations, args.opinions, args.months, year)
            fill_s = time.perf_counter() - t
            # What autovacuum does to an insert-mostly table soon after a fill like this: statistics, and the
            # visibility map that lets the search read the bigram index without visiting its table.
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.exec_driver_sql("VACUUM ANALYZE")
            print(f"filled {records:,} records ({args.stations} stations × {args.opinions} opinions) through "
                  f"apply_push in {fill_s:.0f} s ({records / fill_s:,.0f} records/s incl. projection)")  # fmt: skip
        if args.keep:
            print(f"schema kept: {schema} (--schema {schema} measures it again; drop it when done)")
        today = date(year, 12, 31)

        def overview():
            with factory() as s:
                city_overview(s, ADMIN, year, today)

        def overview_json():
            with factory() as s:
                for q in (JSON_OVERVIEW, JSON_OPINIONS, JSON_EVENTS):
                    s.execute(text(q), {"year": str(year)}).all()

        f = OpinionFilter(district="区3", state="open", q="路灯")

        def search():
            with factory() as s:
                list_opinions(s, ADMIN, f, today)

        def search_json():
            with factory() as s:
                s.execute(text(JSON_SEARCH), {"district": "区3", "q": "%路灯%"}).all()

        for name, fn, json_fn, goal in (("全市概览 (year)", overview, overview_json, 200),
                                        ("意见跟踪 district+open+'路灯'", search, search_json, 300)):  # fmt: skip
            fn(), json_fn()  # warm
            a, b = p95(timed(fn, args.reps)), p95(timed(json_fn, args.reps))
            verdict = "met" if a <= goal else "NOT met"
            print(f"{name}: p95 {a:.1f} ms (goal ≤ {goal} ms: {verdict}); over JSON records p95 {b:.1f} ms; "
                  f"ratio JSON/structured {b / a:.2f}")  # fmt: skip
        engine.dispose()
    finally:
        if not (args.keep or args.schema):
            drop_pg_schema(schema)


if __name__ == "__main__":
    main()

"""Load test of the centre: N simulated stations do their daily sync (push one day's records, then pull the
feed until no more) against a real centre (uvicorn, ``--workers W``) on loopback, on a fresh PostgreSQL
database; then every station's records at the centre are checked against what it sent.

    uv run python bench/bench_centre_load.py --stations 200 --workers 2 [--concurrency 200] [--records 50]

Prints records/s, push and pull latency (p50/p95/p99), errors, database size per million records and the
check (lost / duplicated / wrong records). Bounded: ``--time-limit`` seconds for the sync phase (stations
not done by then count as errors), one request per station at a time, ``--concurrency`` stations at once.
By default every station starts in the same instant (the worst case: a push's latency is then mostly its
wait behind all the others — Little's law, stations ÷ throughput); ``--spread S`` starts each at a random
moment within S seconds, as stations sync through a working day, and then records/s is bounded by S.

What a station sends is real station output: the outbox of a small demo ledger made by the demo generator
(cached in bench/out/), one day's worth of its records (the station record, receptions, opinions, their
handling events, ...), with every id rewritten per station (uuid5), in the wire format the station uses
(``wire.encode_push_body``: gzip JSON, the same headers). Registering thousands of stations goes through
the centre's own ``admin.add_station`` / ``admin.issue_token`` in one transaction, before the server starts.

The server is ``create_app`` on an engine whose pool is sized for the worker count (``load_app`` below):
PostgreSQL allows 100 connections here and other work shares it, so W workers get ``--db-connections / W``
each, and each worker runs at most that many requests' database work at once (the thread limiter).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import sqlite3
import ssl
import subprocess
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.proc_cpu import backend_cpu, process_tree_cpu  # noqa: E402

OUT = ROOT / "bench" / "out"
TEMPLATE_RECEPTIONS = 40
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
NS = uuid.UUID("6f1c3c52-3a0e-4d8e-9a43-5d1f0c1b2a77")
# Idle kept-alive connections: the server keeps them longer than any run, and the client's pool keeps them
# nearly as long, so its keep-alive expiry never fires during a run. It must not: httpcore 1.0.9's pool can
# close an "expired" idle connection it has just handed to a waiting request (encode/httpcore#1110) — with
# thousands of stations on a CPU-starved event loop the request starts before the close lands, and its read
# fails with ``ReadError(ClosedResourceError)``: the 0-1 pull ReadError per all-at-once run, the generator's
# own, never the centre's (traced 2026-12-03: the pull's request went out on a reused connection and the
# client's pool closed that socket 0.5 s later; the kernel counted one TCPAbortOnClose, the centre logged
# nothing). The server keeps longer than the client, so the client (the side that reuses) closes first.
SERVER_KEEP_ALIVE_S = 900
CLIENT_KEEP_ALIVE_S = 840
# Like the station's client (heshi_station/sync/client.py): a request whose connection dropped before the
# answer is sent again (a pull only reads; the centre de-duplicates a re-sent push), at most this many times.
# Each such resend is counted and reported; any other failure is an error.
RESENDS = 3


# -- the server side ----------------------------------------------------------------------------------------
def load_app():
    """uvicorn ``--factory`` entry point: the centre's app on ``DATABASE_URL`` (already migrated by the bench),
    with ``HESHI_LOAD_POOL`` database connections per worker."""
    import anyio.to_thread
    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker

    from heshi_centre.app import create_app

    pool = int(os.environ.get("HESHI_LOAD_POOL", "20"))
    engine = create_engine(os.environ["DATABASE_URL"], pool_size=pool, max_overflow=0, pool_timeout=120)
    app = create_app(sessionmaker(engine, expire_on_commit=False))

    @app.on_event("startup")
    async def limit_threads() -> None:
        # No more requests doing database work at once than there are connections: the rest wait their
        # turn in the event loop instead of timing out in the pool.
        anyio.to_thread.current_default_thread_limiter().total_tokens = pool

    return app


# -- what stations send ---------------------------------------------------------------------------------------
def template_ops(records: int) -> list[dict]:
    """One day of a station's outbox, from a cached demo ledger: the station record, a reception day with
    a few attendances and duty records, then receptions each followed by its opinions and their handling
    events (so every event's opinion is sent before it), cut at ``records``."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"load-template-{TEMPLATE_RECEPTIONS}.sqlite3"
    if not path.exists():
        from heshi_station.demo.generator import generate
        from heshi_station.ledger.context import Ledger

        ledger = Ledger.open(path, clock=lambda: datetime(2026, 6, 30, 17, 0).astimezone())
        generate(ledger, seed=2026, scale=TEMPLATE_RECEPTIONS)
        ledger.close()
    with sqlite3.connect(path) as db:
        rows = db.execute("select op_id, entity, entity_id, op, payload from outbox order by seq").fetchall()
    by_entity: dict[str, list[dict]] = {}
    for op_id, entity, entity_id, op, payload in rows:
        op = {"op_id": op_id, "entity": entity, "entity_id": entity_id, "op": op, "payload": json.loads(payload)}
        by_entity.setdefault(entity, []).append(op)
    day = by_entity["station"][:1] + by_entity["reception_day"][:1] + by_entity["attendance"][:4]
    day += by_entity.get("duty_activity", [])[:2]
    opinions_of: dict[str, list[dict]] = {}
    for o in by_entity["opinion"]:
        opinions_of.setdefault(o["payload"].get("reception_id"), []).append(o)
    events_of: dict[str, list[dict]] = {}
    for e in by_entity["opinion_event"]:
        events_of.setdefault(e["payload"].get("opinion_id"), []).append(e)
    for r in by_entity["reception"]:
        day.append(r)
        for o in opinions_of.get(r["entity_id"], []):
            day += [o, *events_of.get(o["entity_id"], [])]
    if len(day) < records:
        raise SystemExit(f"the template ledger has only {len(day)} usable records; use --records {len(day)} or less")
    return day[:records]


def station_code(i: int) -> str:
    return f"LT-{i:05d}"


def station_ops(template: list[dict], i: int) -> list[dict]:
    """The template with every uuid replaced by a per-station one and the station's own code, numbered 1…n."""
    code = station_code(i)
    text = json.dumps(template, ensure_ascii=False)
    text = UUID_RE.sub(lambda m: str(uuid.uuid5(NS, f"{i}:{m.group(0)}")), text)
    ops = json.loads(text)
    for seq, op in enumerate(ops, start=1):
        op["seq"] = seq
        if op["entity"] == "station":
            op["payload"].update(code=code, name=f"压测联络站 {i:05d}")
    return ops


def push_bodies(ops: list[dict], batch: int) -> list[tuple[int, list[dict], bytes]]:
    """(after, ops, gzip body) per batch, exactly as the station encodes them (epoch None: first contact)."""
    from heshi_protocol import wire

    out, after = [], 0
    for k in range(0, len(ops), batch):
        chunk = ops[k : k + batch]
        out.append((after, chunk, wire.encode_push_body(after, None, [wire.encode_json(op) for op in chunk])))
        after = chunk[-1]["seq"]
    return out


# -- database -------------------------------------------------------------------------------------------------
def admin_url(dbname: str = "test") -> str:
    from tests.sync.centre_process import PG_ADMIN_URL

    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + dbname


def create_database() -> str:
    import psycopg

    name = f"heshi_pushload_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url(), autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    return name


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url(), autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')


def set_up(url: str, stations: int, feed_units: int) -> dict[str, str]:
    """Migrate, load the holiday table and ``feed_units`` centre units (what stations pull), register the
    stations; returns code -> token."""
    from heshi_centre import admin, feed
    from heshi_centre.db import open_database

    engine, factory = open_database(url)
    tokens = {}
    try:
        with factory.begin() as s:
            admin.load_holidays(s)
            for u in range(feed_units):
                feed.save_unit(s, str(uuid.uuid5(NS, f"unit:{u}")), {"name": f"压测单位{u:04d}", "kind": "department"})
        with factory.begin() as s:
            for i in range(stations):
                code = station_code(i)
                admin.add_station(s, code, f"压测联络站 {i:05d}", "压测区", "压测街道")
                tokens[code] = admin.issue_token(s, code)
    finally:
        engine.dispose()
    return tokens


def table_bytes(url: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "select c.relname, pg_total_relation_size(c.oid) from pg_class c "
            "join pg_namespace n on n.oid = c.relnamespace where c.relkind = 'r' and n.nspname = 'public'"
        ).fetchall()
    return dict(rows)


def verify(url: str, sent: dict[str, list[dict]]) -> Counter:
    """Compare every station's records and ops log at the centre with what it sent."""
    import psycopg

    result: Counter = Counter()
    expected: dict[str, dict[tuple[str, str], dict]] = {}
    for code, ops in sent.items():
        latest = {}
        for op in ops:
            latest[(op["entity"], op["entity_id"])] = op["payload"]
        expected[code] = latest
    with psycopg.connect(url) as conn:
        found: dict[str, dict] = {code: {} for code in sent}
        for code, entity, entity_id, payload in conn.execute(
            "select s.code, r.entity, r.entity_id, r.payload from station_record r "
            "join centre_station s on s.id = r.station_id"
        ):
            found.setdefault(code, {})[(entity, entity_id)] = payload
        ops_log = {
            code: (n, distinct, applied, cursor)
            for code, n, distinct, applied, cursor in conn.execute(
                "select s.code, count(o.id), count(distinct o.op_id), "
                "count(o.id) filter (where o.status <> 'rejected'), s.push_cursor "
                "from centre_station s left join received_op o on o.station_id = s.id group by s.id"
            )
        }
    for code, want in expected.items():
        have = found.get(code, {})
        result["records expected"] += len(want)
        result["records lost"] += sum(1 for k in want if k not in have)
        result["records wrong"] += sum(1 for k, v in want.items() if k in have and have[k] != v)
        result["records extra"] += sum(1 for k in have if k not in want)
        n, distinct, applied, cursor = ops_log.get(code, (0, 0, 0, 0))
        result["ops sent"] += len(sent[code])
        result["ops logged"] += n
        result["ops duplicated"] += n - distinct
        result["ops not accepted"] += len(sent[code]) - applied
        result["stations with wrong cursor"] += cursor != sent[code][-1]["seq"]
    return result


# -- CPU time (Linux /proc): what each side spent, which a shared machine disturbs far less than wall time -----
def backends_cpu(url: str, dbname: str) -> dict[int, float]:
    """CPU seconds of the PostgreSQL backends connected to ``dbname`` (the centre's pooled connections)."""
    import psycopg

    try:
        return backend_cpu(url, "datname", dbname)
    except psycopg.OperationalError:  # e.g. no connection slot left: the figure is then missing, not the run
        return {}


def cpu_snapshot(server_pid: int, url: str, dbname: str) -> dict[str, dict[int, float]]:
    if not Path("/proc/self/stat").exists():
        return {}
    me = os.times()
    return {
        "centre": process_tree_cpu(server_pid),
        "postgres": backends_cpu(url, dbname),
        "generator": {os.getpid(): me.user + me.system},
    }


def cpu_spent(before: dict, after: dict) -> dict[str, float]:
    """CPU seconds per side between two snapshots (a process new since ``before`` counts from zero)."""
    return {
        side: sum(cpu - before.get(side, {}).get(pid, 0.0) for pid, cpu in now.items()) for side, now in after.items()
    }


# -- the stations -------------------------------------------------------------------------------------------
@dataclass
class Figures:
    push_ms: list[float] = field(default_factory=list)
    pull_ms: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    resent: Counter = field(default_factory=Counter)  # requests sent again after a dropped connection
    error_details: list[str] = field(default_factory=list)
    done: int = 0
    pulled: int = 0


async def send(client, figures: Figures, method: str, path: str, **kw):
    """One request, sent again (up to ``RESENDS`` times) if its connection dropped (reset or closed), as the
    station's client does for a connection dropped before the answer (httpx does not say whether any of the
    answer had arrived; both requests are safe to resend); a stall (timeout) or any other failure is raised."""
    import httpx

    for attempt in range(RESENDS + 1):
        try:
            return await client.request(method, path, **kw)
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            if attempt == RESENDS:
                raise
            figures.resent[f"{method} {path}: {type(exc).__name__}"] += 1
    raise AssertionError("unreachable")


async def one_station(client, code: str, token: str, bodies, figures: Figures, pull_page: int) -> None:
    from heshi_protocol import wire

    headers = {
        "Authorization": f"Bearer {token}",
        wire.HEADER_PROTOCOL: str(wire.PROTOCOL_VERSION),
        wire.HEADER_STATION: code,
        "User-Agent": "heshi-load-test",
    }
    push_headers = {**headers, "Content-Type": "application/json", "Content-Encoding": "gzip"}
    t = time.perf_counter()
    what = "push"

    async def answered(latencies: list[float], method: str, path: str, **kw) -> dict | None:
        """The request timed into ``latencies``; its JSON answer, or None (an error counted) if not 200."""
        nonlocal t
        t = time.perf_counter()
        r = await send(client, figures, method, path, **kw)
        latencies.append((time.perf_counter() - t) * 1000)
        if r.status_code != 200:
            figures.errors[f"{what} HTTP {r.status_code} {r.json().get('code', '')}"] += 1
            return None
        return r.json()

    try:
        for _after, ops, body in bodies:
            reply = await answered(figures.push_ms, "POST", "/api/v1/push", content=body, headers=push_headers)
            if reply is None:
                return
            if reply["statuses"] != "a" * len(ops):
                figures.errors["push answer not all applied"] += 1
                return
        since = 0
        what = "pull"
        while True:
            params = {"since": since, "limit": pull_page}
            page = await answered(figures.pull_ms, "GET", "/api/v1/pull", params=params, headers=headers)
            if page is None:
                return
            figures.pulled += len(page["changes"])
            since = page["next_since"]
            if not page["more"]:
                break
        figures.done += 1
    except Exception as exc:  # a load test counts every failure, whatever it is
        figures.errors[f"{what}: {type(exc).__name__}"] += 1
        after_s = time.perf_counter() - t
        figures.error_details.append(f"{code}: {what} after {after_s:.3f} s: {type(exc).__name__}: {exc!r}"[:300])


async def run_stations(
    url: str, tokens: dict, bodies: dict, concurrency: int, pull_page: int, limit_s: float, spread_s: float = 0.0
):
    """Every station syncs once; with ``spread_s`` each starts at a random moment within that many seconds
    (seeded), as a province's stations sync through a working day instead of all in the same instant."""
    import random

    import httpx

    figures = Figures()
    gate = asyncio.Semaphore(concurrency)
    # Each station is its own PC with its own connection: one small client (a pool of one connection) per
    # station, built before the clock starts, sharing one TLS context (plain HTTP here, so never used). One
    # client shared by thousands of stations would measure httpcore instead of the centre: its pool scans
    # every connection (quadratically) on each request, which cost the generator more CPU than the centre
    # and delayed requests by tens of seconds on this 2-core machine.
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1, keepalive_expiry=CLIENT_KEEP_ALIVE_S)
    tls = ssl.create_default_context()
    # A request's latency here is mostly its wait in the queue of all the stations: the timeout only bounds
    # a hung request (``--time-limit`` bounds the run).
    clients = {
        code: httpx.AsyncClient(base_url=url, limits=limits, timeout=httpx.Timeout(900.0), verify=tls, trust_env=False)
        for code in tokens
    }
    try:
        rng = random.Random(20261203)
        starts = {code: rng.uniform(0, spread_s) for code in tokens} if spread_s > 0 else {}

        async def gated(code: str) -> None:
            if code in starts:
                await asyncio.sleep(starts[code])
            async with gate:
                await one_station(clients[code], code, tokens[code], bodies[code], figures, pull_page)
                await clients[code].aclose()  # as a station does when its sync is over

        tasks = [asyncio.create_task(gated(code)) for code in tokens]
        t = time.perf_counter()
        _done, pending = await asyncio.wait(tasks, timeout=limit_s)
        elapsed = time.perf_counter() - t
        for task in pending:
            task.cancel()
        if pending:
            figures.errors["not finished within --time-limit"] += len(pending)
            await asyncio.gather(*pending, return_exceptions=True)
    finally:
        for client in clients.values():
            await client.aclose()
    return figures, elapsed


# -- the run --------------------------------------------------------------------------------------------------
def start_server(url: str, workers: int, pool: int, port: int, log: Path) -> subprocess.Popen:
    import requests

    env = {**os.environ, "DATABASE_URL": url, "HESHI_LOAD_POOL": str(pool)}
    # Keep-alive longer than a run and than the client's (see SERVER_KEEP_ALIVE_S).
    cmd = [
        sys.executable, "-m", "uvicorn", "bench_centre_load:load_app", "--factory", "--app-dir", str(ROOT / "bench"),
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers), "--no-access-log",
        "--log-level", "warning", "--backlog", "4096", "--timeout-keep-alive", str(SERVER_KEEP_ALIVE_S),
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"centre exited with {proc.returncode}; see {log}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).ok:
                time.sleep(1.0 * workers)  # let every worker finish starting, not just the first
                return proc
        except requests.RequestException:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("centre did not start in time")


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


@dataclass
class Result:
    stations: int
    workers: int
    concurrency: int
    records: int
    elapsed: float
    figures: Figures
    check: Counter
    bytes_per_million: float
    sizes: dict
    database: str  # dropped after the run unless ``keep``
    spread: float = 0.0  # seconds the starts were spread over (records/s is then bounded by the spread)
    cpu: dict = field(default_factory=dict)  # CPU seconds of the sync phase: centre, postgres, generator

    @property
    def ok(self) -> bool:
        c = self.check
        bad = ("records lost", "records wrong", "records extra", "ops duplicated", "ops not accepted")
        return not self.figures.errors and not any(c[k] for k in bad) and not c["stations with wrong cursor"]


def run(stations: int, workers: int, concurrency: int, records: int, *, batch: int = 1000, pull_page: int = 500,
        feed_units: int = 200, time_limit: float = 600.0, db_connections: int = 60, keep: bool = False,
        log: Path | None = None, spread: float = 0.0) -> Result:  # fmt: skip
    """One bounded load run on a fresh database (dropped afterwards unless ``keep``)."""
    from tests.sync.centre_process import free_port

    template = template_ops(records)
    sent = {station_code(i): station_ops(template, i) for i in range(stations)}
    bodies = {code: push_bodies(ops, batch) for code, ops in sent.items()}
    dbname = create_database()
    url = admin_url(dbname).replace("postgresql://", "postgresql+psycopg://", 1)
    proc = None
    try:
        tokens = set_up(url, stations, feed_units)
        before = table_bytes(admin_url(dbname))
        port = free_port()
        log = log or OUT / "centre-load.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        proc = start_server(url, workers, max(4, db_connections // workers), port, log)
        cpu_before = cpu_snapshot(proc.pid, admin_url(dbname), dbname)
        figures, elapsed = asyncio.run(
            run_stations(f"http://127.0.0.1:{port}", tokens, bodies, concurrency, pull_page, time_limit, spread)
        )
        cpu = cpu_spent(cpu_before, cpu_snapshot(proc.pid, admin_url(dbname), dbname))
        proc.terminate()
        proc.wait(30)
        proc = None
        check = verify(admin_url(dbname), sent)
        after = table_bytes(admin_url(dbname))
        total = sum(len(ops) for ops in sent.values())
        grown = {t: after[t] - before.get(t, 0) for t in after}
        per_million = sum(grown.values()) / max(1, check["ops logged"]) * 1_000_000
        return Result(
            stations, workers, concurrency, total, elapsed, figures, check, per_million, grown, dbname, spread, cpu
        )
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(30)
        if not keep:
            drop_database(dbname)


def report(r: Result) -> str:
    f = r.figures
    lines = [
        f"stations {r.stations}, workers {r.workers}, concurrency {r.concurrency}"
        f"{f', starts spread over {r.spread:.0f} s' if r.spread else ', all at once'}: "
        f"{r.records} records pushed in {r.elapsed:.1f} s -> {r.records / r.elapsed:.0f} records/s, "
        f"{f.done}/{r.stations} stations completed, {f.pulled} changes pulled",
        f"  push latency ms: p50 {pct(f.push_ms, 50):.0f}  p95 {pct(f.push_ms, 95):.0f}  p99 {pct(f.push_ms, 99):.0f}"
        f"   ({len(f.push_ms)} requests)",
        f"  pull latency ms: p50 {pct(f.pull_ms, 50):.0f}  p95 {pct(f.pull_ms, 95):.0f}  p99 {pct(f.pull_ms, 99):.0f}"
        f"   ({len(f.pull_ms)} requests)",
        *(
            [
                "  CPU s in the sync phase: "
                + ", ".join(f"{side} {sec:.1f}" for side, sec in r.cpu.items())
                + f"  (centre {r.cpu['centre'] / r.stations * 1000:.0f} ms per station; "
                f"{r.records / max(0.01, r.cpu['centre'] + r.cpu['postgres']):.0f} records per centre+db CPU s)"
            ]
            if r.cpu
            else []
        ),
        f"  resent after a dropped connection (as the station does): {sum(f.resent.values())}"
        f" {dict(f.resent) if f.resent else ''}",
        f"  errors: {sum(f.errors.values())} {dict(f.errors) if f.errors else ''}",
        *(f"    {d}" for d in f.error_details[:5]),
        "  check: " + ", ".join(f"{k} {v}" for k, v in r.check.items()),
        f"  database growth: {r.bytes_per_million / 2**30:.2f} GiB per million records "
        f"({', '.join(f'{t} {b / 2**20:.1f} MiB' for t, b in sorted(r.sizes.items(), key=lambda x: -x[1])[:6])})",
        f"  {'OK: 0 errors, 0 lost, 0 duplicated' if r.ok else 'NOT OK'}",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stations", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--concurrency", type=int, help="stations syncing at once (default: all of them)")
    parser.add_argument("--records", type=int, default=50, help="records each station pushes (one day)")
    parser.add_argument("--feed-units", type=int, default=200, help="centre units in the feed stations pull")
    parser.add_argument("--time-limit", type=float, default=600.0, help="seconds for the sync phase")
    parser.add_argument("--db-connections", type=int, default=60, help="PostgreSQL connections for all workers")
    parser.add_argument("--keep", action="store_true", help="keep the database (its name is printed)")
    parser.add_argument(
        "--spread",
        type=float,
        default=0.0,
        help="seconds over which the stations start, at random (default 0: all at the same instant)",
    )
    args = parser.parse_args()
    from tests.sync.centre_process import postgres_reachable

    if reason := postgres_reachable():
        print(f"PostgreSQL is needed: {reason}", file=sys.stderr)
        return 2
    r = run(
        args.stations, args.workers, args.concurrency or args.stations, args.records,
        feed_units=args.feed_units, time_limit=args.time_limit, db_connections=args.db_connections, keep=args.keep,
        spread=args.spread,
    )  # fmt: skip
    print(report(r))
    return 0 if r.ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: push N outbox records (default 50,000) from a demo station to the centre on PostgreSQL over
loopback, and print the figures next to their baselines:

- records/s of ``run_sync`` (real centre process, gzip batches)  vs  PostgreSQL COPY of the records alone into
  their two tables (the baseline issue 11 was filed against, before issue 12 made the push keep the console's
  tables in the same transaction), and vs a naive client sending one request per record (goal ≥ 20× faster);
- the same push vs COPY of *every row it stored* into the same tables of a fresh schema: besides the records, the
  console's tables — the bulk-load floor of what the push must write, i.e. "COPY of the same rows" (goal ≥ 0.3×);
- bytes on the wire per record (through a counting TCP proxy, request and reply)  vs  ``gzip -6`` of the
  same records as JSON lines (goal ≤ 1.2×);
- CPU seconds of each side (Linux, PostgreSQL on this machine): the push's station process, centre process
  and the centre's PostgreSQL backends, vs the COPY's client and backend. On a shared machine wall-clock
  figures swing 2× with the load; CPU seconds much less, so the CPU ratio is printed next to the wall ratio.

The station data comes from the demo generator (cached in bench/out/). Needs PostgreSQL at 127.0.0.1:5432.

    uv run python bench/bench_sync.py [--records 50000] [--naive-sample 1500]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sqlite3
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from bench import proc_cpu  # noqa: E402
from bench.proc_cpu import cpu_seconds  # noqa: E402
from heshi_centre import admin  # noqa: E402
from heshi_centre.db import open_database  # noqa: E402
from heshi_protocol import wire  # noqa: E402
from heshi_station.ledger.context import Ledger  # noqa: E402
from heshi_station.ledger.reference_data import get_station  # noqa: E402
from heshi_station.sync.client import CentreClient  # noqa: E402
from heshi_station.sync.engine import BatchLimits, run_sync  # noqa: E402
from tests.sync.centre_process import (  # noqa: E402
    PG_ADMIN_URL,
    CentreProcess,
    drop_pg_schema,
    new_pg_schema,
    postgres_reachable,
)
from tests.sync.tcp_proxy import TcpProxy  # noqa: E402

OUT = ROOT / "bench" / "out"


def backend_cpu(app_name: str) -> dict[int, float]:
    """CPU so far of the PostgreSQL backends whose application_name is ``app_name`` (pid -> seconds)."""
    return proc_cpu.backend_cpu(PG_ADMIN_URL, "application_name", app_name)


OPS_PER_RECEPTION = 6.8  # a little under what the demo generator produces on average


def demo_station(records: int) -> Path:
    """A cached demo ledger with at least ``records`` outbox rows."""
    OUT.mkdir(parents=True, exist_ok=True)
    for candidate in sorted(OUT.glob("station-*.sqlite3")):
        with sqlite3.connect(candidate) as db:
            if db.execute("select count(*) from outbox").fetchone()[0] >= records:
                return candidate
    path = OUT / f"station-{records}-{int(records / OPS_PER_RECEPTION) + 200}.sqlite3"
    from heshi_station.demo.generator import generate

    print(f"generating demo station ({records} records) into {path} — once; cached afterwards", file=sys.stderr)
    # A fixed mid-year "today": every deadline the demo computes falls inside a year the bundled holiday
    # table covers (near December the generator would need next year's table).
    ledger = Ledger.open(path, clock=lambda: datetime(2026, 6, 30, 17, 0).astimezone())
    generate(ledger, seed=2026, scale=int(records / OPS_PER_RECEPTION) + 200)
    ledger.close()
    return path


def station_copy(src: Path, dst: Path, records: int) -> None:
    """A fresh copy of the demo ledger holding exactly ``records`` pending outbox rows."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(dst) + suffix).unlink(missing_ok=True)
    with sqlite3.connect(src) as s, sqlite3.connect(dst) as d:
        s.backup(d)
    with sqlite3.connect(dst) as db:
        db.execute(
            "delete from outbox where seq > (select seq from outbox order by seq limit 1 offset ?)", (records - 1,)
        )
        db.execute("update outbox set status='pending', acked_at=null, reject_code='', reject_message=''")
        db.execute("delete from sync_cursor")


def outbox_ops(path: Path) -> list[dict]:
    with sqlite3.connect(path) as db:
        rows = db.execute("select seq, op_id, entity, entity_id, op, payload from outbox order by seq").fetchall()
    return [
        {"seq": r[0], "op_id": r[1], "entity": r[2], "entity_id": r[3], "op": r[4], "payload": json.loads(r[5])}
        for r in rows
    ]


class Centre:
    """A fresh PostgreSQL schema, the station registered, and a real centre process."""

    def __init__(self, code: str, name: str, start: bool = True) -> None:
        self.url_db, self.schema = new_pg_schema()
        # Named so its backends can be found in pg_stat_activity (their CPU is part of the push's cost).
        self.app_name = f"bench_{self.schema}"
        self.url_db += f"&application_name={self.app_name}"
        self.engine, self.factory = open_database(self.url_db)
        with self.factory.begin() as s:
            self.station_id = admin.add_station(s, code, name).id
            self.token = admin.issue_token(s, code)
        self.process = CentreProcess(self.url_db).start() if start else None

    @property
    def pg_url(self) -> str:
        """The schema's address for psycopg itself (no SQLAlchemy driver prefix)."""
        return self.url_db.replace("postgresql+psycopg://", "postgresql://")

    def close(self) -> None:
        if self.process:
            self.process.stop()
        self.engine.dispose()
        drop_pg_schema(self.schema)


def timed_copy(code: str, name: str, write) -> tuple[float, dict]:
    """``write(cursor, centre)`` (the COPYs of a baseline) on one connection to a fresh schema with the station
    registered, then commit: (seconds, CPU seconds of the client and of its PostgreSQL backend)."""
    import psycopg

    centre = Centre(code, name, start=False)
    try:
        t, client0 = time.perf_counter(), time.process_time()
        with psycopg.connect(centre.pg_url) as conn, conn.cursor() as cur:
            backend = conn.info.backend_pid
            backend0 = cpu_seconds(backend)
            write(cur, centre)
            conn.commit()
            backend_s = cpu_seconds(backend) - backend0
        return time.perf_counter() - t, {"client": time.process_time() - client0, "postgres": backend_s}
    finally:
        centre.close()


def stored_rows(centre: Centre) -> dict[str, bytes]:
    """Every row the centre holds for the station, per table (``COPY … TO``, text format), in the order the
    tables can be loaded (parents first); the station's own registration rows are left out."""
    import psycopg

    from heshi_centre.models import Base

    out: dict[str, bytes] = {}
    with psycopg.connect(centre.pg_url) as conn, conn.cursor() as cur:
        for table in Base.metadata.sorted_tables:
            if table.name in REGISTRATION_TABLES or "station_id" not in table.c:
                continue
            with cur.copy(f"COPY (SELECT * FROM {table.name} WHERE station_id = {centre.station_id}) TO STDOUT") as c:
                data = b"".join(bytes(chunk) for chunk in c)
            if data:
                out[table.name] = data
    return out


# Written when the station is registered (the baseline's fresh schema has them too), not by the push.
REGISTRATION_TABLES = {"centre_station", "station_token"}


def copy_stored_rate(stored: dict[str, bytes], code: str, name: str) -> tuple[float, dict, int]:
    """COPY of every row the push stored, into the same tables of a fresh schema: the bulk-load floor of what
    the push keeps (its records and the console's tables the push keeps in the same transaction).
    (seconds, CPU seconds per side, rows)."""

    def write(cur, _centre) -> None:
        for table, data in stored.items():
            with cur.copy(f"COPY {table} FROM STDIN") as c:
                c.write(data)

    seconds, cpu = timed_copy(code, name, write)
    return seconds, cpu, sum(data.count(b"\n") for data in stored.values())


def timed_push(
    path: Path, code: str, name: str, via_proxy: bool, keep: dict | None = None
) -> tuple[float, int, int, int, dict]:
    """(seconds, records sent, bytes up, bytes down, CPU seconds per side); ``keep`` receives every row the
    centre stored (``stored_rows``)."""
    centre = Centre(code, name)
    proxy = TcpProxy(centre.process.port) if via_proxy else None
    ledger = Ledger.open(path)
    try:
        client = CentreClient(proxy.url if proxy else centre.process.url, centre.token, code)
        pid = centre.process.proc.pid
        station0, centre0, pg0 = time.process_time(), cpu_seconds(pid), backend_cpu(centre.app_name)
        t = time.perf_counter()
        result = run_sync(ledger, client, limits=BatchLimits())
        elapsed = time.perf_counter() - t
        pg1 = backend_cpu(centre.app_name)
        cpu = {
            "station": time.process_time() - station0,  # includes the proxy's threads when via_proxy
            "centre": cpu_seconds(pid) - centre0,
            "postgres": sum(v - pg0.get(p, 0.0) for p, v in pg1.items()),
        }
        assert result.applied == result.sent and ledger.pending_outbox_count() == 0, result
        if keep is not None:
            keep.update(stored_rows(centre))
        return elapsed, result.sent, (proxy.bytes_up if proxy else 0), (proxy.bytes_down if proxy else 0), cpu
    finally:
        ledger.close()
        if proxy:
            proxy.close()
        centre.close()


def copy_rate(ops: list[dict], code: str, name: str) -> tuple[float, dict]:
    """PostgreSQL COPY of the same rows into received_op and station_record; (seconds, CPU seconds per side)."""
    now = datetime.now(UTC)
    latest: dict[tuple[str, str], dict] = {}
    for op in ops:
        latest[(op["entity"], op["entity_id"])] = op

    def write(cur, centre: Centre) -> None:
        with cur.copy(
            "COPY received_op (station_id, seq, op_id, entity, entity_id, op, status, code, message, received_at)"
            " FROM STDIN"
        ) as copy:
            for op in ops:
                copy.write_row(
                    (centre.station_id, op["seq"], op["op_id"], op["entity"], op["entity_id"], op["op"], "applied",
                     "", "", now)
                )  # fmt: skip
        with cur.copy(
            "COPY station_record (station_id, entity, entity_id, payload, seq, updated_at) FROM STDIN"
        ) as copy:
            for (entity, entity_id), op in latest.items():
                copy.write_row(
                    (centre.station_id, entity, entity_id, json.dumps(op["payload"], ensure_ascii=False), op["seq"],
                     now)
                )  # fmt: skip

    return timed_copy(code, name, write)


def naive_rate(ops: list[dict], code: str, name: str) -> float:
    """One plain-JSON request per record, a new connection each time; records per second."""
    centre = Centre(code, name)
    try:
        headers = {"Authorization": f"Bearer {centre.token}", wire.HEADER_PROTOCOL: "1", wire.HEADER_STATION: code}
        after = 0
        t = time.perf_counter()
        for op in ops:
            r = requests.post(
                centre.process.url + "/api/v1/push", json={"after": after, "ops": [op]}, headers=headers, timeout=30
            )
            r.raise_for_status()
            after = op["seq"]
        return len(ops) / (time.perf_counter() - t)
    finally:
        centre.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--naive-sample", type=int, default=1500)
    parser.add_argument("--station", type=Path, help="an existing demo ledger to push (default: generated, cached)")
    args = parser.parse_args()
    if reason := postgres_reachable():
        print(f"PostgreSQL is needed: {reason}", file=sys.stderr)
        return 2
    src = args.station or demo_station(args.records)
    work = OUT / "bench-station.sqlite3"
    station_copy(src, work, args.records)
    ops = outbox_ops(work)
    n = len(ops)
    led = Ledger.open(work)
    st = get_station(led)
    led.close()
    code, name = st.code, st.name

    stored: dict[str, bytes] = {}
    push_s, sent, _, _, push_cpu = timed_push(work, code, name, via_proxy=False, keep=stored)
    station_copy(src, work, args.records)
    _, _, up, down, _ = timed_push(work, code, name, via_proxy=True)
    copy_s, copy_cpu = copy_rate(ops, code, name)
    all_s, all_cpu, all_rows = copy_stored_rate(stored, code, name)
    naive = naive_rate(ops[: args.naive_sample], code, name)
    jsonl = "\n".join(json.dumps(op, ensure_ascii=False) for op in ops).encode("utf-8")
    gz = len(gzip.compress(jsonl, compresslevel=6))

    push_rate, copy_rps = sent / push_s, n / copy_s
    print(f"records: {n} (demo station {code})")
    print(f"push (run_sync, PostgreSQL centre): {push_s:8.2f} s  {push_rate:10.0f} records/s")
    print(
        f"PostgreSQL COPY of the records only: {copy_s:7.2f} s  {copy_rps:10.0f} records/s  "
        f"-> push/COPY = {push_rate / copy_rps:.2f}x (the baseline before the console's tables joined the push)"
    )
    push_total, copy_total = sum(push_cpu.values()), sum(copy_cpu.values())
    print(
        f"CPU seconds, push: station {push_cpu['station']:.2f} + centre {push_cpu['centre']:.2f} + PostgreSQL "
        f"{push_cpu['postgres']:.2f} = {push_total:.2f};  COPY: client {copy_cpu['client']:.2f} + PostgreSQL "
        f"{copy_cpu['postgres']:.2f} = {copy_total:.2f}  -> COPY/push CPU = {copy_total / push_total:.2f}x"
    )
    all_total = sum(all_cpu.values())
    print(
        f"COPY of every row the push stored ({all_rows} rows in {len(stored)} tables: the records and the console's "
        f"tables): {all_s:.2f} s -> push/COPY = {all_s / push_s:.2f}x (goal >= 0.3x); "
        f"CPU: client {all_cpu['client']:.2f} + PostgreSQL {all_cpu['postgres']:.2f} = {all_total:.2f} "
        f"-> COPY/push CPU = {all_total / push_total:.2f}x"
    )
    print(
        f"naive one request per record:      {'':8} {naive:12.0f} records/s  "
        f"-> push is {push_rate / naive:.0f}x faster (goal >= 20x)"
    )
    print(
        f"wire bytes/record: up {up / n:.1f}, down {down / n:.1f}, total {(up + down) / n:.1f}; "
        f"gzip -6 JSON lines {gz / n:.1f}  -> up/gzip = {up / gz:.2f}x, total/gzip = {(up + down) / gz:.2f}x "
        f"(goal <= 1.2x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

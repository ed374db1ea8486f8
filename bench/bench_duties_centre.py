"""代表履职 at the centre (issue 14): what the duty projection adds to a push, and how long the console's
代表履职 queries take, on PostgreSQL (a fresh schema, dropped afterwards). Prints figures; asserts nothing.

    uv run python bench/bench_duties_centre.py [--rounds 3] [--receptions 1000]

Each round pushes, through the centre's own ``apply_push``, ``--receptions`` receptions with one opinion each
(two deputies linked to both), a 联系选民 activity for every fourth reception and a training with ten attendees
for every fourth reception; then replays the same records through ``duty_projection.project_duties`` alone
(the share of the push it costs: every record replaced). After the rounds: ``station_archives`` (one station's
deputies' archives for the year) and ``duties_overview`` (every station's figures), 11 runs each. Needs
PostgreSQL at 127.0.0.1:5432. Figures are wall-clock on whatever else the machine is doing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from heshi_centre import admin  # noqa: E402
from heshi_centre.console.accounts import CurrentUser, Role  # noqa: E402
from heshi_centre.console.duties import duties_overview, station_archives  # noqa: E402
from heshi_centre.db import open_database  # noqa: E402
from heshi_centre.duty_projection import project_duties  # noqa: E402
from heshi_centre.push import apply_push  # noqa: E402
from heshi_protocol.schemas import PushOp  # noqa: E402
from tests.sync.centre_process import drop_pg_schema, new_pg_schema, postgres_reachable  # noqa: E402

DEPUTIES = [f"bench-deputy-{i}" for i in range(20)]
CODE = "BENCH-DUTY"


def _id() -> str:
    return uuid.uuid4().hex


def records(n: int) -> list[tuple[str, dict]]:
    out: list[tuple[str, dict]] = []
    for i in range(n):
        deps, rid = DEPUTIES[i % 20 : i % 20 + 2], _id()
        out.append(("reception", {"id": rid, "received_at": "2026-05-02T09:00:00+08:00", "matter": "路灯",
                                  "way": "at_station", "deputy_ids": deps,
                                  "visitors": [{"id": _id(), "group_size": 2}]}))  # fmt: skip
        out.append(("opinion", {"id": _id(), "reception_id": rid, "content": "路灯不亮", "route": "transfer",
                                "registered_on": "2026-05-02", "deputy_ids": deps}))  # fmt: skip
        if i % 4 == 0:
            day, three = "2026-05-02", DEPUTIES[i % 20 : i % 20 + 3]
            attendees = [{"deputy_id": d, "status": "present"} for d in DEPUTIES[:10]]
            out.append(("duty_activity", {"id": _id(), "kind": "contact", "day": day, "contact_with": "村民",
                                          "contact_way": "visit", "deputy_ids": three}))  # fmt: skip
            out.append(("training", {"id": _id(), "topic": "培训", "day": day, "hours": 2, "attendees": attendees}))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--receptions", type=int, default=1000)
    args = ap.parse_args()
    if reason := postgres_reachable():
        print(reason)
        return 1
    url, schema = new_pg_schema()
    try:
        engine, factory = open_database(url)
        with factory.begin() as s:
            sid = admin.add_station(s, CODE, "测试站", "测试区", "").id
        seq = 0
        for rnd in range(args.rounds):
            recs = records(args.receptions)
            ops = []
            for entity, p in recs:
                seq += 1
                ops.append(PushOp(seq=seq, op_id=_id(), entity=entity, entity_id=p["id"], op="upsert", payload=p))
            with factory.begin() as s:
                t0 = time.perf_counter()
                _cursor, answers = apply_push(s, sid, seq - len(ops), ops)
                push_ms = 1000 * (time.perf_counter() - t0)
            assert all(a.status == "applied" for a in answers)
            with factory.begin() as s:
                t0 = time.perf_counter()
                project_duties(s, sid, {(e, p["id"]): p for e, p in recs})
                duty_ms = 1000 * (time.perf_counter() - t0)
            print(f"round {rnd}: push of {len(ops)} records {push_ms:7.0f} ms; "
                  f"the duty projection of the same records alone {duty_ms:6.0f} ms")  # fmt: skip
        user = CurrentUser(0, "bench", Role.ADMIN, "", "", "")
        for name, fn in (
            ("station_archives (one station's year)", lambda s: station_archives(s, user, CODE, 2026)),
            ("duties_overview (every station)", lambda s: duties_overview(s, user, 2026)),
        ):
            times = []
            for _ in range(11):
                with factory() as s:
                    t0 = time.perf_counter()
                    fn(s)
                    times.append(1000 * (time.perf_counter() - t0))
            print(f"{name:40s} p50 {statistics.median(times):6.0f} ms   max {max(times):6.0f} ms   (n=11)")
        engine.dispose()
    finally:
        drop_pg_schema(schema)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

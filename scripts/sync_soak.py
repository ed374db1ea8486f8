"""Soak run of the sync fault rounds: many randomized rounds (client SIGKILLed at random points, upload cut
mid-body, reply held until the client dies after the centre committed, truncated / stalled replies,
dropped connections), each followed by a clean sync and a full comparison of the centre's records with
the station's. Prints one line per round and a summary; exits non-zero on the first violation.

    uv run python scripts/sync_soak.py [--rounds 100] [--seed N] [--sqlite]

Uses PostgreSQL at 127.0.0.1:5432 (a fresh schema, dropped afterwards) unless --sqlite or it is unreachable.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from heshi_centre.db import open_database  # noqa: E402
from heshi_station.ledger.context import Ledger  # noqa: E402
from tests.factories import set_up_basics  # noqa: E402
from tests.sync.centre_process import CentreProcess, drop_pg_schema, new_pg_schema, postgres_reachable  # noqa: E402
from tests.sync.fault_rounds import Station, play  # noqa: E402
from tests.sync.helpers import connect_station  # noqa: E402
from tests.sync.memory_keyring import install  # noqa: E402
from tests.sync.tcp_proxy import TcpProxy  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--sqlite", action="store_true", help="run the centre on SQLite instead of PostgreSQL")
    args = parser.parse_args()
    install()
    folder = Path(tempfile.mkdtemp(prefix="heshi-soak-"))
    schema = None
    if args.sqlite or postgres_reachable():
        url = f"sqlite+pysqlite:///{folder / 'centre.sqlite3'}"
    else:
        url, schema = new_pg_schema()
    engine, factory = open_database(url)
    centre = CentreProcess(url, log_path=folder / "centre.log").start()
    proxy = TcpProxy(centre.port)
    now = datetime.now().astimezone().replace(microsecond=0)
    ledger = Ledger.open(folder / "station.sqlite3", clock=lambda: now)
    basics = set_up_basics(ledger, "SOAK-01")
    st = connect_station(ledger, folder / "station.sqlite3", factory, proxy.url, "SOAK-01")
    station = Station(ledger, folder / "station.sqlite3", st.code, st.token, proxy, basics, now)
    print(f"soak: {args.rounds} rounds, seed {args.seed}, centre on {'PostgreSQL' if schema else 'SQLite'}, {folder}")
    started = time.monotonic()

    def report(r) -> None:
        n = len(station.log)
        print(f"round {n:4d}  {r.fault:18s}  +{r.added} receptions  resent in round: {r.duplicates}", flush=True)

    try:
        play(station, factory, args.rounds, args.seed, report)
    except AssertionError as exc:
        print(f"VIOLATION after {len(station.log)} rounds (seed {args.seed}): {exc!r}", file=sys.stderr)
        return 1
    finally:
        proxy.close()
        centre.stop()
        ledger.close()
        engine.dispose()
        if schema:
            drop_pg_schema(schema)
    shutil.rmtree(folder, ignore_errors=True)
    faults = collections.Counter(r.fault for r in station.log)
    print(
        f"OK: {len(station.log)} rounds in {time.monotonic() - started:.0f} s; every round converged, "
        f"max resent in a round {max((r.duplicates for r in station.log), default=0)} (batch {station.batch}); "
        f"faults: {dict(faults)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

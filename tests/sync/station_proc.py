"""Run the station's ``heshi-station sync`` in a real subprocess (in-memory keyring seeded with the token)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

RUNNER = Path(__file__).with_name("station_runner.py")


def station_env(code: str, token: str, *, kill_at: str | None = None, batch: int | None = None) -> dict:
    env = {**os.environ, "HESHI_TEST_KEYRING": json.dumps({code: token})}
    env.pop("HESHI_SYNC_KILL_AT", None)
    if kill_at:
        env["HESHI_SYNC_KILL_AT"] = kill_at
    if batch:
        env["HESHI_SYNC_BATCH"] = str(batch)
    return env


def start_sync(db_path: Path, code: str, token: str, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(RUNNER), "sync", "--db", str(db_path)],
        env=station_env(code, token, **kw),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_sync_process(db_path: Path, code: str, token: str, timeout: float = 180, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(RUNNER), "sync", "--db", str(db_path)],
        env=station_env(code, token, **kw),
        capture_output=True,
        text=True,
        timeout=timeout,
    )

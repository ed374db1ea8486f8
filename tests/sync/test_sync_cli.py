"""The sync CLI commands in real subprocesses, and the centre's record-event command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from heshi_centre import admin
from heshi_centre.db import open_database
from heshi_centre.models import Change, StationRecord
from tests.factories import set_up_basics
from tests.sync.station_proc import RUNNER, station_env


def _station_cli(*args: str, stdin: str = "", code: str = "X", token: str = "") -> subprocess.CompletedProcess:
    env = station_env(code, token) if token else {**os.environ, "HESHI_TEST_KEYRING": "{}"}
    return subprocess.run(
        [sys.executable, str(RUNNER), *args], input=stdin, env=env, capture_output=True, text=True, timeout=120
    )


def test_sync_config_token_and_unconfigured_sync(ledger, db_path, station_code):
    set_up_basics(ledger, station_code)
    refused = _station_cli("sync-config", "--db", str(db_path), "--centre", "http://sync.example.gov.cn")
    assert refused.returncode == 2 and "https://" in refused.stderr
    ok = _station_cli("sync-config", "--db", str(db_path), "--centre", "https://sync.example.gov.cn", "--auto", "off")
    assert ok.returncode == 0 and "https://sync.example.gov.cn" in ok.stdout and "自动同步：关" in ok.stdout
    saved = _station_cli("sync-token", "--db", str(db_path), stdin="secret-token\n")
    assert saved.returncode == 0 and "已保存在系统钥匙串" in saved.stdout
    no_token = _station_cli("sync", "--db", str(db_path))
    assert no_token.returncode == 2 and "同步令牌" in no_token.stderr
    assert "secret-token" not in db_path.read_bytes().decode("latin-1"), "the token never lands in the ledger"
    rejected = _station_cli("sync-rejected", "--db", str(db_path))
    assert rejected.returncode == 0 and "没有被退回的记录" in rejected.stdout


def test_centre_record_event_command(tmp_path: Path):
    url = f"sqlite+pysqlite:///{tmp_path / 'c.sqlite3'}"
    engine, factory = open_database(url)
    with factory.begin() as s:
        station = admin.add_station(s, "EV-01", "事件站")
        s.add(StationRecord(station_id=station.id, entity="opinion", entity_id="op-1", payload={"id": "op-1"}, seq=1))
    env = {**os.environ, "DATABASE_URL": url}
    cmd = [
        sys.executable,
        "-m",
        "heshi_centre.cli",
        "record-event",
        "EV-01",
        "op-1",
        "办理答复",
        "--data",
        '{"reply": "已修复"}',
        "--actor",
        "区交通运输局",
    ]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "下次同步" in done.stdout
    with factory() as s:
        change = s.query(Change).one()
        assert change.kind == "opinion_event" and change.payload["kind"] == "replied"
        assert change.payload["source"] == "centre" and change.payload["data"] == {"reply": "已修复"}
    unknown = subprocess.run([*cmd[:5], "op-404", "办理答复"], env=env, capture_output=True, text=True, timeout=120)
    assert unknown.returncode == 2 and "没有同步过" in unknown.stderr
    engine.dispose()

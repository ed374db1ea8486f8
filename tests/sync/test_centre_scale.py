"""Issue 13: ``heshi-centre migrate`` is its own step, ``serve`` refuses an out-of-date PostgreSQL database,
c0004 keeps every station's pull cursor meaning, and ``serve --workers 2`` answers logins, pushes and pulls
from both worker processes — all against real PostgreSQL databases made here and a real centre on loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text

from heshi_centre import admin, feed
from heshi_centre.cli import main
from heshi_centre.db import MIGRATIONS_DIR, alembic_config, make_engine, next_change_seq, open_database
from heshi_protocol import wire
from tests.console.helpers import PASSWORD, Client, make_user
from tests.sync.centre_process import drop_pg_schema, free_port, new_pg_schema, postgres_reachable

_cfg = Config()
_cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
HEAD = ScriptDirectory.from_config(_cfg).get_current_head()  # the newest revision, whatever it is


@pytest.fixture
def pg_url():
    if reason := postgres_reachable():
        pytest.skip(reason)
    url, schema = new_pg_schema()
    yield url
    drop_pg_schema(schema)


def run(url: str, capsys, *args: str) -> tuple[int, str, str]:
    """The CLI in this process (a subprocess costs seconds on a busy machine); (exit code, stdout, stderr)."""
    code = main(["--database-url", url, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_migrate_is_its_own_step_and_nothing_else_migrates_postgresql(pg_url, capsys):
    code, _out, err = run(pg_url, capsys, "serve", "--port", str(free_port()))
    assert code == 2 and "还没有市中心的数据表" in err and "heshi-centre migrate" in err
    assert run(pg_url, capsys, "add-station", "S-1", "测试站")[0] == 2, "admin commands refuse too"
    code, out, _err = run(pg_url, capsys, "migrate")
    assert code == 0 and f"已将数据库结构从 空库 升级到 {HEAD}" in out
    code, out, _err = run(pg_url, capsys, "migrate")
    assert code == 0 and f"已是最新版本 {HEAD}" in out
    engine = make_engine(pg_url)
    command.downgrade(alembic_config(engine), "c0003")
    engine.dispose()
    code, _out, err = run(pg_url, capsys, "serve", "--port", str(free_port()))
    assert code == 2 and "c0003" in err and HEAD in err and "heshi-centre migrate" in err
    engine = make_engine(pg_url)
    with engine.begin() as conn:  # as if a newer program had migrated it
        conn.execute(text("UPDATE centre_alembic_version SET version_num = 'c0099'"))
    engine.dispose()
    for args in (("serve", "--port", str(free_port())), ("migrate",)):
        code, _out, err = run(pg_url, capsys, *args)
        assert code == 2 and "c0099 比本程序新" in err and "Traceback" not in err, args


def test_sqlite_still_migrates_on_start(tmp_path, capsys):
    url = f"sqlite+pysqlite:///{tmp_path / 'c.sqlite3'}"
    assert run(url, capsys, "add-station", "S-1", "测试站")[0] == 0, "the one-machine demo needs no extra step"
    code, out, _err = run(url, capsys, "migrate")
    assert code == 0 and f"已是最新版本 {HEAD}" in out


def test_two_migrations_started_together_take_turns(pg_url):
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "heshi_centre.cli", "migrate"],
            env={**os.environ, "DATABASE_URL": pg_url},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in runs]
    assert [p.returncode for p in runs] == [0, 0], outputs
    said = sorted(out for out, _err in outputs)
    assert f"升级到 {HEAD}" in said[0] and "已是最新版本" in said[1], said


def test_c0004_continues_the_feed_numbers_stations_already_hold(pg_url, capsys):
    engine = make_engine(pg_url)
    command.upgrade(alembic_config(engine), "c0003")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO centre_meta (key, value) VALUES ('change_seq', '41'), ('epoch', 'e-1')"))
        conn.execute(
            text(
                "INSERT INTO change (seq, station_id, kind, entity_id, payload, at)"
                " VALUES (40, NULL, 'category', 'x', '{}', now())"
            )
        )
    engine.dispose()
    assert f"升级到 {HEAD}" in run(pg_url, capsys, "migrate")[1]
    engine, factory = open_database(pg_url, upgrade=False)
    with factory.begin() as s:
        assert s.execute(text("SELECT value FROM centre_meta WHERE key = 'epoch'")).scalar() == "e-1", "epoch kept"
        assert s.execute(text("SELECT count(*) FROM centre_meta WHERE key = 'change_seq'")).scalar() == 0
        assert next_change_seq(s) == 42, "a station whose cursor is 41 neither skips nor re-gets anything"
    command.downgrade(alembic_config(engine), "c0003")
    with engine.begin() as conn:
        assert conn.execute(text("SELECT value FROM centre_meta WHERE key = 'change_seq'")).scalar() == "42"
    engine.dispose()


def _station_headers(code: str, token: str) -> dict:
    return {
        "Authorization": f"Bearer {token}",
        wire.HEADER_PROTOCOL: str(wire.PROTOCOL_VERSION),
        wire.HEADER_STATION: code,
        wire.HEADER_CLIENT_TIME: wire.utc_now_text(),
        "Content-Type": "application/json",
        "Connection": "close",  # a new connection each time, so the kernel may hand it to either worker
    }


def _deputy_op(seq: int) -> dict:
    payload = {"id": f"d{seq}", "name": f"代表{seq}", "gender": "", "level": "city", "constituency": "",
               "phone": "", "active": True}  # fmt: skip
    return {"seq": seq, "op_id": str(uuid.uuid4()), "entity": "deputy", "entity_id": payload["id"], "op": "upsert",
            "payload": payload}  # fmt: skip


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def test_serve_with_two_workers_logs_in_pushes_and_pulls_through_both(pg_url, tmp_path, capsys):
    assert run(pg_url, capsys, "migrate")[0] == 0
    engine, factory = open_database(pg_url, upgrade=False)
    code = "W-01"
    with factory.begin() as s:
        admin.add_station(s, code, "双进程测试站")
        token = admin.issue_token(s, code)
    user = make_user(factory, "市中心管理员")
    port = free_port()
    log = open(tmp_path / "centre.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "heshi_centre.cli", "serve", "--port", str(port), "--workers", "2",
         "--access-log", str(tmp_path / "access.log")],
        env={**os.environ, "DATABASE_URL": pg_url, "HESHI_CENTRE_WORKER_PID_HEADER": "1"},
        stdout=log, stderr=log,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        answered: set[str] = set()
        # Startup deadline only (spawned workers import the app; minutes on a loaded 2-core machine).
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            assert proc.poll() is None, (tmp_path / "centre.log").read_text()
            try:
                r = requests.get(base + "/api/v1/health", headers={"Connection": "close"}, timeout=5)
                answered.add(r.headers["X-Heshi-Worker"])
            except requests.ConnectionError:
                time.sleep(0.1)
            if len(answered) == 2:
                break
        assert len(answered) == 2, f"both workers answer health checks, saw {answered}"
        assert {int(p) for p in answered} <= _children(proc.pid), "the answers come from serve's own workers"

        console = Client(base)
        console.http.headers["Connection"] = "close"
        assert console.login(user, PASSWORD).status_code == 303, "login (CSRF and rate limit state in the database)"
        by: set[str] = set()
        for _ in range(200):  # new connections until both workers have answered this session
            page = console.get("/opinions")
            assert page.status_code == 200, page.text[:300]
            by.add(page.headers["X-Heshi-Worker"])
            if by == answered:
                break
        assert by == answered, "one session, recognised by both workers"

        pushed_by: set[str] = set()
        for seq in range(1, 11):
            body = json.dumps({"after": seq - 1, "epoch": None, "ops": [_deputy_op(seq)]}, ensure_ascii=False)
            r = requests.post(base + "/api/v1/push", data=body.encode(), headers=_station_headers(code, token),
                              timeout=60)  # fmt: skip
            assert r.status_code == 200 and r.json()["cursor"] == seq, r.text[:300]
            pushed_by.add(r.headers["X-Heshi-Worker"])
        with factory.begin() as s:
            station_id = s.execute(text("SELECT id FROM centre_station WHERE code = :c"), {"c": code}).scalar()
            values = {"name": "市里登记的代表", "gender": "", "level": "city", "constituency": "", "phone": "",
                      "active": True}  # fmt: skip
            feed.save_deputy(s, station_id, str(uuid.uuid4()), values)
        pulls = [requests.get(base + "/api/v1/pull", headers=_station_headers(code, token), timeout=60)
                 for _ in range(6)]  # fmt: skip
        assert all(p.status_code == 200 and len(p.json()["changes"]) == 1 for p in pulls)
        assert pushed_by | {p.headers["X-Heshi-Worker"] for p in pulls} <= answered
        hello = requests.get(base + "/api/v1/hello", headers=_station_headers(code, token), timeout=30)
        assert hello.json()["cursor"] == 10
        assert (tmp_path / "access.log").read_text(encoding="utf-8").count("/api/v1/push") >= 10
    finally:
        proc.terminate()
        proc.wait(30)
        log.close()
        engine.dispose()

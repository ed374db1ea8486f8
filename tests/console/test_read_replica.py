"""The console's heavy read-only pages read a read replica when HESHI_CENTRE_CONSOLE_READ_URL names one.

A real centre process serves a primary schema; the "replica" is a second PostgreSQL schema holding different
data, so every answer shows which database it came from: 全市概览, 意见跟踪's list, 联络站, 月报 and 代表履职 come
from the replica; login, an opinion's own page and audit lines stay on the primary. The replica's sessions are
read-only, and a bad setting or an out-of-date replica stops the start with a Chinese message.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from heshi_centre.account_models import AuditEntry
from heshi_centre.db import open_database
from heshi_centre.read_replica import SETTING, open_console_reads
from tests.console.helpers import logged_in, make_user, seed_station, uid
from tests.sync.centre_process import CentreProcess, drop_pg_schema, new_pg_schema, postgres_reachable


@pytest.fixture
def two_schemas():
    if reason := postgres_reachable():
        pytest.skip(reason)
    primary, replica = new_pg_schema(), new_pg_schema()
    engines = []
    try:
        yield primary[0], replica[0], engines
    finally:
        for engine in engines:
            engine.dispose()
        drop_pg_schema(primary[1])
        drop_pg_schema(replica[1])


def test_heavy_pages_read_the_replica_and_the_rest_the_primary(two_schemas, tmp_path):
    primary_url, replica_url, engines = two_schemas
    p_engine, primary = open_database(primary_url)
    r_engine, replica = open_database(replica_url)
    engines += [p_engine, r_engine]
    tag = uid()
    on_primary = seed_station(primary, district=f"甲区{tag}", unit=f"水务局{tag}", contents=[f"{tag} 村口路灯不亮"])
    on_replica = seed_station(replica, district=f"乙区{tag}", unit=f"民政局{tag}", contents=[f"{tag} 申请低保复核"])
    name = make_user(primary, "市中心管理员")  # the replica has no accounts: login must use the primary

    centre = CentreProcess(primary_url, log_path=tmp_path / "centre.log", env={SETTING: replica_url}).start()
    try:
        admin = logged_in(centre, name)
        overview = admin.get("/api/overview", params={"year": 2026}).json()
        assert [d["district"] for d in overview["districts"]] == [on_replica.district]
        listed = admin.get("/api/opinions", params={"q": tag}).json()
        assert [o["id"] for o in listed["opinions"]] == on_replica.opinion_ids and listed["total"] == 1
        assert [s["code"] for s in admin.get("/api/stations").json()["stations"]] == [on_replica.code]
        duties = admin.get("/api/duties", params={"year": 2026})
        assert duties.status_code == 200 and on_replica.code in duties.text and on_primary.code not in duties.text
        report = admin.get("/api/report", params={"month": "2026-11"}).json()
        assert [d["district"] for d in report["districts"]] == [on_replica.district]
        # An opinion's own page must show the user's last step at once: the primary.
        detail = admin.get(f"/api/opinions/{on_primary.code}/{on_primary.opinion_ids[0]}")
        assert detail.status_code == 200, detail.text
        assert admin.get(f"/api/opinions/{on_replica.code}/{on_replica.opinion_ids[0]}").status_code == 404
        # The page after the user's own action shows its result at once: the primary, not the replica.
        added = f"N-{uid()}"
        after = admin.post("/stations", {"code": added, "name": "新站", "csrf_token": admin.csrf("/stations")})
        assert after.status_code == 200 and f"已登记联络站 {added}" in after.text, after.text[:500]
        assert added in after.text.split("已登记联络站", 1)[1] and on_primary.code in after.text
        assert on_replica.code not in after.text
        assert added not in admin.get("/stations").text  # a later visit reads the replica again
        # Exports read the replica and are audited on the primary.
        export = admin.get("/overview.xlsx", params={"year": 2026})
        assert export.status_code == 200 and export.content[:2] == b"PK"
        with primary() as s:
            assert s.scalar(select(AuditEntry.action).where(AuditEntry.action == "export_overview"))
    finally:
        centre.stop()


def test_the_replica_sessions_cannot_write(two_schemas):
    _primary_url, replica_url, engines = two_schemas
    engine, _ = open_database(replica_url)
    engines.append(engine)
    r_engine, reads = open_console_reads(replica_url)
    engines.append(r_engine)
    with reads() as s:
        assert s.execute(text("SELECT count(*) FROM centre_station")).scalar() == 0
    with pytest.raises(DBAPIError, match="read-only transaction"), reads() as s:
        s.execute(text("INSERT INTO centre_meta (key, value) VALUES ('written', 'by the console')"))
        s.commit()


def _serve(database_url: str, replica: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "heshi_centre.cli", "--database-url", database_url, "serve", "--port", "1"],
        env={**os.environ, SETTING: replica},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_bad_or_out_of_date_replica_stops_the_start_with_a_message(two_schemas):
    primary_url, replica_url, engines = two_schemas
    engine, _ = open_database(primary_url)
    engines.append(engine)
    sqlite = _serve(primary_url, "sqlite:///replica.sqlite3")
    assert sqlite.returncode == 2 and SETTING in sqlite.stderr and "PostgreSQL" in sqlite.stderr
    empty = _serve(primary_url, replica_url)  # a replica that has not replayed the migrations
    assert empty.returncode == 2 and "heshi-centre migrate" in empty.stderr, empty.stderr

"""Storage guarantees: pragmas on every connection, BEGIN IMMEDIATE writes, models == migrations,
upgrading a file filled at revision 0001, and refusing files we must not touch."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from datetime import datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import event, text

from heshi_station.db.engine import create_ledger_engine, write_engine
from heshi_station.db.migrate import (
    DatabaseTooNew,
    NotALedgerFile,
    alembic_config,
    current_revision,
    head_revision,
    integrity_errors,
)
from heshi_station.db.models import Base
from heshi_station.db.search_tokens import is_search_index_table
from heshi_station.ledger import opinions, receptions
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.search import search
from tests.conftest import FIXED_NOW
from tests.factories import reception_input, register, set_up_basics, table_counts


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ------------------------------------------------------------------------------------------ pragmas
def test_every_connection_has_the_ledger_pragmas(ledger: Ledger) -> None:
    # Hold several connections at once so the pool has to open distinct ones.
    conns = [ledger.engine.connect() for _ in range(3)]
    try:
        raw_ids = {id(c.connection.dbapi_connection) for c in conns}
        assert len(raw_ids) == 3
        for c in conns:
            assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert c.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert c.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0
            # Memory stays bounded: no mapping of the file (counted again per connection), a capped page cache.
            assert c.exec_driver_sql("PRAGMA mmap_size").scalar() == 0
            assert c.exec_driver_sql("PRAGMA cache_size").scalar() == -16_384
    finally:
        for c in conns:
            c.close()
    # ... and the sessions the operations use get them too.
    with ledger.write() as s:
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert s.execute(text("PRAGMA synchronous")).scalar() == 2
    with ledger.read() as s:
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert s.execute(text("PRAGMA busy_timeout")).scalar() > 0


def test_foreign_keys_are_enforced(ledger: Ledger) -> None:
    with pytest.raises(Exception, match="FOREIGN KEY"), ledger.write() as s:
        s.execute(text("INSERT INTO reception_deputy (reception_id, deputy_id) VALUES ('nope', 'nope')"))


def test_writes_begin_immediate(ledger: Ledger) -> None:
    b = set_up_basics(ledger)
    statements: list[str] = []

    # SQLite's own trace sees every statement, also those the write path runs on the DBAPI cursor directly.
    def trace(conn, _record) -> None:
        conn.set_trace_callback(lambda sql: statements.append(str(sql.strip().split()[0:2])))

    ledger.engine.dispose()
    event.listen(ledger.engine, "connect", trace)
    try:
        register(ledger, b, FIXED_NOW)
    finally:
        event.remove(ledger.engine, "connect", trace)
        ledger.engine.dispose()
    first_write = next(i for i, s in enumerate(statements) if "INSERT" in s)
    begins = [s for s in statements[:first_write] if "BEGIN" in s]
    assert begins == [str(["BEGIN", "IMMEDIATE"])]


def test_write_takes_the_lock_at_begin(ledger: Ledger, db_path: Path) -> None:
    """After write()'s first statement — a mere SELECT, as validation does — other writers are locked out.

    With a deferred BEGIN a SELECT takes no write lock in WAL mode (read() shows it), so this proves the
    write transaction started with BEGIN IMMEDIATE."""
    other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    try:
        with ledger.read() as s:
            s.execute(text("SELECT count(*) FROM reception")).scalar()
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
        with ledger.write() as s:
            s.execute(text("SELECT count(*) FROM reception")).scalar()
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()


def test_a_held_write_lock_blocks_writes_but_not_reads(ledger: Ledger, db_path: Path) -> None:
    b = set_up_basics(ledger)
    first = register(ledger, b, FIXED_NOW)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    result: dict = {}

    def write() -> None:
        try:
            result["record"] = register(ledger, b, FIXED_NOW, matter="等锁释放后才写入的接待")
        except Exception as exc:  # reported to the main thread
            result["error"] = exc

    t = threading.Thread(target=write)
    t.start()
    try:
        t.join(0.5)
        # The write cannot finish while the other connection holds the lock ...
        assert t.is_alive()
        # ... while reads go on.
        assert receptions.get_reception(ledger, first.id).matter == first.matter
        assert len(receptions.list_receptions(ledger)) == 1
    finally:
        other.execute("ROLLBACK")
        other.close()
    t.join(30)
    assert not t.is_alive()
    assert "error" not in result, result.get("error")
    assert len(receptions.list_receptions(ledger)) == 2


# --------------------------------------------------------------------------- models == migrations
def test_models_match_migrations(ledger: Ledger) -> None:
    def include_name(name, type_, parent_names) -> bool:
        return not (type_ == "table" and is_search_index_table(name))

    with ledger.engine.connect() as conn:
        mc = MigrationContext.configure(conn, opts={"include_name": include_name, "compare_type": True})
        diff = compare_metadata(mc, Base.metadata)
    assert diff == []


def test_fresh_file_is_at_head_and_sound(ledger: Ledger, db_path: Path) -> None:
    assert current_revision(db_path) == head_revision()
    assert integrity_errors(db_path) == []


# ------------------------------------------------------------------------ upgrade from revision 0001
def _fill_at_revision_0001(path: Path) -> dict[str, str]:
    engine = create_ledger_engine(path)
    cfg = alembic_config()
    with write_engine(engine).connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.commit()
    engine.dispose()
    at = "2026-03-02T09:30:00.000000+08:00"
    ids = {
        "station": "0190aaaa-0000-7000-8000-000000000001",
        "deputy": "0190aaaa-0000-7000-8000-000000000002",
        "unit": "0190aaaa-0000-7000-8000-000000000003",
        "category": "0190aaaa-0000-7000-8000-000000000004",
        "reception": "0190aaaa-0000-7000-8000-000000000005",
        "visitor": "0190aaaa-0000-7000-8000-000000000006",
        "opinion": "0190aaaa-0000-7000-8000-000000000007",
        "event1": "0190aaaa-0000-7000-8000-000000000008",
        "event2": "0190aaaa-0000-7000-8000-000000000009",
    }
    con = sqlite3.connect(path)
    with con:
        con.execute(
            "INSERT INTO station (id, code, name, district, township, address, created_at) "
            "VALUES (?, 'OLD-1', '旧版联络站', '旧区', '旧街道', '', ?)",
            (ids["station"], at),
        )
        con.execute(
            "INSERT INTO deputy (id, name, gender, level, constituency, phone, active, name_initials, "
            "name_pinyin, source, updated_at) VALUES (?, '赵六', 'male', 'county', '', '', 1, 'zl', 'zhaoliu', "
            "'station', ?)",
            (ids["deputy"], at),
        )
        con.execute(
            "INSERT INTO handling_unit (id, name, kind, parent_id, active, source) "
            "VALUES (?, '区住建局', 'department', NULL, 1, 'station')",
            (ids["unit"],),
        )
        con.execute(
            "INSERT INTO category (id, name, time_limit_days, active, source) VALUES (?, '城乡建设', 15, 1, 'station')",
            (ids["category"],),
        )
        con.execute(
            "INSERT INTO reception (id, received_at, received_on, way, place, clerk_name, matter, category_id, "
            "confidential, anonymous, outcome, source_key, created_at) VALUES (?, ?, '2026-03-02', 'at_station', "
            "'站内', '老联络员', '老旧小区加装电梯意见不一', ?, 0, 0, '', NULL, ?)",
            (ids["reception"], at, ids["category"], at),
        )
        con.execute(
            "INSERT INTO visitor (id, reception_id, position, name, gender, phone, id_number, village, group_size, "
            "name_initials) VALUES (?, ?, 0, '钱七', 'female', '19900007777', '', '幸福社区', 3, 'qq')",
            (ids["visitor"], ids["reception"]),
        )
        con.execute("INSERT INTO reception_deputy VALUES (?, ?)", (ids["reception"], ids["deputy"]))
        con.execute(
            "INSERT INTO opinion (id, reception_id, content, category_id, proposer_name, proposer_phone, village, "
            "route, confidential, registered_on, created_at, state, lead_unit_id, due_date, paused, closed_on) "
            "VALUES (?, ?, '建议协调加装电梯费用分摊', ?, '钱七', '19900007777', '幸福社区', 'transfer', 0, "
            "'2026-03-02', ?, 'transferred', ?, '2026-03-23', 0, NULL)",
            (ids["opinion"], ids["reception"], ids["category"], at, ids["unit"]),
        )
        con.execute("INSERT INTO opinion_deputy VALUES (?, ?)", (ids["opinion"], ids["deputy"]))
        for eid, kind, data in (
            (ids["event1"], "registered", '{"route": "transfer"}'),
            (
                ids["event2"],
                "transferred",
                json.dumps(
                    {
                        "lead_unit_id": ids["unit"],
                        "assist_unit_ids": [],
                        "time_limit_days": 15,
                        "due_date": "2026-03-23",
                    }
                ),
            ),
        ):
            con.execute(
                "INSERT INTO opinion_event (id, opinion_id, kind, occurred_at, recorded_at, actor, source, note, "
                "data) VALUES (?, ?, ?, ?, ?, '老联络员', 'station', '', ?)",
                (eid, ids["opinion"], kind, at, at, data),
            )
    con.close()
    return ids


def test_database_filled_at_first_revision_upgrades_with_data_intact(db_path: Path) -> None:
    ids = _fill_at_revision_0001(db_path)
    assert current_revision(db_path) == "0001"
    before = table_counts(db_path)
    led = Ledger.open(db_path, clock=lambda: FIXED_NOW)
    try:
        assert current_revision(db_path) == head_revision()
        # A verified backup at the old revision was taken first.
        backups = list((db_path.parent / "backups").glob("*0001*.sqlite3"))
        assert len(backups) == 1
        # nothing else is left in the backup folder (no "-wal"/"-shm" of the temporary copy)
        assert sorted(p.name for p in backups[0].parent.iterdir()) == [backups[0].name]
        assert integrity_errors(backups[0]) == []
        assert current_revision(backups[0]) == "0001"
        assert table_counts(backups[0]) == before
        # Every old row is still there.
        after = table_counts(db_path)
        for table, n in before.items():
            if table in ("calendar_day", "calendar_year"):
                assert after[table] >= n
            else:
                assert after[table] == n, table
        rec = receptions.get_reception(led, ids["reception"])
        assert rec.matter == "老旧小区加装电梯意见不一"
        assert [v.name for v in rec.visitors] == ["钱七"] and rec.people == 3
        assert rec.deputy_names == ("赵六",)
        op = opinions.get_opinion(led, ids["opinion"])
        assert op.state == "transferred" and op.lead_unit_name == "区住建局"
        assert op.due_date.isoformat() == "2026-03-23"
        # The search index built by 0002 covers the old rows (3+ chars via FTS, 2 via LIKE, initials).
        assert {h.id for h in search(led, "加装电梯")} == {ids["reception"], ids["opinion"]}
        assert {h.id for h in search(led, "分摊")} == {ids["opinion"]}
        assert ids["reception"] in {h.id for h in search(led, "幸福社区")}
        assert ids["reception"] in {h.id for h in search(led, "19900007777")}
        assert ids["reception"] in {h.id for h in search(led, "qq")}
        # And the upgraded file takes new records normally.
        op2 = opinions.accept(led, ids["opinion"], when=datetime(2026, 3, 3, 9, 0).astimezone())
        assert op2.state == "handling"
    finally:
        led.close()
    assert integrity_errors(db_path) == []


# ------------------------------------------------------------------------------- files we must refuse
def test_file_from_newer_schema_is_refused_and_untouched(db_path: Path) -> None:
    led = Ledger.open(db_path, clock=lambda: FIXED_NOW)
    set_up_basics(led)
    led.close()
    con = sqlite3.connect(db_path)
    with con:
        con.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    digest = sha256(db_path)
    with pytest.raises(DatabaseTooNew) as info:
        Ledger.open(db_path, clock=lambda: FIXED_NOW)
    assert info.value.revision == "0099_from_the_future"
    assert "更新版本" in str(info.value) and "未被改动" in str(info.value)
    assert sha256(db_path) == digest
    assert not (db_path.parent / "backups").exists()


@pytest.mark.parametrize(
    "content",
    [
        "这不是数据库，是一份会议纪要。\n".encode() * 50,
        b"PK\x03\x04" + bytes(range(256)) * 8,  # looks like a zip (an .xlsx picked by mistake)
        b"SQLite format 2\x00" + b"\x00" * 2000,
    ],
)
def test_non_sqlite_file_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "台账.sqlite3"
    path.write_bytes(content)
    with pytest.raises(NotALedgerFile, match="不是台账数据库"):
        Ledger.open(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "台账.sqlite3"] or sorted(
        p.name for p in tmp_path.iterdir()
    ) == ["台账.sqlite3"]


def test_other_apps_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    with con:
        con.execute("CREATE TABLE contacts (name TEXT)")
        con.execute("INSERT INTO contacts VALUES ('某人')")
    con.close()
    digest = sha256(path)
    with pytest.raises(NotALedgerFile):
        Ledger.open(path)
    assert sha256(path) == digest


def test_backup_to_leaves_only_the_verified_copy(ledger: Ledger, db_path: Path, tmp_path: Path) -> None:
    from heshi_station.db.migrate import backup_to

    set_up_basics(ledger)
    target = backup_to(db_path, tmp_path / "copies" / "备份.sqlite3")
    assert sorted(p.name for p in target.parent.iterdir()) == ["备份.sqlite3"]
    assert integrity_errors(target) == [] and table_counts(target) == table_counts(db_path)


def test_reception_input_factory_is_valid(ledger: Ledger) -> None:
    # Guards the other tests: the factory's default input must pass validation.
    b = set_up_basics(ledger)
    rec = receptions.register_reception(ledger, reception_input(b, FIXED_NOW))
    assert len(rec.opinion_ids) == 1


def test_schema_version_constants_match_the_migrations() -> None:
    """heshi_station.db.schema_version lets an up-to-date ledger open without importing Alembic; it must
    list exactly Alembic's revisions, oldest first."""
    from alembic.script import ScriptDirectory

    from heshi_station.db import schema_version

    script = ScriptDirectory.from_config(alembic_config())
    ordered = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    assert list(schema_version.REVISIONS) == ordered
    assert script.get_current_head() == schema_version.HEAD_REVISION

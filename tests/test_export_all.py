"""``export-all`` writes every ledger table as CSV and JSON without touching the ledger; ``check`` prints each
table's row count (both through sqlite-utils on a read-only connection)."""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from heshi_station.cli import main
from heshi_station.db.readonly import open_readonly, table_counts
from heshi_station.db.search_tokens import is_search_index_table
from heshi_station.ledger.context import Ledger
from heshi_station.reports.export_all import TABLE_DESCRIPTIONS
from tests.conftest import FIXED_NOW
from tests.factories import month_of_receptions, register, set_up_basics


def _plain_tables(path: Path) -> dict[str, tuple[list[str], int]]:
    """Every record table with its columns and row count, read with plain sqlite3 (independent of the code)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        out = {}
        for n in names:
            if n.startswith("sqlite_") or is_search_index_table(n):
                continue
            cols = [r[1] for r in con.execute(f'PRAGMA table_info("{n}")')]
            out[n] = (cols, con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0])
        return out
    finally:
        con.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def filled(ledger, db_path):
    b = set_up_basics(ledger)
    month_of_receptions(ledger, b, 2026, 10, 12)
    ledger.close()
    return db_path


def test_export_all_writes_every_table_and_leaves_the_ledger_untouched(filled: Path, tmp_path: Path, capsys):
    before = _digest(filled)
    folder_before = sorted(p.name for p in filled.parent.iterdir())
    out = tmp_path / "审计导出"
    assert main(["export-all", "--db", str(filled), "--out", str(out)]) == 0
    assert "台账文件以只读方式打开，未被改动" in capsys.readouterr().out
    assert _digest(filled) == before
    after = sorted(p.name for p in filled.parent.iterdir() if p != out)
    assert after == folder_before  # no -wal/-shm left behind
    tables = _plain_tables(filled)
    assert {"reception", "opinion", "opinion_event", "audit_log", "outbox", "deputy"} <= tables.keys()
    files = sorted(p.name for p in out.iterdir())
    assert files == sorted([f"{t}.csv" for t in tables] + [f"{t}.json" for t in tables] + ["manifest.json", "说明.txt"])
    for table, (cols, count) in tables.items():
        with (out / f"{table}.csv").open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        assert rows[0] == cols and len(rows) - 1 == count, table
        data = json.loads((out / f"{table}.json").read_text(encoding="utf-8"))
        assert len(data) == count and all(list(d) == cols for d in data), table
    events = json.loads((out / "opinion_event.json").read_text(encoding="utf-8"))
    assert all(isinstance(e["data"], dict) for e in events)
    assert any(e["kind"] == "transferred" and e["data"]["lead_unit_id"] for e in events)
    con = sqlite3.connect(filled)
    first = con.execute("SELECT id, matter FROM reception ORDER BY id LIMIT 1").fetchone()
    con.close()
    receptions = json.loads((out / "reception.json").read_text(encoding="utf-8"))
    assert (receptions[0]["id"], receptions[0]["matter"]) == first
    readme = (out / "说明.txt").read_text(encoding="utf-8-sig")
    assert "测试街道代表联络站（T-01）" in readme
    for table, (_, count) in tables.items():
        assert f"{table}.csv / {table}.json | {count} | {TABLE_DESCRIPTIONS[table]}" in readme
    assert "reception_fts" in readme and "全文搜索索引" in readme
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {t["table"]: t["rows"] for t in manifest["tables"]} == {t: c for t, (_, c) in tables.items()}


def test_export_of_a_ledger_in_use_includes_what_is_committed(ledger, db_path, tmp_path: Path):
    b = set_up_basics(ledger)
    register(ledger, b, FIXED_NOW)  # committed to the write-ahead log, not yet folded into the file
    assert Path(f"{db_path}-wal").exists()
    assert main(["export-all", "--db", str(db_path), "--out", str(tmp_path / "o")]) == 0
    data = json.loads((tmp_path / "o" / "reception.json").read_text(encoding="utf-8"))
    assert len(data) == 1


def test_readonly_connection_cannot_write_and_needs_no_custom_function(filled: Path):
    db = open_readonly(filled)
    try:
        with pytest.raises(sqlite3.OperationalError, match="no such function"):
            db.execute("SELECT heshi_bigrams('道路')")
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            db.execute("INSERT INTO clerk(name) VALUES ('x')")
        assert db["reception"].count == 12
    finally:
        db.close()


def test_export_refuses_a_used_folder_and_a_file_that_is_not_a_ledger(filled: Path, tmp_path: Path, capsys):
    used = tmp_path / "used"
    used.mkdir()
    (used / "old.csv").write_text("x")
    assert main(["export-all", "--db", str(filled), "--out", str(used)]) == 2
    assert "已经有文件" in capsys.readouterr().err
    assert sorted(p.name for p in used.iterdir()) == ["old.csv"]
    other = tmp_path / "other.sqlite3"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.close()
    assert main(["export-all", "--db", str(other), "--out", str(tmp_path / "o2")]) == 2
    assert "不是本程序的台账数据库" in capsys.readouterr().err
    assert main(["export-all", "--db", str(tmp_path / "none.sqlite3"), "--out", str(tmp_path / "o3")]) == 2


def test_check_prints_each_tables_row_count(filled: Path, capsys):
    assert main(["check", "--db", str(filled)]) == 0
    out = capsys.readouterr().out
    tables = _plain_tables(filled)
    assert table_counts(filled) == {t: c for t, (_, c) in sorted(tables.items())}
    for table, (_, count) in tables.items():
        assert f"  {table}\t{count}\t" in out
    assert "reception_fts" not in out


def test_export_works_on_a_ledger_that_has_just_been_opened_and_closed(tmp_path: Path):
    path = tmp_path / "l.sqlite3"
    Ledger.open(path).close()
    assert main(["export-all", "--db", str(path), "--out", str(tmp_path / "o")]) == 0
    assert json.loads((tmp_path / "o" / "reception.json").read_text(encoding="utf-8")) == []

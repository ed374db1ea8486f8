"""Reading a ledger file with sqlite-utils, without any possibility of writing to it.

Guarantees:
- :func:`open_readonly` opens the file through an SQLite ``mode=ro`` connection, so neither this module
  nor sqlite-utils can change a byte of the ledger; no statement sets a pragma (``recursive_triggers`` is
  off; no plugins run). A ledger no program has open (no ``-wal`` file beside it: an auditor's copy, a
  backup, a write-protected USB stick) is read as ``immutable``, which leaves no ``-wal``/``-shm`` files
  behind; one in use is read through its write-ahead log, so committed records are never missed;
- the search-index triggers call the custom SQL function ``heshi_bigrams`` only when rows are written; a
  read-only connection never fires them, so it is not registered here;
- :func:`ledger_tables` lists the tables that hold the ledger's records, leaving out the search indexes
  (derived from other tables, rebuilt by the program) and SQLite's own bookkeeping tables.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from heshi_station.db.migrate import LedgerFileError
from heshi_station.db.search_tokens import is_search_index_table


class ReadOnlyOpenError(LedgerFileError):
    """The file could not be opened for reading; the message says why, in Chinese."""


def _connect(path: Path, extra: str) -> sqlite3.Connection:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro{extra}", uri=True)
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opening is lazy: make it happen now
    return conn


def open_readonly(path: Path | str) -> Database:
    """A sqlite-utils Database over a read-only connection to ``path`` (see the module docstring)."""
    path = Path(path)
    if not path.is_file():
        raise ReadOnlyOpenError(f"台账文件不存在：{path}")
    # Without a -wal file beside it no program has the ledger open (the program keeps one while it runs),
    # so the file alone is the whole ledger: read it as immutable, which creates no -wal/-shm files beside it.
    has_wal = Path(f"{path}-wal").exists()
    try:
        conn = _connect(path, "" if has_wal else "&immutable=1")
    except sqlite3.OperationalError as exc:
        if has_wal:
            raise ReadOnlyOpenError(
                f"无法以只读方式打开台账文件 {path}：旁边有未合并的写入日志（{path.name}-wal），"
                f"而所在文件夹不能写入（{exc}）。请把台账文件连同 -wal 文件复制到可写的文件夹后再试。"
            ) from exc
        raise ReadOnlyOpenError(f"无法以只读方式打开台账文件 {path}：{exc}") from exc
    except sqlite3.DatabaseError as exc:
        raise ReadOnlyOpenError(f"无法读取台账文件 {path}：{exc}（文件可能已损坏或不是台账）") from exc
    return Database(conn, recursive_triggers=False, execute_plugins=False)


def ledger_tables(db: Database) -> list[str]:
    """The tables that hold records, by name (search indexes and SQLite's own tables left out)."""
    return sorted(t for t in db.table_names() if not t.startswith("sqlite_") and not is_search_index_table(t))


def table_counts(path: Path | str) -> dict[str, int]:
    """Row count of each ledger table, read through sqlite-utils on a read-only connection."""
    db = open_readonly(path)
    try:
        return {t: db[t].count for t in ledger_tables(db)}
    finally:
        db.close()

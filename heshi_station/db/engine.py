"""Opening the ledger file: one SQLAlchemy engine with the pragmas a ledger needs on every connection.

Guarantees:
- every connection runs with WAL, ``synchronous=FULL`` (a committed record survives a power cut),
  ``foreign_keys=ON`` and a busy timeout;
- Python's sqlite3 module never opens transactions behind our back; SQLAlchemy's ``begin`` emits
  ``BEGIN IMMEDIATE`` for engines made by ``write_engine`` (so a writer takes the lock before reading
  what it validates against) and a deferred ``BEGIN`` for reads.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

from heshi_station.db.search_tokens import register_functions

BUSY_TIMEOUT_MS = 10_000
CACHE_KIB = 32_768  # per connection
MMAP_BYTES = 256 * 1024 * 1024
_IMMEDIATE = "heshi_begin_immediate"


def _on_connect(dbapi_connection: sqlite3.Connection, _record) -> None:
    # Hand transaction control to SQLAlchemy's "begin" hook below (pysqlite's own is wrong for SQLite).
    dbapi_connection.isolation_level = None
    register_functions(dbapi_connection)  # the search-index triggers call heshi_bigrams()
    cur = dbapi_connection.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = FULL")
    cur.execute("PRAGMA foreign_keys = ON")
    # Reads of a large ledger (statistics, search) touch pages all over the file: keep more of it in memory.
    cur.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    cur.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    cur.close()


def _on_begin(conn) -> None:
    if conn.get_execution_options().get(_IMMEDIATE):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def create_ledger_engine(path: Path | str) -> Engine:
    """An engine on the SQLite file at ``path`` (created if absent) with the ledger's pragmas."""
    engine = create_engine(f"sqlite+pysqlite:///{Path(path)}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def write_engine(engine: Engine) -> Engine:
    """The same engine (same pool) whose transactions start with ``BEGIN IMMEDIATE``."""
    return engine.execution_options(**{_IMMEDIATE: True})

"""Opening the ledger file: one SQLAlchemy engine with the pragmas a ledger needs on every connection.

Guarantees:
- every connection runs with WAL, ``synchronous=FULL`` (a committed record survives a power cut),
  ``foreign_keys=ON`` and a busy timeout;
- Python's sqlite3 module never opens transactions behind our back; SQLAlchemy's ``begin`` emits
  ``BEGIN IMMEDIATE`` for engines made by ``write_engine`` (so a writer takes the lock before reading
  what it validates against) and a deferred ``BEGIN`` for reads;
- memory is bounded: the file is read, never memory-mapped (``mmap_size = 0``), into a private page cache
  of at most ``CACHE_KIB`` per connection, so a ledger of any size costs a process at most one such cache
  per pooled connection (the pool keeps as many as were ever used at once: three in the window).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

from heshi_station.db.search_tokens import register_functions

BUSY_TIMEOUT_MS = 10_000
# Why no mmap and a 16 MiB cache (issue 10, "memory after opening every page <= bare + 250 MB", measured with
# bench/bench_ui.py --pragmas on a 20,000-reception ledger, 220 MiB, 2026-12-03, 2 sessions of 3 interleaved runs,
# load 5-20): with mmap_size 256 MiB each connection maps the file and its touched pages count in the process's
# resident memory once per mapping (three mappings: VmRSS +535..721 MB, of which RssFile +392..569 MB). Without
# mmap the same pages are copied into the bounded private page cache instead: 0 MiB mmap / 16 MiB cache gave VmRSS
# +217..229 MB (RssAnon +185..197, RssFile +32), 0/32 gave +255..265 and 32/32 +307..317 MB. Opening every page
# took about the same CPU (medians of six runs: 3.2 s at 0/16, 3.5 s at 256/32), and the opinion list's one-character
# search, which reads the whole opinion table, spent the same CPU per count (~45 ms on 99,435 opinions) with
# 256/32, 0/16 and 0/64: the file is in the OS cache either way, and reading it costs a little system time
# instead of page faults. A larger cache would only hold more of the same file privately.
CACHE_KIB = 16_384  # per connection
MMAP_BYTES = 0
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
    # Reads of a large ledger (statistics, search) touch pages all over the file: keep some of it in memory,
    # bounded (see CACHE_KIB); the rest comes from the OS's file cache.
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

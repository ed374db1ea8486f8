"""The centre's database: ``DATABASE_URL`` (PostgreSQL via psycopg 3) or an embedded SQLite file.

Guarantees:
- ``migrate`` brings the database to the newest schema with the centre's own Alembic scripts
  (``heshi_centre/migrations``) in one transaction (concurrent runs on PostgreSQL queue on an advisory lock,
  so the second finds nothing to do) and makes sure an epoch exists; ``open_database(url, upgrade=False)``
  never writes and ``require_current_schema`` refuses an out-of-date database (``SchemaOutOfDate``, naming
  the command to run);
- ``next_change_seq`` numbers the feed without a global lock on PostgreSQL (see its docstring for why a
  station paging ``since`` can never skip a change); SQLite keeps one writer at a time (BEGIN IMMEDIATE);
- ``new_epoch`` gives the database a new epoch: run it after restoring from a backup, so stations re-offer
  what the centre may have lost and re-pull the feed.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from heshi_centre.errors import SchemaOutOfDate, SettingInvalid
from heshi_centre.models import CentreMeta

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def default_database_url() -> str:
    """``DATABASE_URL`` if set, else an SQLite file in the user data folder (``HESHI_CENTRE_DATA`` overrides)."""
    if url := os.environ.get("DATABASE_URL"):
        return url
    folder = Path(os.environ.get("HESHI_CENTRE_DATA") or user_data_dir("heshi-centre", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite+pysqlite:///{folder / 'centre.sqlite3'}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA busy_timeout = 30000")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = FULL")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.close()


def _sqlite_begin(conn) -> None:
    # Writers serialise at BEGIN, so the push cursor read-check-write cannot interleave.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str | None = None) -> Engine:
    url = url or default_database_url()
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    # Each worker process has its own pool: N workers × (pool + overflow) must stay under PostgreSQL's
    # max_connections (or PgBouncer's pool), so both are settable per deployment.
    pool = _env_int("HESHI_CENTRE_DB_POOL", 10)
    overflow = _env_int("HESHI_CENTRE_DB_OVERFLOW", 30)
    return create_engine(url, pool_size=pool, max_overflow=overflow, pool_pre_ping=True)


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise SettingInvalid(f"环境变量 {name} 应是非负整数，现在是“{raw}”")
    return int(raw)


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


VERSION_TABLE = "centre_alembic_version"
# Advisory-lock keys (PostgreSQL, transaction-scoped, so they work behind PgBouncer's transaction pooling).
MIGRATE_LOCK = 0x48455348_4D494752  # "HESH" "MIGR": one migration at a time
FEED_GATE = 0x48455348_46454544  # "HESH" "FEED": for-every-station changes vs per-station ones
FEED_STATION_SPACE = 0x4846  # first key of the two-int4 per-station feed locks


def schema_revisions(engine: Engine) -> tuple[str | None, str]:
    """(the database's current revision or None if it has no centre tables yet, the newest revision)."""
    with engine.connect() as conn:
        return _current(conn), _head(engine)


def _head(engine: Engine) -> str:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def _current(conn) -> str | None:
    return MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE}).get_current_revision()


def migrate(engine: Engine) -> tuple[str | None, str]:
    """Upgrade to the newest schema and make sure an epoch exists, in one transaction; returns (revision
    before, after). On PostgreSQL the transaction first takes an advisory lock, so concurrent runs take turns
    and the later one reports that there was nothing to do."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATE_LOCK})
        before = _current(conn)
        if before is not None and not _known(engine, before):
            raise _newer_than_program(before)
        cfg = alembic_config(engine)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        _ensure_meta(Session(bind=conn))
        return before, _current(conn)


def _ensure_meta(s: Session) -> None:
    if s.get(CentreMeta, "epoch") is None:
        s.add(CentreMeta(key="epoch", value=str(uuid.uuid4())))
    # PostgreSQL numbers the feed with a sequence (c0004); SQLite keeps the counter row.
    if s.get_bind().dialect.name == "sqlite" and s.get(CentreMeta, "change_seq") is None:
        s.add(CentreMeta(key="change_seq", value="0"))
    s.flush()


def _known(engine: Engine, revision: str) -> bool:
    try:
        return ScriptDirectory.from_config(alembic_config(engine)).get_revision(revision) is not None
    except CommandError:
        return False


def _newer_than_program(revision: str) -> SchemaOutOfDate:
    return SchemaOutOfDate(
        f"数据库结构版本 {revision} 比本程序新（可能已由新版本的市中心程序升级过）。"
        "请安装新版本的市中心程序，不要用旧程序启动。"
    )


def require_current_schema(engine: Engine) -> None:
    """Raise ``SchemaOutOfDate`` unless the database is at the newest revision (it is never changed here)."""
    current, head = schema_revisions(engine)
    if current == head:
        return
    if current is not None and not _known(engine, current):
        raise _newer_than_program(current)
    state = "数据库里还没有市中心的数据表" if current is None else f"数据库结构版本是 {current}，本程序需要 {head}"
    raise SchemaOutOfDate(
        f"{state}。请先停止所有市中心服务进程，运行 heshi-centre migrate 升级数据库（升级前请先备份），再启动服务。"
    )


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def open_database(url: str | None = None, *, upgrade: bool = True) -> tuple[Engine, sessionmaker[Session]]:
    """An engine and session factory; ``upgrade=True`` migrates first (tests, the one-machine SQLite demo)."""
    engine = make_engine(url)
    if upgrade:
        migrate(engine)
    return engine, sessionmaker(engine, expire_on_commit=False)


def get_epoch(session: Session) -> str:
    return session.get(CentreMeta, "epoch").value


def new_epoch(session: Session) -> str:
    value = str(uuid.uuid4())
    session.execute(update(CentreMeta).where(CentreMeta.key == "epoch").values(value=value))
    return value


def next_change_seq(session: Session, station_id: int | None = None) -> int:
    """The next feed number for a change to ``station_id``'s feed (None: every station's feed).

    PostgreSQL: numbers come from the ``change_seq`` sequence, and before taking one the transaction takes
    transaction-scoped advisory locks that make every two writers *whose changes can meet in one station's
    feed* take turns: a per-station change takes the feed gate shared plus its station's lock; a change for
    every station takes the gate exclusively. Writers for different stations share the gate and never wait
    for each other. Why no station can skip a change: two writers whose rows meet in station S's feed hold
    conflicting locks, so the second takes its number only after the first has committed or rolled back;
    hence within S's feed, numbers are taken and committed in the same order, and a reader that sees a
    committed row numbered x (READ COMMITTED, one statement) also sees every committed row of S's feed
    numbered below x. Rolled-back writers leave holes, which pulling ``seq > since`` does not mind.
    A transaction writing both kinds should write its for-every-station changes first (it would otherwise
    upgrade a shared gate lock, and two such transactions deadlock; PostgreSQL then cancels one).

    SQLite: writers are already one at a time (BEGIN IMMEDIATE); the counter row in ``centre_meta`` is used.
    """
    if session.get_bind().dialect.name == "postgresql":
        if station_id is None:
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": FEED_GATE})
        else:
            session.execute(text("SELECT pg_advisory_xact_lock_shared(:k)"), {"k": FEED_GATE})
            # Two int4 keys: ids beyond 2**31 share a lock with a smaller id (extra waiting, never a gap).
            session.execute(
                text("SELECT pg_advisory_xact_lock(:space, :station)"),
                {"space": FEED_STATION_SPACE, "station": station_id % 2147483647},
            )
        return int(session.execute(text("SELECT nextval('change_seq')")).scalar_one())
    row = session.execute(select(CentreMeta).where(CentreMeta.key == "change_seq").with_for_update()).scalar_one()
    value = int(row.value) + 1
    row.value = str(value)
    session.flush()
    return value

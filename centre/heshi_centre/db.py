"""The centre's database: ``DATABASE_URL`` (PostgreSQL via psycopg 3) or an embedded SQLite file.

Guarantees:
- ``open_database`` migrates to the newest schema with the centre's own Alembic scripts
  (``heshi_centre/migrations``) and makes sure an epoch exists;
- ``next_change_seq`` allocates feed numbers under a row lock, so they commit in order;
- ``new_epoch`` gives the database a new epoch: run it after restoring from a backup, so stations re-offer
  what the centre may have lost and re-pull the feed.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from alembic import command
from alembic.config import Config
from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event, select, update
from sqlalchemy.orm import Session, sessionmaker

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
    return create_engine(url, pool_size=10, max_overflow=30, pool_pre_ping=True)


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine) -> None:
    command.upgrade(alembic_config(engine), "head")


def open_database(url: str | None = None) -> tuple[Engine, sessionmaker[Session]]:
    engine = make_engine(url)
    migrate(engine)
    factory = sessionmaker(engine, expire_on_commit=False)
    with factory.begin() as s:
        if s.get(CentreMeta, "epoch") is None:
            s.add(CentreMeta(key="epoch", value=str(uuid.uuid4())))
        if s.get(CentreMeta, "change_seq") is None:
            s.add(CentreMeta(key="change_seq", value="0"))
    return engine, factory


def get_epoch(session: Session) -> str:
    return session.get(CentreMeta, "epoch").value


def new_epoch(session: Session) -> str:
    value = str(uuid.uuid4())
    session.execute(update(CentreMeta).where(CentreMeta.key == "epoch").values(value=value))
    return value


def next_change_seq(session: Session) -> int:
    """The next feed number; the row lock is held until the caller's transaction ends."""
    row = session.execute(select(CentreMeta).where(CentreMeta.key == "change_seq").with_for_update()).scalar_one()
    value = int(row.value) + 1
    row.value = str(value)
    session.flush()
    return value

"""The centre's tables. Station-owned records are kept as each station's latest snapshot per entity
(``StationRecord``) next to the log of every op received (``ReceivedOp``); centre-owned data has typed
tables and every change to it appends a ``Change`` row (the feed stations pull).

Works on PostgreSQL (production) and SQLite (embedded demo default).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JsonType = JSON().with_variant(JSONB(), "postgresql")
# BIGINT autoincrement on PostgreSQL, INTEGER PRIMARY KEY (rowid) on SQLite.
BigId = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class CentreMeta(Base):
    """Key/value facts about this database: ``epoch`` (new after a restore) and, on SQLite only, the feed
    counter ``change_seq`` (PostgreSQL numbers the feed with the ``change_seq`` sequence, c0004)."""

    __tablename__ = "centre_meta"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(100))


class CentreStation(Base):
    __tablename__ = "centre_station"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    district: Mapped[str] = mapped_column(String(50), default="")
    township: Mapped[str] = mapped_column(String(50), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Highest outbox sequence number applied for this station (the push cursor).
    push_cursor: Mapped[int] = mapped_column(BigInteger, default=0)
    push_cursor_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # The station program's User-Agent on its last push (c0002), e.g. ``heshi-station-sync/3``.
    client_agent: Mapped[str] = mapped_column(String(100), default="", server_default="")


class StationToken(Base):
    """A station's bearer token, stored only as its SHA-256 hash (tokens are 256-bit random)."""

    __tablename__ = "station_token"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("centre_station.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ReceivedOp(Base):
    """Every op a station pushed and what the centre answered. Unique (station, op_id): the second guard."""

    __tablename__ = "received_op"
    __table_args__ = (
        UniqueConstraint("station_id", "op_id", name="uq_received_op_station_op"),
        Index("ix_received_op_station_seq", "station_id", "seq"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("centre_station.id"))
    seq: Mapped[int] = mapped_column(BigInteger)
    op_id: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[str] = mapped_column(String(64))
    op: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10))
    code: Mapped[str] = mapped_column(String(40), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class StationRecord(Base):
    """A station-owned record as the station last sent it (latest snapshot; events are write-once)."""

    __tablename__ = "station_record"
    station_id: Mapped[int] = mapped_column(ForeignKey("centre_station.id"), primary_key=True)
    entity: Mapped[str] = mapped_column(String(30), primary_key=True)
    entity_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    payload: Mapped[dict] = mapped_column(JsonType)
    seq: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PushLog(Base):
    """One row per push request that committed: lets an operator (and the tests) see resent batches."""

    __tablename__ = "push_log"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("centre_station.id"), index=True)
    after: Mapped[int] = mapped_column(BigInteger)
    last_seq: Mapped[int] = mapped_column(BigInteger)
    applied: Mapped[int] = mapped_column(Integer)
    duplicate: Mapped[int] = mapped_column(Integer)
    rejected: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# -- centre-owned data ---------------------------------------------------------------------------------


class CentreDeputy(Base):
    """A deputy on a station's roster, as the centre keeps it."""

    __tablename__ = "centre_deputy"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("centre_station.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    gender: Mapped[str] = mapped_column(String(8), default="")
    level: Mapped[str] = mapped_column(String(12))
    constituency: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class CentreUnit(Base):
    __tablename__ = "centre_unit"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class CentreCategory(Base):
    __tablename__ = "centre_category"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    time_limit_days: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class CentreHolidayYear(Base):
    """One year of the holiday table: ``days`` is ``[[iso_day, is_working_day, name], ...]``."""

    __tablename__ = "centre_holiday_year"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(String(100))
    days: Mapped[list] = mapped_column(JsonType)


class CentreEvent(Base):
    """A handling event recorded at the centre (e.g. a department's reply) for a station's opinion."""

    __tablename__ = "centre_event"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("centre_station.id"), index=True)
    opinion_id: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(50), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict] = mapped_column(JsonType)


class Change(Base):
    """The pull feed: one row per change to centre-owned data. ``station_id`` NULL = for every station.

    ``seq`` is allocated by ``db.next_change_seq`` inside the writing transaction so that, within one
    station's feed, rows become visible in ``seq`` order and a reader paging ``since`` never skips one.
    """

    __tablename__ = "change"
    __table_args__ = (Index("ix_change_station_seq", "station_id", "seq"),)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("centre_station.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict] = mapped_column(JsonType)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# The structured tables live in their own module; importing it here registers them on ``Base.metadata``
# wherever the models are loaded (Alembic, ``create_all`` in tests).
from heshi_centre import account_models, duty_models, ledger_models  # noqa: E402, F401

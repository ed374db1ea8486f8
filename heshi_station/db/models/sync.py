"""Bookkeeping that travels with every write: the audit log, the sync outbox and the sync cursors."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from heshi_station.db.models.base import Base
from heshi_station.db.types import TZDateTime, new_id, now


class AuditEntry(Base):
    __tablename__ = "audit_log"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    at: Mapped[datetime] = mapped_column(TZDateTime, default=now)
    actor: Mapped[str] = mapped_column(String(50), default="")
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[str] = mapped_column(String(36), index=True)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


class OutboxEntry(Base):
    """A change not yet accepted by the centre (待同步记录). ``seq`` is the station's gap-free sequence."""

    __tablename__ = "outbox"
    # AUTOINCREMENT: a sequence number is never reused, even after rows are pruned.
    __table_args__ = {"sqlite_autoincrement": True}
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    op_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_id)
    entity: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(20))
    payload: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(TZDateTime, default=now)
    # pending → applied | duplicate | rejected (rejected rows form the fix-up list, 同步退回记录)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    acked_at: Mapped[datetime | None] = mapped_column(TZDateTime, nullable=True)
    reject_code: Mapped[str] = mapped_column(String(40), default="")
    reject_message: Mapped[str] = mapped_column(Text, default="")


class SyncCursor(Base):
    __tablename__ = "sync_cursor"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(TZDateTime, default=now, onupdate=now)


class PulledChangeSetAside(Base):
    """A change pulled from the centre that the station could not apply (市中心更新未能应用).

    Kept whole with the reason, so the rest of its page still applies and nothing the centre sent is lost.
    At most one open entry per (kind, entity_id): a later bad change for the same record replaces it, and a
    later good one that applies marks it ``superseded_at``.
    """

    __tablename__ = "pull_set_aside"
    __table_args__ = (Index("ix_pull_set_aside_entity", "kind", "entity_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    change_seq: Mapped[int] = mapped_column(Integer)
    epoch: Mapped[str] = mapped_column(String(64), default="")
    kind: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(64), default="")
    payload: Mapped[dict] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text)
    set_aside_at: Mapped[datetime] = mapped_column(TZDateTime, default=now)
    superseded_at: Mapped[datetime | None] = mapped_column(TZDateTime, nullable=True, index=True)

"""The three registers: receptions with their visitors, opinions with their handling events, and the
reception-day rota with deputies' attendance.

Opinion rows keep what was registered; everything that happens afterwards is an ``OpinionEvent``. The
``state``/``lead_unit_id``/``due_date``/``closed_on`` columns on ``Opinion`` are a cache of the pure
fold over its events (``ledger.opinion_state.fold``), rewritten in the same transaction as every event
so lists can be filtered by state at scale; they are never written any other way.
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from heshi_station.db.models.base import Base, IdMixin
from heshi_station.db.types import TZDateTime, now

rota = Table(
    "rota",
    Base.metadata,
    Column("reception_day_id", ForeignKey("reception_day.id", ondelete="CASCADE"), primary_key=True),
    Column("deputy_id", ForeignKey("deputy.id"), primary_key=True),
)

reception_deputy = Table(
    "reception_deputy",
    Base.metadata,
    Column("reception_id", ForeignKey("reception.id", ondelete="CASCADE"), primary_key=True),
    Column("deputy_id", ForeignKey("deputy.id"), primary_key=True, index=True),
)

opinion_deputy = Table(
    "opinion_deputy",
    Base.metadata,
    Column("opinion_id", ForeignKey("opinion.id", ondelete="CASCADE"), primary_key=True),
    Column("deputy_id", ForeignKey("deputy.id"), primary_key=True, index=True),
)


class ReceptionDay(IdMixin, Base):
    """A scheduled reception day (接待日) and its rota (排班)."""

    __tablename__ = "reception_day"
    day: Mapped[date] = mapped_column(Date, index=True)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    place: Mapped[str] = mapped_column(String(200))
    topic: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(TZDateTime, default=now)
    deputies = relationship("Deputy", secondary=rota, order_by="Deputy.name")


class Attendance(IdMixin, Base):
    """One deputy's presence, leave or absence on one day (代表进站履职)."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("deputy_id", "day", name="uq_attendance_deputy_day"),)
    deputy_id: Mapped[str] = mapped_column(ForeignKey("deputy.id"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    reception_day_id: Mapped[str | None] = mapped_column(ForeignKey("reception_day.id"), nullable=True)
    status: Mapped[str] = mapped_column(String(8))
    arrived_at: Mapped[time | None] = mapped_column(Time, nullable=True)
    left_at: Mapped[time | None] = mapped_column(Time, nullable=True)
    activities: Mapped[str] = mapped_column(Text, default="")
    leave_reason: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(TZDateTime, default=now, onupdate=now)


class Reception(IdMixin, Base):
    """One occasion of receiving one or more members of the public (选民接待)."""

    __tablename__ = "reception"
    # Covering indexes: period statistics read only these columns (see migration 0005).
    __table_args__ = (Index("ix_reception_received_on_id", "received_on", "id"),)
    received_at: Mapped[datetime] = mapped_column(TZDateTime)
    received_on: Mapped[date] = mapped_column(Date)
    way: Mapped[str] = mapped_column(String(8))
    place: Mapped[str] = mapped_column(String(200), default="")
    clerk_name: Mapped[str] = mapped_column(String(50), default="")
    matter: Mapped[str] = mapped_column(Text)
    category_id: Mapped[str | None] = mapped_column(ForeignKey("category.id"), nullable=True)
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome: Mapped[str] = mapped_column(Text, default="")
    # The reception's search document (matter, outcome, visitors): see migration 0006.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    source_key: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    created_at: Mapped[datetime] = mapped_column(TZDateTime, default=now)
    # Corrections (更正) and voiding (作废), migration 0007: a voided reception is kept but counts nowhere;
    # ``revision`` counts the corrections saved, ``corrected_at`` is the time of the latest.
    voided_at: Mapped[datetime | None] = mapped_column(TZDateTime, nullable=True)
    void_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    corrected_at: Mapped[datetime | None] = mapped_column(TZDateTime, nullable=True)
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    visitors = relationship("Visitor", order_by="Visitor.position", cascade="all, delete-orphan")
    deputies = relationship("Deputy", secondary=reception_deputy, order_by="Deputy.name")


class Visitor(IdMixin, Base):
    """A member of the public received; ``group_size`` > 1 for a joint or collective visit."""

    __tablename__ = "visitor"
    __table_args__ = (Index("ix_visitor_reception_people", "reception_id", "group_size", "village"),)
    reception_id: Mapped[str] = mapped_column(ForeignKey("reception.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(50), default="", index=True)
    gender: Mapped[str] = mapped_column(String(4), default="")
    phone: Mapped[str] = mapped_column(String(20), default="", index=True)
    id_number: Mapped[str] = mapped_column(String(18), default="")
    village: Mapped[str] = mapped_column(String(100), default="")
    group_size: Mapped[int] = mapped_column(Integer, default=1)
    name_initials: Mapped[str] = mapped_column(String(50), default="", index=True)


class Opinion(IdMixin, Base):
    """One matter raised (意见建议), tracked until closed; its history is ``events``."""

    __tablename__ = "opinion"
    __table_args__ = (
        Index("ix_opinion_state_due_paused", "state", "due_date", "paused"),  # overdue counts from the index
        Index("ix_opinion_registered_on_id", "registered_on", "id", "category_id", "village"),
        Index("ix_opinion_closed_on_state_due", "closed_on", "state", "due_date"),
    )
    reception_id: Mapped[str | None] = mapped_column(ForeignKey("reception.id"), nullable=True, index=True)
    content: Mapped[str] = mapped_column(Text)
    category_id: Mapped[str | None] = mapped_column(ForeignKey("category.id"), nullable=True, index=True)
    proposer_name: Mapped[str] = mapped_column(String(50), default="")
    proposer_phone: Mapped[str] = mapped_column(String(20), default="")
    village: Mapped[str] = mapped_column(String(100), default="")
    route: Mapped[str] = mapped_column(String(12))
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    registered_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(TZDateTime, default=now)
    # Cache of fold(events): see the module docstring.
    state: Mapped[str] = mapped_column(String(16), default="registered")
    lead_unit_id: Mapped[str | None] = mapped_column(ForeignKey("handling_unit.id"), nullable=True, index=True)
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    due_provisional: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Corrections of the registration fields (更正), migration 0007. Voiding an opinion is an event
    # (state ``voided``), so it needs no column of its own.
    corrected_at: Mapped[datetime | None] = mapped_column(TZDateTime, nullable=True)
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Migration 0010: what the search indexes hold (content, proposer name, phone, village; kept right by a
    # trigger on correction) and the proposer's pinyin initials, searched as index ranges.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    proposer_initials: Mapped[str] = mapped_column(String(50), default="", server_default="", index=True)
    deputies = relationship("Deputy", secondary=opinion_deputy, order_by="Deputy.name")
    events = relationship(
        "OpinionEvent", order_by="(OpinionEvent.occurred_at, OpinionEvent.id)", cascade="all", viewonly=False
    )


# The deadline and the feedback date an event carries in its data, as SQL over ``opinion_event``: the expressions
# of the partial indexes of migration 0016. A query uses those indexes only with these exact texts.
EVENT_DUE_SQL = "coalesce(json_extract(data, '$.due_date'), json_extract(data, '$.new_due_date'))"
EVENT_DUE_KINDS_SQL = "kind IN ('registered', 'transferred', 'extended', 'deadline_recomputed')"
EVENT_FED_BACK_ON_SQL = "json_extract(data, '$.fed_back_on')"
EVENT_FED_BACK_KIND_SQL = "kind = 'fed_back'"


class OpinionEvent(IdMixin, Base):
    """One append-only step in an opinion's history (办理记录). Never updated, never deleted."""

    __tablename__ = "opinion_event"
    __table_args__ = (
        Index("ix_opinion_event_kind_time", "kind", "occurred_at", "opinion_id"),
        # The monthly on-time figure finds deadlines and feedback dates falling in a month (migration 0016).
        Index(
            "ix_opinion_event_due",
            text(EVENT_DUE_SQL),
            "occurred_at",
            "opinion_id",
            sqlite_where=text(EVENT_DUE_KINDS_SQL),
        ),
        Index(
            "ix_opinion_event_fed_back_on",
            text(EVENT_FED_BACK_ON_SQL),
            "occurred_at",
            "opinion_id",
            sqlite_where=text(EVENT_FED_BACK_KIND_SQL),
        ),
    )
    opinion_id: Mapped[str] = mapped_column(ForeignKey("opinion.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    occurred_at: Mapped[datetime] = mapped_column(TZDateTime)
    recorded_at: Mapped[datetime] = mapped_column(TZDateTime, default=now)
    actor: Mapped[str] = mapped_column(String(50), default="")
    source: Mapped[str] = mapped_column(String(10), default="station")
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict] = mapped_column(JSON, default=dict)

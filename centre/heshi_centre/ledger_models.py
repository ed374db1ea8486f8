"""Structured, indexed tables of what stations send (revision c0002), kept by ``projection``.

``station_record`` keeps each record as the JSON the station last sent; these tables hold the same
records as columns the console and the city's figures can filter, count and index. Opinions carry their
current state as derived by ``heshi_protocol.opinion_state.fold`` over the station's and the centre's
handling events together. Keys are (station, entity id): ids are the stations' own.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from heshi_centre.models import Base, JsonType


class LedgerReception(Base):
    """A reception (接待) as last sent; ``people`` sums the visitors' group sizes."""

    __tablename__ = "ledger_reception"
    __table_args__ = (Index("ix_ledger_reception_station_month", "station_id", "month"),)
    station_id: Mapped[int] = mapped_column(ForeignKey("centre_station.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    month: Mapped[str] = mapped_column(String(7), default="")
    way: Mapped[str] = mapped_column(String(20), default="")
    category_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    matter: Mapped[str] = mapped_column(Text, default="")
    people: Mapped[int] = mapped_column(Integer, default=0)
    voided: Mapped[bool] = mapped_column(Boolean, default=False)


class LedgerOpinion(Base):
    """An opinion (意见) with its current state from the shared fold."""

    __tablename__ = "ledger_opinion"
    __table_args__ = (
        Index("ix_ledger_opinion_station_month", "station_id", "month"),
        Index("ix_ledger_opinion_state", "state"),
        Index("ix_ledger_opinion_lead_unit", "lead_unit_id"),
        Index("ix_ledger_opinion_category", "category_id"),  # c0005: 意见跟踪's category filter
    )
    station_id: Mapped[int] = mapped_column(ForeignKey("centre_station.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    reception_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    content: Mapped[str] = mapped_column(Text, default="")
    category_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    proposer_name: Mapped[str] = mapped_column(String(100), default="")
    village: Mapped[str] = mapped_column(String(100), default="")
    route: Mapped[str] = mapped_column(String(20), default="")
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    registered_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    month: Mapped[str] = mapped_column(String(7), default="")
    # What full-text search matches (content, proposer, village), case-folded.
    search_text: Mapped[str] = mapped_column(Text, default="")
    # -- current state, from the fold
    state: Mapped[str] = mapped_column(String(20), default="registered")
    lead_unit_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    assist_unit_ids: Mapped[list] = mapped_column(JSON, default=list)
    transferred_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    reply: Mapped[str] = mapped_column(Text, default="")
    replied_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    fed_back_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    satisfaction: Mapped[str | None] = mapped_column(String(20), nullable=True)
    urge_count: Mapped[int] = mapped_column(Integer, default=0)
    last_event_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class LedgerOpinionEvent(Base):
    """A handling event of an opinion, from the station (``source='station'``) or the centre."""

    __tablename__ = "ledger_opinion_event"
    __table_args__ = (Index("ix_ledger_opinion_event_opinion", "station_id", "opinion_id"),)
    station_id: Mapped[int] = mapped_column(ForeignKey("centre_station.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    opinion_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(30))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # The time exactly as sent (with its offset): the fold reads this, so its days match the station's.
    occurred_iso: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(100), default="")
    source: Mapped[str] = mapped_column(String(10), default="station")
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict] = mapped_column(JsonType, default=dict)


class LedgerAttendance(Base):
    """A deputy's attendance (出席) on a reception day."""

    __tablename__ = "ledger_attendance"
    __table_args__ = (Index("ix_ledger_attendance_station_month", "station_id", "month"),)
    station_id: Mapped[int] = mapped_column(ForeignKey("centre_station.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    deputy_id: Mapped[str] = mapped_column(String(64), default="")
    day: Mapped[date | None] = mapped_column(Date, nullable=True)
    month: Mapped[str] = mapped_column(String(7), default="")
    status: Mapped[str] = mapped_column(String(20), default="")


class LedgerDeputy(Base):
    """A deputy in a station (代表进站), as the station sent it."""

    __tablename__ = "ledger_deputy"
    station_id: Mapped[int] = mapped_column(ForeignKey("centre_station.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    level: Mapped[str] = mapped_column(String(20), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class LedgerUnit(Base):
    """A handling unit a station defined itself (its own id), so opinions' unit ids can be named."""

    __tablename__ = "ledger_unit"
    __table_args__ = (Index("ix_ledger_unit_name", "name"),)
    station_id: Mapped[int] = mapped_column(ForeignKey("centre_station.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[str] = mapped_column(String(20), default="")


class LedgerOpinionUnit(Base):
    """Which units an opinion is currently with (``role`` lead or assist), from the fold: a unit's inbox is
    an indexed lookup here."""

    __tablename__ = "ledger_opinion_unit"
    __table_args__ = (Index("ix_ledger_opinion_unit_unit", "unit_id"),)
    station_id: Mapped[int] = mapped_column(ForeignKey("centre_station.id"), primary_key=True)
    opinion_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    unit_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(10))

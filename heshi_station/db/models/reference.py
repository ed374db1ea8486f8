"""Who and what the ledger refers to: the station, clerks, deputies, handling units, categories and the
holiday calendar. Deputies, units, categories and the calendar may be replaced by the centre on sync."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from heshi_station.db.models.base import Base, IdMixin
from heshi_station.db.types import TZDateTime, now


class Station(IdMixin, Base):
    """The one station whose ledger this file holds (exactly one row once set up)."""

    __tablename__ = "station"
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    district: Mapped[str] = mapped_column(String(50), default="")
    township: Mapped[str] = mapped_column(String(50), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(TZDateTime, default=now)


class Clerk(IdMixin, Base):
    __tablename__ = "clerk"
    name: Mapped[str] = mapped_column(String(50))
    phone: Mapped[str] = mapped_column(String(20), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Deputy(IdMixin, Base):
    __tablename__ = "deputy"
    name: Mapped[str] = mapped_column(String(50), index=True)
    gender: Mapped[str] = mapped_column(String(4), default="")
    level: Mapped[str] = mapped_column(String(8))
    constituency: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    name_initials: Mapped[str] = mapped_column(String(50), default="", index=True)
    name_pinyin: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(10), default="station")
    updated_at: Mapped[datetime] = mapped_column(TZDateTime, default=now, onupdate=now)


class HandlingUnit(IdMixin, Base):
    """A body that handles transferred opinions; a tree (parent_id) for departments under a government."""

    __tablename__ = "handling_unit"
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("handling_unit.id"), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str] = mapped_column(String(10), default="station")


class Category(IdMixin, Base):
    __tablename__ = "category"
    name: Mapped[str] = mapped_column(String(50), unique=True)
    time_limit_days: Mapped[int] = mapped_column(Integer, default=15)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str] = mapped_column(String(10), default="station")


class CalendarYear(Base):
    """A year for which the holiday table is complete; a year absent here cannot be counted in."""

    __tablename__ = "calendar_year"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(String(100))


class CalendarDay(Base):
    """An exception to the weekday rule: a holiday on a weekday, or a make-up working day (调休) on a weekend."""

    __tablename__ = "calendar_day"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    is_working_day: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str] = mapped_column(String(30), default="")


class AppSetting(Base):
    """Station-wide settings that belong with the ledger (e.g. masking default for printed registers)."""

    __tablename__ = "app_setting"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")

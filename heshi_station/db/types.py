"""Column types and id generation shared by every table.

Guarantees:
- ``new_id()`` returns a time-ordered UUID v7 as canonical text, so records made offline on different
  stations never collide and sort by creation time.
- ``TZDateTime`` refuses naive datetimes on write and always returns aware datetimes on read; the value is
  stored as ISO-8601 text *with its offset*, so the stored time means the same instant everywhere.
"""

from __future__ import annotations

from datetime import UTC, datetime

import uuid6
from sqlalchemy import String
from sqlalchemy.types import TypeDecorator


def new_id() -> str:
    """A new time-ordered UUID (v7) as 36-character text."""
    return str(uuid6.uuid7())


def now() -> datetime:
    """The current instant as an aware datetime in the machine's local zone."""
    return datetime.now(UTC).astimezone()


class NaiveDatetimeError(ValueError):
    """A datetime without a time zone was about to be stored."""


class TZDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as ISO-8601 text with its UTC offset."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise NaiveDatetimeError(f"时间必须带时区: {value!r}")
        return value.isoformat(timespec="microseconds")

    def process_result_value(self, value: str | None, dialect) -> datetime | None:
        if value is None:
            return None
        return datetime.fromisoformat(value)

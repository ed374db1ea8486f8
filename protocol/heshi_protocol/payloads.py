"""What a change looks like on the wire: JSON-ready snapshots of station-owned records for the outbox.

Every payload carries ``id`` and plain JSON types only (dates and times as ISO-8601 text), so the centre
can apply it without this package. A snapshot replaces the previous one for the same id (``upsert``);
handling events are ``append`` and never change once written. Each builder accepts an ORM row or a plain
mapping with the same field names (the write path builds rows as mappings before inserting them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from typing import Any

STATION_FIELDS = ("id", "code", "name", "district", "township", "address")
DEPUTY_FIELDS = ("id", "name", "gender", "level", "constituency", "phone", "active")
UNIT_FIELDS = ("id", "name", "kind", "parent_id", "active")
CATEGORY_FIELDS = ("id", "name", "time_limit_days", "active")
RECEPTION_FIELDS = (
    "id", "received_at", "way", "place", "clerk_name", "matter", "category_id", "confidential", "anonymous", "outcome",
    "voided_at", "void_reason", "corrected_at", "revision",
)  # fmt: skip
VISITOR_FIELDS = ("id", "name", "gender", "phone", "id_number", "village", "group_size")
OPINION_FIELDS = (
    "id", "reception_id", "content", "category_id", "proposer_name", "proposer_phone", "village", "route",
    "confidential", "registered_on", "corrected_at", "revision",
)  # fmt: skip
EVENT_FIELDS = ("id", "opinion_id", "kind", "occurred_at", "actor", "source", "note", "data")
RECEPTION_DAY_FIELDS = ("id", "day", "start_time", "end_time", "place", "topic")
ATTENDANCE_FIELDS = (
    "id", "deputy_id", "day", "reception_day_id", "status", "arrived_at", "left_at", "activities", "leave_reason",
)  # fmt: skip


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime | time) else value


def pick(src: Any, fields: Iterable[str]) -> dict:
    """The named fields of an ORM row or mapping, as JSON-ready values."""
    get = src.__getitem__ if isinstance(src, Mapping) else lambda k: getattr(src, k)
    return {k: _json_value(get(k)) for k in fields}


def station_payload(s: Any) -> dict:
    return pick(s, STATION_FIELDS)


def deputy_payload(d: Any) -> dict:
    return pick(d, DEPUTY_FIELDS)


def unit_payload(u: Any) -> dict:
    return pick(u, UNIT_FIELDS)


def category_payload(c: Any) -> dict:
    return pick(c, CATEGORY_FIELDS)


def reception_payload(r: Any, visitors: Iterable[Any] | None = None, deputy_ids: Iterable[str] | None = None) -> dict:
    """``visitors``/``deputy_ids`` default to the ORM row's relationships."""
    out = pick(r, RECEPTION_FIELDS)
    out["deputy_ids"] = list(deputy_ids) if deputy_ids is not None else [d.id for d in r.deputies]
    out["visitors"] = [pick(v, VISITOR_FIELDS) for v in (visitors if visitors is not None else r.visitors)]
    return out


def opinion_payload(o: Any, deputy_ids: Iterable[str] | None = None) -> dict:
    out = pick(o, OPINION_FIELDS)
    out["deputy_ids"] = list(deputy_ids) if deputy_ids is not None else [d.id for d in o.deputies]
    return out


def event_payload(e: Any) -> dict:
    return pick(e, EVENT_FIELDS)


def reception_day_payload(r: Any) -> dict:
    out = pick(r, RECEPTION_DAY_FIELDS)
    out["deputy_ids"] = [d.id for d in r.deputies]
    return out


def attendance_payload(a: Any) -> dict:
    return pick(a, ATTENDANCE_FIELDS)


# Deputies' duties (issue 14). Each snapshot carries its children (participants, projects, attendees), so
# one upsert replaces the whole record at the centre; voided records keep ``voided_at``/``void_reason``.
DUTY_ACTIVITY_FIELDS = (
    "id", "kind", "day", "place", "subject", "contact_with", "contact_way", "raised", "notes",
    "voided_at", "void_reason", "corrected_at", "revision", "reception_id",
)  # fmt: skip
REPORT_BACK_FIELDS = (
    "id", "deputy_id", "day", "place", "voters_present", "summary", "satisfied", "basically", "dissatisfied",
    "invalid", "voided_at", "void_reason", "corrected_at", "revision",
)  # fmt: skip
PROJECT_VOTE_FIELDS = (
    "id", "year", "day", "place", "rule", "deputies_total", "notes", "voided_at", "void_reason", "corrected_at",
    "revision",
)  # fmt: skip
VOTE_PROJECT_FIELDS = ("id", "position", "name", "sponsor", "budget_yuan", "votes_for", "votes_against", "abstain")
TRAINING_FIELDS = (
    "id", "topic", "organiser", "day", "hours", "place", "notes", "voided_at", "void_reason", "corrected_at",
    "revision",
)  # fmt: skip
TRAINING_ATTENDEE_FIELDS = ("deputy_id", "status", "leave_reason")


def duty_activity_payload(a: Any, deputy_ids: Iterable[str]) -> dict:
    out = pick(a, DUTY_ACTIVITY_FIELDS)
    out["deputy_ids"] = list(deputy_ids)
    return out


def report_back_payload(r: Any) -> dict:
    return pick(r, REPORT_BACK_FIELDS)


def project_vote_payload(v: Any, deputy_ids: Iterable[str], projects: Iterable[Any]) -> dict:
    out = pick(v, PROJECT_VOTE_FIELDS)
    out["deputy_ids"] = list(deputy_ids)
    out["projects"] = [pick(p, VOTE_PROJECT_FIELDS) for p in projects]
    return out


def training_payload(t: Any, attendees: Iterable[Any]) -> dict:
    out = pick(t, TRAINING_FIELDS)
    out["attendees"] = [pick(a, TRAINING_ATTENDEE_FIELDS) for a in attendees]
    return out

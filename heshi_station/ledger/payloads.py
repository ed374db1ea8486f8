"""What a change looks like on the wire: JSON-ready snapshots of station-owned records for the outbox.

Every payload carries ``id`` and plain JSON types only (dates and times as ISO-8601 text), so the centre
can apply it without this package. A snapshot replaces the previous one for the same id (``upsert``);
handling events are ``append`` and never change once written.
"""

from __future__ import annotations

from datetime import date, datetime, time

from heshi_station.db.models import (
    Attendance,
    Category,
    Deputy,
    HandlingUnit,
    Opinion,
    OpinionEvent,
    Reception,
    ReceptionDay,
    Station,
)


def _iso(value: date | datetime | time | None) -> str | None:
    return value.isoformat() if value is not None else None


def station_payload(s: Station) -> dict:
    return {
        "id": s.id,
        "code": s.code,
        "name": s.name,
        "district": s.district,
        "township": s.township,
        "address": s.address,
    }


def deputy_payload(d: Deputy) -> dict:
    return {
        "id": d.id,
        "name": d.name,
        "gender": d.gender,
        "level": d.level,
        "constituency": d.constituency,
        "phone": d.phone,
        "active": d.active,
    }


def unit_payload(u: HandlingUnit) -> dict:
    return {"id": u.id, "name": u.name, "kind": u.kind, "parent_id": u.parent_id, "active": u.active}


def category_payload(c: Category) -> dict:
    return {"id": c.id, "name": c.name, "time_limit_days": c.time_limit_days, "active": c.active}


def reception_payload(r: Reception) -> dict:
    return {
        "id": r.id,
        "received_at": _iso(r.received_at),
        "way": r.way,
        "place": r.place,
        "clerk_name": r.clerk_name,
        "matter": r.matter,
        "category_id": r.category_id,
        "confidential": r.confidential,
        "anonymous": r.anonymous,
        "outcome": r.outcome,
        "deputy_ids": [d.id for d in r.deputies],
        "visitors": [
            {
                "id": v.id,
                "name": v.name,
                "gender": v.gender,
                "phone": v.phone,
                "id_number": v.id_number,
                "village": v.village,
                "group_size": v.group_size,
            }
            for v in r.visitors
        ],
    }


def opinion_payload(o: Opinion) -> dict:
    return {
        "id": o.id,
        "reception_id": o.reception_id,
        "content": o.content,
        "category_id": o.category_id,
        "proposer_name": o.proposer_name,
        "proposer_phone": o.proposer_phone,
        "village": o.village,
        "route": o.route,
        "confidential": o.confidential,
        "registered_on": _iso(o.registered_on),
        "deputy_ids": [d.id for d in o.deputies],
    }


def event_payload(e: OpinionEvent) -> dict:
    return {
        "id": e.id,
        "opinion_id": e.opinion_id,
        "kind": e.kind,
        "occurred_at": _iso(e.occurred_at),
        "actor": e.actor,
        "source": e.source,
        "note": e.note,
        "data": e.data,
    }


def reception_day_payload(r: ReceptionDay) -> dict:
    return {
        "id": r.id,
        "day": _iso(r.day),
        "start_time": _iso(r.start_time),
        "end_time": _iso(r.end_time),
        "place": r.place,
        "topic": r.topic,
        "deputy_ids": [d.id for d in r.deputies],
    }


def attendance_payload(a: Attendance) -> dict:
    return {
        "id": a.id,
        "deputy_id": a.deputy_id,
        "day": _iso(a.day),
        "reception_day_id": a.reception_day_id,
        "status": a.status,
        "arrived_at": _iso(a.arrived_at),
        "left_at": _iso(a.left_at),
        "activities": a.activities,
        "leave_reason": a.leave_reason,
    }

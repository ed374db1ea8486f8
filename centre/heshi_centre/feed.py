"""Centre-owned data and the change feed stations pull.

Guarantees:
- every write to centre-owned data appends a ``Change`` row in the same transaction, numbered by
  ``db.next_change_seq``: within any one station's feed (its own changes plus those for every station) rows
  commit in number order, so paging ``since`` never skips one; writers for different stations never wait
  for each other (no global lock on PostgreSQL);
- a station sees the changes for every station (units, categories, holidays) and its own (roster,
  handling events on its opinions), never another station's;
- writing the same value again appends nothing (loading the same file twice is a no-op for stations);
- every change satisfies the shared schema (``heshi_protocol.schemas.change_problems``) before it is
  appended, so no station can receive a change it cannot apply (a bad holiday table is refused here).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from heshi_centre import projection
from heshi_centre.db import next_change_seq
from heshi_centre.errors import DataRefused
from heshi_centre.models import (
    CentreCategory,
    CentreDeputy,
    CentreEvent,
    CentreHolidayYear,
    CentreUnit,
    Change,
)
from heshi_protocol.schemas import change_problems


def add_change(session: Session, kind: str, entity_id: str, payload: dict, station_id: int | None = None) -> int:
    """Append a change; raises ``DataRefused`` (nothing appended) when stations could not apply it."""
    problems = change_problems(kind, payload)
    if problems:
        raise DataRefused("市中心数据不正确，未发布给联络站：" + "；".join(problems))
    seq = next_change_seq(session, station_id)
    session.add(Change(seq=seq, station_id=station_id, kind=kind, entity_id=entity_id, payload=payload))
    return seq


def pull_page(session: Session, station_id: int, since: int, limit: int) -> tuple[list[Change], int, bool]:
    """Changes after ``since`` for this station, oldest first: (page, next_since, more)."""
    rows = list(
        session.scalars(
            select(Change)
            .where(Change.seq > since, or_(Change.station_id.is_(None), Change.station_id == station_id))
            .order_by(Change.seq)
            .limit(limit + 1)
        )
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].seq if rows else since), more


def deputy_payload(d: CentreDeputy) -> dict:
    return {
        "id": d.id,
        "name": d.name,
        "gender": d.gender,
        "level": d.level,
        "constituency": d.constituency,
        "phone": d.phone,
        "active": d.active,
    }


def unit_payload(u: CentreUnit) -> dict:
    return {"id": u.id, "name": u.name, "kind": u.kind, "parent_id": u.parent_id, "active": u.active}


def category_payload(c: CentreCategory) -> dict:
    return {"id": c.id, "name": c.name, "time_limit_days": c.time_limit_days, "active": c.active}


def holiday_payload(h: CentreHolidayYear) -> dict:
    return {"id": str(h.year), "year": h.year, "source": h.source, "days": h.days}


def event_payload(e: CentreEvent) -> dict:
    return {
        "id": e.id,
        "opinion_id": e.opinion_id,
        "kind": e.kind,
        "occurred_at": e.occurred_at.isoformat(),
        "actor": e.actor,
        "source": "centre",
        "note": e.note,
        "data": e.data,
    }


def _save(session: Session, row, payload_fn, kind: str, station_id: int | None, values: dict) -> bool:
    """Apply ``values`` to ``row``; append a change only if something differs. Returns True if changed."""
    before = payload_fn(row) if row in session else None
    for k, v in values.items():
        setattr(row, k, v)
    if row not in session:
        session.add(row)
    session.flush()
    after = payload_fn(row)
    if after == before:
        return False
    add_change(session, kind, str(after["id"]), after, station_id)
    return True


def save_deputy(session: Session, station_id: int, deputy_id: str, values: dict) -> bool:
    row = session.get(CentreDeputy, deputy_id) or CentreDeputy(id=deputy_id, station_id=station_id)
    return _save(session, row, deputy_payload, "deputy", station_id, values)


def save_unit(session: Session, unit_id: str, values: dict) -> bool:
    row = session.get(CentreUnit, unit_id) or CentreUnit(id=unit_id)
    return _save(session, row, unit_payload, "handling_unit", None, values)


def save_category(session: Session, category_id: str, values: dict) -> bool:
    row = session.get(CentreCategory, category_id) or CentreCategory(id=category_id)
    return _save(session, row, category_payload, "category", None, values)


def save_holiday_year(session: Session, year: int, source: str, days: list) -> bool:
    row = session.get(CentreHolidayYear, year) or CentreHolidayYear(year=year)
    return _save(session, row, holiday_payload, "calendar_year", None, {"source": source, "days": days})


def add_event(
    session: Session,
    *,
    event_id: str,
    station_id: int,
    opinion_id: str,
    kind: str,
    occurred_at: datetime,
    actor: str,
    note: str,
    data: dict,
) -> int:
    event = CentreEvent(
        id=event_id,
        station_id=station_id,
        opinion_id=opinion_id,
        kind=kind,
        occurred_at=occurred_at,
        actor=actor,
        note=note,
        data=data,
    )
    session.add(event)
    session.flush()
    payload = event_payload(event)
    projection.project_centre_event(session, station_id, payload)
    return add_change(session, "opinion_event", event.id, payload, station_id)

"""Turning ORM rows into the plain records of ``dto`` (inside a session, before it closes)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from heshi_station.db.models import Category, Deputy, HandlingUnit, Opinion, OpinionEvent, Reception
from heshi_station.ledger.dto import (
    CategoryRecord,
    DeputyRecord,
    OpinionRecord,
    ReceptionRecord,
    TimelineEntry,
    UnitRecord,
    VisitorRecord,
)
from heshi_station.ledger.opinion_state import EventRecord, OpinionStatus, fold, overdue_level
from heshi_station.ledger.vocab import DeputyLevel, EventKind, ReceptionWay, Route, UnitKind
from heshi_station.ledger.workdays import CalendarYearMissing, HolidayCalendar


def _label(enum, value: str) -> str:
    try:
        return enum(value).label
    except ValueError:
        return value


def event_record(e: OpinionEvent) -> EventRecord:
    return EventRecord(
        id=e.id,
        kind=e.kind,
        occurred_at=e.occurred_at,
        data=e.data or {},
        note=e.note,
        actor=e.actor,
        source=e.source,
    )


def timeline_entry(e: OpinionEvent) -> TimelineEntry:
    return TimelineEntry(
        id=e.id,
        kind=e.kind,
        kind_label=_label(EventKind, e.kind),
        occurred_at=e.occurred_at,
        actor=e.actor,
        source=e.source,
        note=e.note,
        data=dict(e.data or {}),
    )


def deputy_record(d: Deputy) -> DeputyRecord:
    return DeputyRecord(
        id=d.id,
        name=d.name,
        gender=d.gender,
        level=d.level,
        level_label=_label(DeputyLevel, d.level),
        constituency=d.constituency,
        phone=d.phone,
        active=d.active,
        name_initials=d.name_initials,
    )


def unit_record(u: HandlingUnit) -> UnitRecord:
    return UnitRecord(
        id=u.id,
        name=u.name,
        kind=u.kind,
        kind_label=_label(UnitKind, u.kind),
        parent_id=u.parent_id,
        active=u.active,
    )


def category_record(c: Category) -> CategoryRecord:
    return CategoryRecord(id=c.id, name=c.name, time_limit_days=c.time_limit_days, active=c.active)


def reception_record(session: Session, r: Reception) -> ReceptionRecord:
    opinion_ids = session.scalars(select(Opinion.id).where(Opinion.reception_id == r.id).order_by(Opinion.id))
    category = session.get(Category, r.category_id) if r.category_id else None
    return ReceptionRecord(
        id=r.id,
        received_at=r.received_at,
        way=r.way,
        way_label=_label(ReceptionWay, r.way),
        matter=r.matter,
        place=r.place,
        clerk_name=r.clerk_name,
        category_id=r.category_id,
        category_name=category.name if category else "",
        confidential=r.confidential,
        anonymous=r.anonymous,
        outcome=r.outcome,
        visitors=tuple(
            VisitorRecord(
                id=v.id,
                name=v.name,
                gender=v.gender,
                phone=v.phone,
                id_number=v.id_number,
                village=v.village,
                group_size=v.group_size,
            )
            for v in r.visitors
        ),
        deputy_ids=tuple(d.id for d in r.deputies),
        deputy_names=tuple(d.name for d in r.deputies),
        opinion_ids=tuple(opinion_ids),
    )


def opinion_status(o: Opinion, cal: HolidayCalendar) -> OpinionStatus:
    return fold([event_record(e) for e in o.events], cal)


def opinion_record(
    session: Session, o: Opinion, cal: HolidayCalendar, today: date, *, with_timeline: bool = False
) -> OpinionRecord:
    st = opinion_status(o, cal)
    problem = st.deadline_problem
    try:
        level = overdue_level(st, today, cal)
    except CalendarYearMissing as exc:
        level, problem = None, str(exc)
    names = {
        u.id: u.name
        for u in session.scalars(
            select(HandlingUnit).where(HandlingUnit.id.in_([st.lead_unit_id, *st.assist_unit_ids]))
        )
    }
    category = session.get(Category, o.category_id) if o.category_id else None
    return OpinionRecord(
        id=o.id,
        reception_id=o.reception_id,
        registered_on=o.registered_on,
        content=o.content,
        category_id=o.category_id,
        category_name=category.name if category else "",
        proposer_name=o.proposer_name,
        proposer_phone=o.proposer_phone,
        village=o.village,
        route=o.route,
        route_label=_label(Route, o.route),
        confidential=o.confidential,
        state=st.state.value,
        state_label=st.state.label,
        paused=st.paused,
        lead_unit_id=st.lead_unit_id,
        lead_unit_name=names.get(st.lead_unit_id, "") if st.lead_unit_id else "",
        assist_unit_names=tuple(names.get(u, "") for u in st.assist_unit_ids),
        due_date=st.due_date,
        overdue_level=level.value if level else None,
        overdue_label=level.label if level else "",
        deadline_problem=problem,
        reply=st.reply,
        fed_back_on=st.fed_back_on,
        feedback_method=st.feedback_method,
        satisfaction=st.satisfaction.value if st.satisfaction else None,
        satisfaction_label=st.satisfaction.label if st.satisfaction else "",
        closed_on=st.closed_on,
        closed_on_time=st.closed_on_time,
        urge_count=st.urge_count,
        reopen_count=st.reopen_count,
        deputy_names=tuple(d.name for d in o.deputies),
        timeline=tuple(timeline_entry(e) for e in o.events) if with_timeline else (),
    )

"""Turning ORM rows into the plain records of ``dto`` (inside a session, before it closes)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from heshi_protocol.opinion_state import EventRecord, OpinionStatus, fold
from heshi_protocol.vocab import DeputyLevel, ReceptionWay, UnitKind, label_of
from heshi_protocol.workdays import HolidayCalendar
from heshi_station.db.models import Category, Deputy, HandlingUnit, Opinion, OpinionEvent, Reception
from heshi_station.ledger.dto import (
    CategoryRecord,
    DeputyRecord,
    ReceptionRecord,
    UnitRecord,
    VisitorRecord,
)


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


def deputy_record(d: Deputy) -> DeputyRecord:
    return DeputyRecord(
        id=d.id,
        name=d.name,
        gender=d.gender,
        level=d.level,
        level_label=label_of(DeputyLevel, d.level),
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
        kind_label=label_of(UnitKind, u.kind),
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
        way_label=label_of(ReceptionWay, r.way),
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
        voided_at=r.voided_at,
        void_reason=r.void_reason or "",
        corrected_at=r.corrected_at,
        revision=r.revision or 0,
    )


def opinion_status(o: Opinion, cal: HolidayCalendar) -> OpinionStatus:
    return fold([event_record(e) for e in o.events], cal)

"""履职活动: a deputy's activities other than reception days — 视察, 调研, 会议, 联系选民, 述职, 培训.

A 联系选民 activity also says with whom, how and what was raised; other kinds must leave those empty. What the
constituents raised becomes opinions like any other with ``register_raised_opinions``: a reception (way 走访)
registered through the one reception path, linked from the activity.
Saving, correcting and voiding go through ``duty_base`` (one transaction, audited, in the outbox).
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import replace
from datetime import date, datetime, time

from sqlalchemy.orm import Session

from heshi_protocol.payloads import duty_activity_payload
from heshi_protocol.vocab import ContactWay, DutyKind, label_of
from heshi_station.db.models import Deputy, DutyActivity
from heshi_station.ledger import duty_base
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import OpinionInput, ReceptionInput, ReceptionRecord, VisitorInput
from heshi_station.ledger.duty_base import Checker, DutySpec
from heshi_station.ledger.duty_dto import ActivityInput, ActivityRecord
from heshi_station.ledger.errors import LedgerError, ValidationFailed
from heshi_station.ledger.receptions import register_reception
from heshi_station.ledger.voiding import Voided


def _check(ledger: Ledger, s: Session, data: ActivityInput):
    c = Checker(ledger.today())
    kind = c.choice("kind", "活动类型", DutyKind, data.kind)
    day = c.day("day", "活动日期", data.day)
    contact = kind == DutyKind.CONTACT
    clean = ActivityInput(
        kind=kind,
        day=day,
        deputy_ids=c.deputies(s, "deputy_ids", "参加代表", data.deputy_ids),
        place=c.line("place", "活动地点", data.place),
        subject=c.line("subject", "活动内容", data.subject, required=bool(kind) and not contact),
        contact_with=c.line("contact_with", "联系对象", data.contact_with, required=contact),
        contact_way="",
        raised=c.prose("raised", "反映的问题", data.raised),
        notes=c.prose("notes", "备注", data.notes),
    )
    if contact:
        clean.contact_way = c.choice("contact_way", "联系方式", ContactWay, data.contact_way)
    elif kind and (clean.contact_with or (data.contact_way or "").strip() or clean.raised):
        c.add(
            "contact_with",
            "联系对象",
            f"只有“联系选民”活动填写联系对象、方式和反映的问题，这是“{DutyKind(kind).label}”",
        )
    return clean, c.errors


def _apply(s: Session, row: DutyActivity, data: ActivityInput) -> None:
    row.kind, row.day, row.place, row.subject = data.kind, data.day, data.place, data.subject
    row.contact_with, row.contact_way, row.raised, row.notes = (
        data.contact_with,
        data.contact_way,
        data.raised,
        data.notes,
    )
    row.deputies = [s.get(Deputy, d) for d in data.deputy_ids]


def _payload(row: DutyActivity) -> dict:
    return duty_activity_payload(row, sorted(d.id for d in row.deputies))


SPEC = DutySpec(DutyActivity, "duty_activity", "履职活动", _check, _apply, _payload)


def _record(s: Session, row: DutyActivity) -> ActivityRecord:
    return ActivityRecord(
        id=row.id, kind=row.kind, kind_label=label_of(DutyKind, row.kind), day=row.day, place=row.place,
        subject=row.subject, contact_with=row.contact_with, contact_way=row.contact_way,
        contact_way_label=label_of(ContactWay, row.contact_way) if row.contact_way else "", raised=row.raised,
        notes=row.notes, deputy_ids=tuple(d.id for d in row.deputies), deputy_names=tuple(d.name for d in row.deputies),
        book=duty_base.book(row), reception_id=row.reception_id,
    )  # fmt: skip


def record_activity(ledger: Ledger, data: ActivityInput) -> ActivityRecord:
    """Save a new activity; every bad field is reported at once and nothing is written."""
    return duty_base.save_duty(ledger, SPEC, replace(data), None, None, _record)


def correct_activity(ledger: Ledger, activity_id: str, data: ActivityInput, reason: str) -> ActivityRecord:
    """更正: ``data`` is the whole corrected activity; refused when it changes nothing or the record is voided."""
    return duty_base.save_duty(ledger, SPEC, replace(data), activity_id, reason, _record)


def void_activity(ledger: Ledger, activity_id: str, reason: str) -> Voided:
    return duty_base.void_duty(ledger, SPEC, activity_id, reason)


def get_activity(ledger: Ledger, activity_id: str) -> ActivityRecord:
    return duty_base.get_row(ledger, SPEC, activity_id, _record)


def list_activities(ledger: Ledger, start: date, end: date, *, include_voided: bool = False) -> list[ActivityRecord]:
    return duty_base.list_rows(ledger, SPEC, start, end, _record, include_voided=include_voided)


class AlreadyRegistered(LedgerError):
    """The activity's raised matters were registered as opinions before."""


def register_raised_opinions(
    ledger: Ledger, activity_id: str, opinions: list[OpinionInput], *, visitor: VisitorInput | None = None
) -> ReceptionRecord:
    """联系选民: register what was raised as a reception (way 走访, the activity's day, place and deputies) with
    ``opinions`` — opinions like any other: handled, counted, printed and synced — and link it from the
    activity. All in ONE transaction: the reception, its opinions, the link and their audit and outbox rows.

    Without ``visitor`` the reception is anonymous (the constituents met as a group, village = the place).
    """
    # Inside a caller's batch (e.g. saving the activity and its opinions together) join it.
    joined = getattr(ledger._local, "batch", None) is not None
    with nullcontext() if joined else ledger.batch():
        with ledger.write() as s:
            row = duty_base.load_live(s, SPEC, activity_id)
            if row.kind != DutyKind.CONTACT:
                raise ValidationFailed.single("kind", "活动类型", "只有“联系选民”活动可以把反映的问题登记为意见")
            if row.reception_id:
                raise AlreadyRegistered("这次联系选民反映的问题已登记为意见，不能重复登记。")
            deputy_ids = [d.id for d in row.deputies]
            day, place, matter = row.day, row.place, row.raised or f"联系{row.contact_with}"
        reception = register_reception(
            ledger,
            ReceptionInput(
                received_at=datetime.combine(day, time(12, 0)).astimezone(),
                way="home_visit",
                matter=matter,
                visitors=[visitor or VisitorInput(village=place)],
                anonymous=visitor is None,
                deputy_ids=deputy_ids,
                place=place,
                opinions=opinions,
            ),
        )
        with ledger.write() as s:
            row = s.get(DutyActivity, activity_id)
            row.reception_id = reception.id
            s.flush()
            ledger.record_change(s, "duty_activity.opinions", SPEC.entity, row.id, _payload(row))
    return reception


def record_contact_with_opinions(ledger: Ledger, data: ActivityInput, opinions: list[OpinionInput]) -> ActivityRecord:
    """A 联系选民 activity and, when ``opinions`` are given, what was raised registered as those opinions
    (``register_raised_opinions``) — in ONE transaction: both are saved or neither."""
    with ledger.batch():
        record = record_activity(ledger, data)
        if opinions:
            register_raised_opinions(ledger, record.id, opinions)
    return get_activity(ledger, record.id)

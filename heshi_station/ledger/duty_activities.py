"""履职活动: a deputy's activities other than reception days — 视察, 调研, 会议, 联系选民, 述职, 培训.

A 联系选民 activity also says with whom, how and what was raised; other kinds must leave those empty.
Saving, correcting and voiding go through ``duty_base`` (one transaction, audited, in the outbox).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from heshi_protocol.payloads import duty_activity_payload
from heshi_protocol.vocab import ContactWay, DutyKind, label_of
from heshi_station.db.models import Deputy, DutyActivity
from heshi_station.ledger import duty_base
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.duty_base import Checker, DutySpec
from heshi_station.ledger.duty_dto import ActivityInput, ActivityRecord
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
        book=duty_base.book(row),
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

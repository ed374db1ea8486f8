"""培训台账: trainings (topic, organiser, date, hours) and each deputy's 出席 / 请假 / 缺席.

Hours are positive, at most ``MAX_HOURS``, kept to one decimal. A deputy on leave needs a reason; a deputy
appears once per training. Saving, correcting and voiding go through ``duty_base``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from heshi_protocol.payloads import training_payload
from heshi_protocol.vocab import AttendanceStatus
from heshi_station.db.models import Training, TrainingAttendee
from heshi_station.ledger import duty_base
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.duty_base import Checker, DutySpec
from heshi_station.ledger.duty_dto import AttendeeInput, AttendeeRecord, TrainingInput, TrainingRecord
from heshi_station.ledger.voiding import Voided

MAX_HOURS = 200.0


def _hours(c: Checker, value) -> float:
    try:
        hours = round(float(str(value).strip()), 1)
    except ValueError:
        c.add("hours", "学时", f"应为数字，例如 2 或 1.5，而不是“{value}”")
        return 0.0
    if not 0 < hours <= MAX_HOURS:  # also refuses NaN
        c.add("hours", "学时", f"应大于0且不超过{MAX_HOURS:g}")
    return hours


def _check(ledger: Ledger, s: Session, data: TrainingInput):
    c = Checker(ledger.today())
    clean = TrainingInput(
        topic=c.line("topic", "培训主题", data.topic, required=True),
        day=c.day("day", "培训日期", data.day),
        hours=_hours(c, data.hours),
        organiser=c.line("organiser", "主办单位", data.organiser),
        place=c.line("place", "培训地点", data.place),
        notes=c.prose("notes", "备注", data.notes),
    )
    ids = c.deputies(s, "attendees", "参训代表", [a.deputy_id for a in data.attendees])
    if len(ids) != len(data.attendees):
        c.add("attendees", "参训代表", "同一位代表只能登记一次")
    for i, a in enumerate(data.attendees):
        n = f"参训代表{i + 1} "
        status = c.choice(f"attendees[{i}].status", n + "出勤情况", AttendanceStatus, a.status)
        reason = c.line(f"attendees[{i}].leave_reason", n + "请假事由", a.leave_reason,
                        required=status == AttendanceStatus.LEAVE)  # fmt: skip
        if reason and status != AttendanceStatus.LEAVE:
            c.add(f"attendees[{i}].leave_reason", n + "请假事由", "只有请假时填写请假事由")
        clean.attendees.append(AttendeeInput(a.deputy_id, status, reason))
    return clean, c.errors


def _apply(s: Session, row: Training, data: TrainingInput) -> None:
    for field in ("topic", "day", "hours", "organiser", "place", "notes"):
        setattr(row, field, getattr(data, field))
    if row.id is None:
        s.flush()  # the attendee rows need the training's id
    old = {a.deputy_id: a for a in row.attendees}
    rows = []
    for a in data.attendees:
        att = old.get(a.deputy_id) or TrainingAttendee(training_id=row.id, deputy_id=a.deputy_id)
        att.status, att.leave_reason = a.status, a.leave_reason
        rows.append(att)
    row.attendees = rows


def _payload(row: Training) -> dict:
    return training_payload(row, sorted(row.attendees, key=lambda a: a.deputy_id))


SPEC = DutySpec(Training, "training", "培训", _check, _apply, _payload)


def _record(s: Session, row: Training) -> TrainingRecord:
    names = duty_base.deputy_names(s, [a.deputy_id for a in row.attendees])
    attendees = tuple(
        sorted(
            (
                AttendeeRecord(
                    a.deputy_id, names.get(a.deputy_id, ""), a.status, AttendanceStatus(a.status).label, a.leave_reason
                )
                for a in row.attendees
            ),
            key=lambda a: a.deputy_name,
        )
    )
    return TrainingRecord(
        id=row.id, topic=row.topic, organiser=row.organiser, day=row.day, hours=row.hours, place=row.place,
        notes=row.notes, attendees=attendees, book=duty_base.book(row),
    )  # fmt: skip


def record_training(ledger: Ledger, data: TrainingInput) -> TrainingRecord:
    return duty_base.save_duty(ledger, SPEC, replace(data), None, None, _record)


def correct_training(ledger: Ledger, training_id: str, data: TrainingInput, reason: str) -> TrainingRecord:
    return duty_base.save_duty(ledger, SPEC, replace(data), training_id, reason, _record)


def void_training(ledger: Ledger, training_id: str, reason: str) -> Voided:
    return duty_base.void_duty(ledger, SPEC, training_id, reason)


def get_training(ledger: Ledger, training_id: str) -> TrainingRecord:
    return duty_base.get_row(ledger, SPEC, training_id, _record)


def list_trainings(ledger: Ledger, start: date, end: date, *, include_voided: bool = False) -> list[TrainingRecord]:
    return duty_base.list_rows(ledger, SPEC, start, end, _record, include_voided=include_voided)

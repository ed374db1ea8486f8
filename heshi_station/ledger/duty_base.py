"""What every duty ledger shares (履职活动, 述职测评, 民生实事票决, 培训台账): one save path for new records and
corrections, one voiding path, and the small field checks they all use.

Guarantees (the same as for receptions):
- every bad field is reported at once (``ValidationFailed``, Chinese messages) before anything is written;
- a new record, a correction or a voiding is ONE ``ledger.write()`` transaction holding the rows, the
  audit entry and the outbox snapshot (``upsert``, children included); any failure rolls all of it back;
- a correction needs a reason, must change something (``NothingToCorrect``), raises ``revision`` by one,
  sets ``corrected_at`` and keeps every changed field's old and new value in the audit entry;
- a voided record is kept (never deleted), counts nowhere, and can be neither corrected nor voided again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from heshi_protocol.vocab import Labelled
from heshi_station.db.models import Deputy
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.correction_base import (
    AlreadyVoided,
    NothingToCorrect,
    clean_reason,
    diff,
    record_correction,
)
from heshi_station.ledger.duty_dto import DutyBookkeeping
from heshi_station.ledger.errors import FieldError, NotFound, ValidationFailed
from heshi_station.ledger.normalise import clean_line, clean_text, text_problem
from heshi_station.ledger.validation import future_problem, required_problem
from heshi_station.ledger.voiding import Voided

MAX_LINE = 200  # place, subject, topic, organiser, project names
MAX_PROSE = 5000  # summaries, notes, what was raised
MAX_COUNT = 100_000  # any head count or vote count: more is a typing slip
BOOKKEEPING = ("voided_at", "void_reason", "corrected_at", "revision")


@dataclass(frozen=True)
class DutySpec:
    """How one duty ledger plugs into the shared save and void paths."""

    model: type
    entity: str  # the outbox entity, e.g. "duty_activity"
    label: str  # what the clerk calls one record, e.g. "履职活动"
    # the input normalised, and every problem with it (empty when it may be saved)
    check: Callable[[Ledger, Session, Any], tuple[Any, list[FieldError]]]
    apply: Callable[[Session, Any, Any], None]  # write the input onto the (new or loaded) row and its children
    payload: Callable[[Any], dict]  # the row's snapshot with its children


def book(row: Any) -> DutyBookkeeping:
    return DutyBookkeeping(row.voided_at, row.void_reason or "", row.corrected_at, row.revision or 0)


def save_duty(ledger: Ledger, spec: DutySpec, data: Any, record_id: str | None, reason: str | None, make_record):
    """Insert a new record (``record_id`` None) or correct an existing one (with ``reason``); returns
    ``make_record(session, row)``."""
    if record_id is not None:
        reason = clean_reason(reason, "更正理由")
    with ledger.write() as s:
        data, errors = spec.check(ledger, s, data)
        if errors:
            raise ValidationFailed(errors)
        if record_id is None:
            row = spec.model(created_at=ledger.now(), revision=0, void_reason="")
            s.add(row)
            spec.apply(s, row, data)
            s.flush()
            ledger.record_change(s, f"{spec.entity}.record", spec.entity, row.id, spec.payload(row))
            return make_record(s, row)
        row = load_live(s, spec, record_id)
        before = spec.payload(row)
        spec.apply(s, row, data)
        s.flush()
        after = spec.payload(row)
        changes = diff({k: before[k] for k in after if k not in BOOKKEEPING},
                       {k: after[k] for k in after if k not in BOOKKEEPING})  # fmt: skip
        if not changes:
            raise NothingToCorrect()
        row.revision = (row.revision or 0) + 1
        row.corrected_at = ledger.now()
        s.flush()
        detail = {"changes": changes, "reason": reason, "revision": row.revision}
        record_correction(ledger, s, f"{spec.entity}.correct", spec.entity, row.id, spec.payload(row), detail)
        return make_record(s, row)


def load_live(s: Session, spec: DutySpec, record_id: str):
    row = s.get(spec.model, record_id)
    if row is None:
        raise NotFound(f"{spec.label}记录不存在：{record_id}")
    if row.voided_at is not None:
        raise AlreadyVoided(
            f"该{spec.label}记录已于 {row.voided_at.astimezone():%Y-%m-%d %H:%M} 作废（{row.void_reason}），"
            "不能更正或再次作废。"
        )
    return row


def void_duty(ledger: Ledger, spec: DutySpec, record_id: str, reason: str) -> Voided:
    """作废 a duty record with a reason: kept, snapshot to the outbox, audited; counts nowhere afterwards."""
    reason = clean_reason(reason, "作废理由")
    with ledger.write() as s:
        row = load_live(s, spec, record_id)
        now = ledger.now()
        row.voided_at, row.void_reason = now, reason
        s.flush()
        record_correction(ledger, s, f"{spec.entity}.void", spec.entity, row.id, spec.payload(row), {"reason": reason})
    return Voided(spec.entity, record_id, now, reason)


def get_row(ledger: Ledger, spec: DutySpec, record_id: str, make_record):
    with ledger.read() as s:
        row = s.get(spec.model, record_id)
        if row is None:
            raise NotFound(f"{spec.label}记录不存在：{record_id}")
        return make_record(s, row)


def list_rows(ledger: Ledger, spec: DutySpec, start: date, end: date, make_record, *, include_voided=False):
    """Records with ``day`` in [start, end), oldest first."""
    with ledger.read() as s:
        m = spec.model
        q = select(m).where(m.day >= start, m.day < end).order_by(m.day, m.id)
        if not include_voided:
            q = q.where(m.voided_at.is_(None))
        return [make_record(s, r) for r in s.scalars(q)]


# --------------------------------------------------------------------------------------- field checks
class Checker:
    """Collects every problem of one input; each ``line``/``prose``/… returns the cleaned value."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.errors: list[FieldError] = []

    def add(self, field: str, label: str, message: str) -> None:
        self.errors.append(FieldError(field, label, message))

    def line(self, field: str, label: str, value: Any, *, required: bool = False, limit: int = MAX_LINE) -> str:
        text = clean_line(value)
        if p := (required and required_problem(text)) or text_problem(text, limit):
            self.add(field, label, p)
        return text

    def prose(self, field: str, label: str, value: Any, *, required: bool = False) -> str:
        text = clean_text(value)
        if p := (required and required_problem(text)) or text_problem(text, MAX_PROSE):
            self.add(field, label, p)
        return text

    def day(self, field: str, label: str, value: Any) -> date | None:
        if not isinstance(value, date):
            self.add(field, label, "必须填写日期")
            return None
        if p := future_problem(value, self.today):
            self.add(field, label, p)
        return value

    def count(self, field: str, label: str, value: Any, *, minimum: int = 0, limit: int = MAX_COUNT) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            try:
                value = int(str(value).strip())
            except ValueError:
                self.add(field, label, f"应为整数，而不是“{value}”")
                return 0
        if value < minimum:
            self.add(field, label, f"不能小于{minimum}")
        elif value > limit:
            self.add(field, label, f"不能大于{limit}")
        return value

    def choice(self, field: str, label: str, enum: type[Labelled], value: Any) -> str:
        try:
            return enum.from_label(str(value or "")).value
        except ValueError as exc:
            self.add(field, label, str(exc))
            return ""

    def deputies(self, s: Session, field: str, label: str, ids: list[str], *, required: bool = True) -> list[str]:
        ids = list(dict.fromkeys(i for i in ids if i))
        if required and not ids:
            self.add(field, label, "至少选择一位代表")
        elif ids:
            found = set(s.scalars(select(Deputy.id).where(Deputy.id.in_(ids))))
            missing = [i for i in ids if i not in found]
            if missing:
                self.add(field, label, f"代表名册中没有编号为 {'、'.join(missing)} 的代表")
        return ids


def deputy_names(s: Session, ids: list[str] | tuple[str, ...]) -> dict[str, str]:
    return dict(s.execute(select(Deputy.id, Deputy.name).where(Deputy.id.in_(list(ids)))).all()) if ids else {}

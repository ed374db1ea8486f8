"""述职测评: a deputy reports back to the constituency and the voters present evaluate on site.

The tally check: ballots counted (满意 + 基本满意 + 不满意 + 无效) can never exceed the voters present.
The result printed on the 述职测评表 and its satisfaction rate follow ``heshi_protocol.duty_rules.evaluate``
(shared with the centre).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from heshi_protocol.duty_rules import evaluate
from heshi_protocol.payloads import report_back_payload
from heshi_station.db.models import Deputy, ReportBack
from heshi_station.ledger import duty_base
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.duty_base import Checker, DutySpec
from heshi_station.ledger.duty_dto import ReportBackInput, ReportBackRecord
from heshi_station.ledger.voiding import Voided

TALLY_LABELS = {"satisfied": "满意票", "basically": "基本满意票", "dissatisfied": "不满意票", "invalid": "无效票"}


def _check(ledger: Ledger, s: Session, data: ReportBackInput):
    c = Checker(ledger.today())
    clean = ReportBackInput(
        deputy_id=(c.deputies(s, "deputy_id", "述职代表", [data.deputy_id]) or [""])[0],
        day=c.day("day", "述职日期", data.day),
        place=c.line("place", "述职地点", data.place, required=True),
        voters_present=c.count("voters_present", "到会选民人数", data.voters_present, minimum=1),
        summary=c.prose("summary", "述职报告摘要", data.summary, required=True),
    )
    for field, label in TALLY_LABELS.items():
        setattr(clean, field, c.count(field, label, getattr(data, field)))
    counted = clean.satisfied + clean.basically + clean.dissatisfied + clean.invalid
    if not c.errors and counted > clean.voters_present:
        c.add(
            "invalid",
            "计票",
            f"收回选票{counted}张（满意{clean.satisfied}、基本满意{clean.basically}、不满意{clean.dissatisfied}、"
            f"无效{clean.invalid}）多于到会选民{clean.voters_present}人，请核对",
        )
    return clean, c.errors


def _apply(s: Session, row: ReportBack, data: ReportBackInput) -> None:
    for field in ("deputy_id", "day", "place", "voters_present", "summary", *TALLY_LABELS):
        setattr(row, field, getattr(data, field))


SPEC = DutySpec(ReportBack, "report_back", "述职测评", _check, _apply, report_back_payload)


def _record(s: Session, row: ReportBack, deputy_name: str | None = None) -> ReportBackRecord:
    result, rate = evaluate(row.satisfied, row.basically, row.dissatisfied)
    if deputy_name is None:
        deputy = s.get(Deputy, row.deputy_id)
        deputy_name = deputy.name if deputy else ""
    return ReportBackRecord(
        id=row.id, deputy_id=row.deputy_id, deputy_name=deputy_name, day=row.day, place=row.place,
        voters_present=row.voters_present, summary=row.summary, satisfied=row.satisfied, basically=row.basically,
        dissatisfied=row.dissatisfied, invalid=row.invalid, result=result.value, result_label=result.label,
        satisfaction_rate=rate, book=duty_base.book(row),
    )  # fmt: skip


def record_report_back(ledger: Ledger, data: ReportBackInput) -> ReportBackRecord:
    return duty_base.save_duty(ledger, SPEC, replace(data), None, None, _record)


def correct_report_back(ledger: Ledger, report_back_id: str, data: ReportBackInput, reason: str) -> ReportBackRecord:
    return duty_base.save_duty(ledger, SPEC, replace(data), report_back_id, reason, _record)


def void_report_back(ledger: Ledger, report_back_id: str, reason: str) -> Voided:
    return duty_base.void_duty(ledger, SPEC, report_back_id, reason)


def get_report_back(ledger: Ledger, report_back_id: str) -> ReportBackRecord:
    return duty_base.get_row(ledger, SPEC, report_back_id, _record)


def list_report_backs(
    ledger: Ledger, start: date, end: date, *, include_voided: bool = False
) -> list[ReportBackRecord]:
    """Report-backs with ``day`` in [start, end), oldest first (the deputy's name read in the same query)."""
    with ledger.read() as s:
        q = (
            select(ReportBack, Deputy.name)
            .join(Deputy, Deputy.id == ReportBack.deputy_id)
            .where(ReportBack.day >= start, ReportBack.day < end)
            .order_by(ReportBack.day, ReportBack.id)
        )
        if not include_voided:
            q = q.where(ReportBack.voided_at.is_(None))
        return [_record(s, row, name) for row, name in s.execute(q)]

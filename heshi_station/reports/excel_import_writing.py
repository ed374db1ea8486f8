"""Writing a previewed Excel/CSV import into the ledger (the second step of ``excel_import``).

Guarantees:
- :func:`apply_import` writes only the preview's good rows, in one ``ledger.batch()``, each row whole or not
  at all (a row the ledger refuses is listed in ``ImportResult.failed``, the others still land); the same row
  content imported again adds nothing (``source_key``);
- :func:`add_unknown_units` adds every unit the preview did not know in one transaction;
- a deadline the ledger cannot count (a year without a holiday table) is estimated in calendar days and kept as
  a typed deadline with its reason, so an old year never blocks an import.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, timedelta

from heshi_protocol.vocab import Route, UnitKind
from heshi_protocol.workdays import CalendarYearMissing
from heshi_station.ledger import historical, opinions, receptions, reference_data
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import OpinionInput, ReceptionInput, UnitRecord, VisitorInput
from heshi_station.ledger.errors import LedgerError, ValidationFailed
from heshi_station.ledger.opinions import DEFAULT_TIME_LIMIT_DAYS
from heshi_station.ledger.report_queries import existing_source_keys
from heshi_station.reports.excel_import import IMPORT_CLERK, ImportPreview, ImportResult, ImportRow, RowProblem
from heshi_station.reports.import_values import unit_key

__all__ = ["add_unknown_units", "apply_import", "guess_unit_kind", "imported_opinion_ids"]


# ----------------------------------------------------------------------------------------- unknown units
def guess_unit_kind(name: str) -> UnitKind:
    """The unit type a name suggests (a clerk can change it in 基础数据 afterwards)."""
    if re.search(r"(法院|检察院|监察委员会|监委)$", name):
        return UnitKind.STATE_BODY
    if "人大" in name:
        return UnitKind.CONGRESS_OFFICE
    if re.search(r"(村委会|村民委员会|居委会|居民委员会|社区|村)$", name):
        return UnitKind.COMMUNITY
    if re.search(r"(镇|乡|街道)(人民政府|政府|办事处)$|^(.*[镇乡])$|街道$", name):
        return UnitKind.TOWNSHIP_GOV
    return UnitKind.DEPARTMENT


def add_unknown_units(ledger: Ledger, preview: ImportPreview) -> list[UnitRecord]:
    """Add every unit the preview found unknown, in one transaction, with the type its name suggests.

    Returns the units added; call :func:`preview_import` again afterwards (the rows become good).
    """
    added: list[UnitRecord] = []
    if not preview.unknown_units:
        return added
    known = {unit_key(u.name) for u in reference_data.list_units(ledger)}
    with ledger.batch():
        for name in preview.unknown_units:
            if unit_key(name) in known:
                continue
            added.append(reference_data.save_unit(ledger, name, guess_unit_kind(name).value))
            known.add(unit_key(name))
    return added


# ---------------------------------------------------------------------------------------------- writing
def _due_date(ledger: Ledger, on: date, days: int) -> tuple[date | None, str]:
    """``(None, "")`` when the ledger can count the deadline itself (then marked 暂定 where provisional);
    otherwise a calendar-day estimate and the reason kept with it as a typed deadline."""
    try:
        ledger.calendar().add_working_days(on, days)
    except CalendarYearMissing:
        return on + timedelta(days=math.ceil(days * 7 / 5)), "导入旧台账：该年份没有节假日安排，按自然日估算"
    return None, ""


def _visitors(r: ImportRow) -> list[VisitorInput]:
    """“张三、李四” is two visitors; the first carries the phone, gender and the rest of the head count."""
    names = [n for n in re.split(r"[、，,；;]+", r.name) if n.strip()] or [r.name]
    extra = len(names) - 1
    first = VisitorInput(
        name=names[0].strip(), gender=r.gender, phone=r.phone, village=r.village, group_size=max(r.people - extra, 1)
    )
    return [first] + [VisitorInput(name=n.strip(), village=r.village) for n in names[1:]]


def _opinion_input(ledger: Ledger, r: ImportRow, route: Route, limits: dict[str, int]) -> OpinionInput:
    if route == Route.ON_SPOT:
        return OpinionInput(content=r.matter, route=route.value, answer=r.outcome)
    days = limits.get(r.category_id or "", DEFAULT_TIME_LIMIT_DAYS)
    due, why = _due_date(ledger, r.received_at.date(), days)
    if route == Route.TRANSFER:
        return OpinionInput(
            content=r.matter, route=route.value, lead_unit_id=r.lead_unit_id, assist_unit_ids=list(r.assist_unit_ids),
            time_limit_days=days, due_date=due, due_reason=why,
        )  # fmt: skip
    return OpinionInput(content=r.matter, route=route.value, time_limit_days=days, due_date=due, due_reason=why)


def _reception_input(ledger: Ledger, r: ImportRow, as_opinions: bool, limits: dict[str, int]) -> ReceptionInput:
    route = r.route(as_opinions)
    return ReceptionInput(
        received_at=r.received_at.astimezone() if r.received_at.tzinfo is None else r.received_at,
        way=r.way,
        matter=r.matter,
        visitors=_visitors(r),
        deputy_ids=r.deputy_ids,
        category_id=r.category_id,
        place=r.place,
        clerk_name=r.clerk or IMPORT_CLERK,
        anonymous=r.anonymous,
        outcome=r.kept_text(),
        opinions=[_opinion_input(ledger, r, route, limits)] if route is not None else [],
        source_key=r.source_key,
    )


def _import_row(ledger: Ledger, r: ImportRow, as_opinions: bool, limits: dict[str, int]) -> tuple[str | None, bool]:
    """Register one row and its opinion's imported history, all or nothing; (opinion id, historical)."""
    route = r.route(as_opinions)
    replied = route == Route.TRANSFER and bool(r.outcome)
    data = _reception_input(ledger, r, as_opinions, limits)
    if route is None or not (r.remark or replied or r.historical):
        record = receptions.register_reception(ledger, data)  # one operation: its own savepoint suffices
        return (record.opinion_ids[0] if record.opinion_ids else None), False
    with ledger.write():  # inside the batch: one savepoint around the row's operations together
        oid = receptions.register_reception(ledger, data).opinion_ids[0]
        registered = r.received_at.astimezone()
        if r.remark:
            opinions.add_note(ledger, oid, f"原台账备注：{r.remark}", when=registered)
        if replied:
            reply_at = (r.reply_at or r.received_at).astimezone()
            opinions.record_reply(ledger, oid, r.outcome, when=max(reply_at, registered))
        if r.historical:
            historical.mark_historical(ledger, oid, row_label=f"第{r.row_number}行")
        return oid, r.historical


def apply_import(
    ledger: Ledger, preview: ImportPreview, *, progress: Callable[[int, int], None] | None = None
) -> ImportResult:
    """Write the preview's good rows (one batch; each row whole or not at all). Idempotent per row content."""
    limits = {c.id: c.time_limit_days for c in reference_data.list_categories(ledger)}
    present = existing_source_keys(ledger, [r.source_key for r in preview.rows])
    added, skipped, failed = 0, len(preview.already_imported), []
    opinion_ids: list[str] = []
    historical_ids: list[str] = []
    total = len(preview.rows)
    with ledger.batch():
        for i, r in enumerate(preview.rows, 1):
            if r.source_key in present:
                skipped += 1
                continue
            try:
                oid, is_historical = _import_row(ledger, r, preview.as_opinions, limits)
            except ValidationFailed as exc:
                failed.append(RowProblem(r.row_number, "；".join(f"{e.label}{e.message}" for e in exc.errors)))
                continue
            except LedgerError as exc:
                failed.append(RowProblem(r.row_number, str(exc)))
                continue
            added += 1
            if oid:
                opinion_ids.append(oid)
                if is_historical:
                    historical_ids.append(oid)
            if progress and i % 200 == 0:
                progress(i, total)
    if progress:
        progress(total, total)
    return ImportResult(added, skipped, tuple(failed), tuple(historical_ids), tuple(opinion_ids))


def imported_opinion_ids(ledger: Ledger, preview: ImportPreview) -> list[str]:
    """The opinions in the ledger that came from the preview's rows (imported now or before)."""
    keys = [r.source_key for r in preview.rows] + preview.already_imported_keys
    return historical.opinion_ids_for_import_keys(ledger, keys)

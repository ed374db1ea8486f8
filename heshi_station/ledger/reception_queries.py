"""The 接待记录 list: every reception (also those without opinions, also voided ones), filtered by month and
by what the clerk types, counted and paged.

Guarantees:
- the text filter is the search of ``ledger.search`` (matter, outcome, visitors' names, villages, phones and
  pinyin initials), applied as a subquery: ``count_receptions`` is the true total and every page can be
  reached, whatever the number of matches;
- pages come newest first (reception time, then id), stable across pages;
- voided receptions are listed too (the record says so): a clerk looking for a record must find it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, literal_column, select, text

from heshi_station.db.models import Reception
from heshi_station.ledger.attendance import month_bounds
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import ReceptionRecord
from heshi_station.ledger.records import reception_record
from heshi_station.ledger.search import matching_rowids, split_terms


@dataclass(frozen=True)
class ReceptionFilter:
    month: tuple[int, int] | None = None  # received in (year, month)
    text: str = ""


def _query(f: ReceptionFilter):
    q = select(Reception.id)
    if f.month:
        start, end = month_bounds(*f.month)
        q = q.where(Reception.received_on >= start, Reception.received_on < end)
    terms = split_terms(f.text)
    if terms:
        params: dict = {}
        sql = matching_rowids("reception", terms, params)
        q = q.where(literal_column("reception.rowid").in_(text(sql).bindparams(**params)))
    return q


def count_receptions(ledger: Ledger, f: ReceptionFilter | None = None) -> int:
    q = _query(f or ReceptionFilter())
    with ledger.read() as s:
        return s.scalar(select(func.count()).select_from(q.subquery())) or 0


def list_reception_page(
    ledger: Ledger, f: ReceptionFilter | None = None, *, offset: int = 0, limit: int = 200
) -> list[ReceptionRecord]:
    """One page of receptions matching ``f``, newest first."""
    q = _query(f or ReceptionFilter()).order_by(Reception.received_at.desc(), Reception.id.desc())
    with ledger.read() as s:
        ids = list(s.scalars(q.offset(offset).limit(limit)))
        rows = {r.id: r for r in s.scalars(select(Reception).where(Reception.id.in_(ids)))}
        return [reception_record(s, rows[i]) for i in ids]


def reception_months(ledger: Ledger) -> list[tuple[int, int]]:
    """The (year, month) pairs that have receptions, newest first (for the month filter)."""
    with ledger.read() as s:
        first = s.scalar(select(func.min(Reception.received_on)))
    if first is None:
        return []
    today = ledger.today()
    months = []
    y, m = today.year, today.month
    while (y, m) >= (first.year, first.month):
        months.append((y, m))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return months

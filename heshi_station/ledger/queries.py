"""Read-side queries for lists and the 工作台: filtered, paged opinion lists and due/overdue lists.

Overdue levels are turned into date thresholds once per query (via the working-day calendar), so a list
of 200,000 opinions is filtered by index on the cached ``state``/``due_date``/``paused`` columns.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, func, literal_column, or_, select, text

from heshi_protocol.opinion_state import DUE_SOON_WITHIN, LONG_OVERDUE_AFTER
from heshi_protocol.vocab import OPEN_STATES, OverdueLevel
from heshi_protocol.workdays import CalendarYearMissing, HolidayCalendar
from heshi_station.db.models import Opinion, Reception, Visitor
from heshi_station.ledger.attendance import month_bounds
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import OpinionRecord
from heshi_station.ledger.normalise import clean_name, normalise_phone, phone_prefix
from heshi_station.ledger.opinion_store import load_opinion_records
from heshi_station.ledger.search import opinion_match


@dataclass
class OpinionFilter:
    states: list[str] | None = None
    overdue: str | None = None  # OverdueLevel value
    category_id: str | None = None
    unit_id: str | None = None
    month: tuple[int, int] | None = None  # registered in (year, month)
    text: str = ""


def overdue_thresholds(cal: HolidayCalendar, today: date) -> dict[OverdueLevel, tuple[date | None, date | None]]:
    """For each level, the (exclusive low, inclusive high) bounds of ``due_date`` that put an open item in it."""
    soon_until = cal.add_working_days(today, DUE_SOON_WITHIN)
    long_from = today
    for back in range(1, 120):
        long_from = today - timedelta(days=back)
        if cal.working_days_between(long_from, today) > LONG_OVERDUE_AFTER:
            break
    return {
        OverdueLevel.DUE_SOON: (today, soon_until),
        OverdueLevel.DUE_TODAY: (today - timedelta(days=1), today),
        OverdueLevel.OVERDUE: (long_from, today - timedelta(days=1)),
        OverdueLevel.LONG_OVERDUE: (None, long_from),
    }


def _overdue_condition(level: OverdueLevel, cal: HolidayCalendar, today: date, cols=None):
    low, high = overdue_thresholds(cal, today)[level]
    c = cols or _filter_columns(False)
    cond = [
        c["state"].in_([s.value for s in OPEN_STATES]),
        c["paused"].is_(False),
        c["due_date"].is_not(None),
        c["due_date"] <= high,
    ]
    if low is not None:
        cond.append(c["due_date"] > low)
    return and_(*cond)


def _filter_columns(newest_first_scan: bool) -> dict:
    """The columns the filters test; for ``newest_first_scan`` each behind a unary ``+``, so SQLite cannot drive
    the query by their own indexes (SQLAlchemy renders no index hints for SQLite)."""
    cols = {name: Opinion.__table__.c[name] for name in ("state", "paused", "due_date", "category_id", "lead_unit_id")}
    if newest_first_scan:
        cols = {name: literal_column(f"+opinion.{name}", type_=col.type) for name, col in cols.items()}
    return cols


def _has_row_filters(f: OpinionFilter) -> bool:
    return bool(f.states or f.overdue or f.category_id or f.unit_id or f.month)


def opinion_query(ledger: Ledger, f: OpinionFilter, *, newest_first_scan: bool = False):
    """A SELECT of the opinions matching ``f`` (raises CalendarYearMissing for an overdue level that cannot be
    dated); callers choose its columns and order.

    ``newest_first_scan`` keeps SQLite from driving the query by the search's rowid set or a filter's own index
    (state, deadline, category, unit), so with ``ORDER BY registered_on DESC`` it walks the newest-first index and
    stops after a page: right when many opinions match (sorting 13,000 严重超期 rows or 100,000 search hits to
    show 200 is most of the cost), wrong when few do (the whole index would be walked to find them).
    """
    c = _filter_columns(newest_first_scan)
    q = select(Opinion)
    if f.states:
        q = q.where(c["state"].in_(f.states))
    if f.overdue:
        q = q.where(_overdue_condition(OverdueLevel(f.overdue), ledger.calendar(), ledger.today(), c))
    if f.category_id:
        q = q.where(c["category_id"] == f.category_id)
    if f.unit_id:
        q = q.where(c["lead_unit_id"] == f.unit_id)
    if f.month:
        start, end = month_bounds(*f.month)
        q = q.where(Opinion.registered_on >= start, Opinion.registered_on < end)
    match = opinion_match(f.text) if f.text.strip() else None
    if match is not None:
        if match.rowid_set is not None:
            rowid = literal_column("+opinion.rowid" if newest_first_scan else "opinion.rowid")
            q = q.where(rowid.in_(text(match.rowid_set).bindparams(**match.set_params)))
        for sql, params in match.conditions:
            q = q.where(text(sql).bindparams(**params))
    return q


def count_opinions(ledger: Ledger, f: OpinionFilter | None = None) -> int:
    """How many opinions match ``f`` — the true total, never capped.

    A search alone is counted on its rowid set without reading the opinion table (the index holds only
    existing opinions, and each term's set is distinct).
    """
    f = f or OpinionFilter()
    match = opinion_match(f.text) if f.text.strip() else None
    with ledger.read() as s:
        if match is not None and match.rowid_set is not None and not match.conditions and not _has_row_filters(f):
            return s.scalar(text(f"SELECT count(*) FROM ({match.rowid_set})"), match.set_params) or 0
        try:
            q = opinion_query(ledger, f)
        except CalendarYearMissing:
            return 0
        return s.scalar(q.with_only_columns(func.count(), maintain_column_froms=True)) or 0


def list_opinions(
    ledger: Ledger, f: OpinionFilter | None = None, *, offset: int = 0, limit: int = 200
) -> list[OpinionRecord]:
    """One page of full opinion records matching ``f``, newest first (the list itself reads
    ``opinion_list.list_opinion_rows``)."""
    f = f or OpinionFilter()
    try:
        q = opinion_query(ledger, f)
    except CalendarYearMissing:
        return []
    q = q.with_only_columns(Opinion.id).order_by(Opinion.registered_on.desc(), Opinion.id.desc())
    with ledger.read() as s:
        ids = list(s.scalars(q.offset(offset).limit(limit)))
        return load_opinion_records(ledger, s, ids)


def overdue_counts(ledger: Ledger) -> dict[str, int]:
    """How many open opinions are in each overdue level today (the 工作台 figures)."""
    cal, today = ledger.calendar(), ledger.today()
    out = {}
    with ledger.read() as s:
        for level in OverdueLevel:
            out[level.value] = (
                s.scalar(select(func.count()).select_from(Opinion).where(_overdue_condition(level, cal, today))) or 0
            )
    return out


@dataclass(frozen=True)
class DuplicateCandidate:
    opinion_id: str
    registered_on: date
    content: str
    proposer_name: str
    similarity: float


def possible_duplicates(
    ledger: Ledger,
    *,
    phone: str = "",
    category_id: str | None = None,
    content: str = "",
    days: int = 90,
    threshold: float = 0.5,
    limit: int = 5,
) -> list[DuplicateCandidate]:
    """Recent opinions that look like the one being typed: same phone, or same category with similar text."""
    content = content.strip()
    if not content or (not phone and not category_id):
        return []
    since = ledger.today() - timedelta(days=days)
    phone = normalise_phone(phone)
    with ledger.read() as s:
        q = select(Opinion).where(Opinion.registered_on >= since)
        conds = []
        if phone:
            conds.append(Opinion.proposer_phone == phone)
        if category_id:
            conds.append(Opinion.category_id == category_id)
        rows = s.scalars(q.where(or_(*conds)).order_by(Opinion.registered_on.desc()).limit(300)).all()
        out = []
        for o in rows:
            ratio = difflib.SequenceMatcher(None, content, o.content).ratio()
            same_phone = bool(phone) and o.proposer_phone == phone
            if ratio >= threshold or (same_phone and o.category_id == category_id and ratio >= threshold / 2):
                out.append(DuplicateCandidate(o.id, o.registered_on, o.content, o.proposer_name, round(ratio, 2)))
    out.sort(key=lambda c: -c.similarity)
    return out[:limit]


@dataclass(frozen=True)
class KnownVisitor:
    name: str
    phone: str
    gender: str
    village: str
    last_seen: date


# How many matching visitor rows autocomplete looks at (newest first) before grouping them into people.
_AUTOCOMPLETE_WINDOW = 200


def find_visitors(ledger: Ledger, prefix: str, *, limit: int = 10) -> list[KnownVisitor]:
    """Visitors seen before whose phone, name or pinyin initials start with ``prefix`` (for autocomplete).

    Prefixes are matched as index ranges (digits: phone; letters: pinyin initials; otherwise: name), and
    only the newest matching rows are grouped, so typing stays instant on a large ledger.
    """
    prefix = clean_name(prefix)
    if not prefix:
        return []
    if (phone := phone_prefix(prefix)) is not None:
        column, prefix = Visitor.phone, phone
    elif prefix.isascii() and prefix.isalpha():
        column, prefix = Visitor.name_initials, prefix.lower()
    else:
        column = Visitor.name
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    rowid = literal_column("visitor.rowid")  # in every index, so the newest matches need no row reads
    newest = select(rowid).where(column >= prefix, column < upper).order_by(rowid.desc()).limit(_AUTOCOMPLETE_WINDOW)
    with ledger.read() as s:
        rows = s.execute(
            select(Visitor.name, Visitor.phone, Visitor.gender, Visitor.village, func.max(Reception.received_on))
            .join(Reception)
            .where(rowid.in_(newest), Visitor.name != "")
            .group_by(Visitor.name, Visitor.phone, Visitor.gender, Visitor.village)
            .order_by(func.max(Reception.received_on).desc())
            .limit(limit)
        ).all()
    return [KnownVisitor(*r) for r in rows]

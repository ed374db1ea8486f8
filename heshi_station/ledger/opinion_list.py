"""The opinion list's pages: the columns on screen, one query per page, read from the cached state columns.

Guarantees:
- one SELECT per page of the opinion table's own columns (no events, folds or deputy links are read), so
  a page costs about the same on 200,000 opinions as on 200;
- rows come newest first (``registered_on``, then ``id``, descending), the order of ``queries.list_opinions``,
  and match the same ``OpinionFilter`` (``queries.count_opinions`` counts them);
- ``after`` continues strictly after a row already shown (keyset paging on that order), so a later page
  never repeats or skips a row when opinions are registered or removed between pages;
- state, deadline and overdue level are those of the cached columns the filters select on (every writer
  keeps them in step with the opinion's event fold), so a row always agrees with the filter that listed it.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import literal_column, tuple_

from heshi_protocol.opinion_state import deadline_level
from heshi_protocol.vocab import OPEN_STATES, OpinionState
from heshi_protocol.workdays import CalendarYearMissing, HolidayCalendar
from heshi_station.db.models import Opinion
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import OpinionListRow
from heshi_station.ledger.queries import OpinionFilter, opinion_query

# Below this many matches reading and sorting them all beats walking the index to find them (measured on a
# 100,000-opinion ledger: ~2 ms for 2,000 matches sorted, ~15 ms for a whole-index walk).
FEW_MATCHES = 2000
_OPEN_VALUES = frozenset(s.value for s in OPEN_STATES)
_COLUMNS = (
    Opinion.id, Opinion.registered_on, Opinion.content, Opinion.category_id, Opinion.proposer_name, Opinion.state,
    Opinion.paused, Opinion.lead_unit_id, Opinion.due_date, Opinion.due_provisional,
)  # fmt: skip


def list_opinion_rows(
    ledger: Ledger,
    f: OpinionFilter | None = None,
    *,
    after: OpinionListRow | None = None,
    limit: int = 200,
    matches: int | None = None,
) -> list[OpinionListRow]:
    """Up to ``limit`` rows matching ``f``, newest first, starting after ``after`` (from the top when None).

    ``matches`` (how many match in all, from ``queries.count_opinions``) only chooses the query plan: few
    matches are found by their own index and sorted; otherwise (also when unknown) the newest-first index is
    read until the page is full.
    """
    f = f or OpinionFilter()
    few = matches is not None and matches <= FEW_MATCHES
    try:
        q = opinion_query(ledger, f, newest_first_scan=not few)
    except CalendarYearMissing:
        return []
    q = q.with_only_columns(*_COLUMNS)
    if after is not None:
        q = q.where(tuple_(Opinion.registered_on, Opinion.id) < tuple_(after.registered_on, after.id))
    if few:  # a unary + keeps SQLite from walking the newest-first index to find a handful of rows
        q = q.order_by(literal_column("+opinion.registered_on").desc(), literal_column("+opinion.id").desc())
    else:
        q = q.order_by(Opinion.registered_on.desc(), Opinion.id.desc())
    q = q.limit(limit)
    cal, today = ledger.calendar(), ledger.today()
    levels: dict[date, tuple[str | None, str]] = {}
    with ledger.read() as s:
        names = ledger.reference_names(s)
        rows = s.execute(q).all()
    out = []
    for r in rows:
        state = OpinionState(r.state)
        level: tuple[str | None, str] = (None, "")
        if r.due_date is not None and r.state in _OPEN_VALUES and not r.paused:
            if r.due_date not in levels:
                levels[r.due_date] = _level(r.due_date, today, cal)
            level = levels[r.due_date]
        out.append(
            OpinionListRow(
                id=r.id, registered_on=r.registered_on, content=r.content,
                category_name=names["categories"].get(r.category_id, ""), proposer_name=r.proposer_name,
                state=r.state, state_label=state.label, paused=r.paused,
                lead_unit_name=names["units"].get(r.lead_unit_id, "") if r.lead_unit_id else "",
                due_date=r.due_date, due_provisional=bool(r.due_provisional and r.due_date),
                overdue_level=level[0], overdue_label=level[1],
            )
        )  # fmt: skip
    return out


def _level(due: date, today: date, cal: HolidayCalendar) -> tuple[str | None, str]:
    try:
        level = deadline_level(due, today, cal)
    except CalendarYearMissing:
        return None, ""  # as the full record: no level when the working days cannot be counted
    return (level.value, level.label) if level else (None, "")

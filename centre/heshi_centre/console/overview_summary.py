"""全市概览's per station × month summary (revision c0005), so a year's overview reads 76 × 12 rows instead of
scanning every reception, opinion and handling event of the year.

The counts follow the station's monthly figures word for word (``heshi_protocol.figures.FIGURES``, the one
place a definition is worded), computed from the structured rows of one station:

- ``receptions`` / ``people``: receptions dated in the month (voided excluded), their visitors;
- ``opinions``: opinions registered in the month, voided ones excluded;
- ``answered_on_spot`` / ``transferred`` / ``closed`` / ``fed_back``: distinct opinions with such an event
  dated in the month (an on-the-spot answer counts as fed back), months read from the time as the station
  recorded it;
- ``on_time`` / ``on_time_rated``: the verdicts of ``figures.judgements`` (the shared rule: answer day
  against the deadline with extensions and pauses, a late round judged the day after its deadline) that
  became certain in the month, judged as of ``as_of`` (the day of the refresh);
- ``satisfied`` / ``satisfied_only`` / ``rated``: satisfaction ratings recorded in the month, good ones
  with and without 基本满意.

Rounds still unanswered whose deadline falls on or after ``as_of`` become late later without any event:
``late_since`` gives the overview those (live, as of the day it is read).

Guarantees:
- ``refresh_station`` is called by ``projection`` in the transaction of every push and every centre event
  (one line each), so a station's rows always equal the counts over its current structured rows;
- it replaces the station's rows as a whole: a record moving from one month to another leaves nothing
  behind in the old month.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import Date, ForeignKey, Integer, String, and_, delete, func, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from heshi_centre.console.search_index import enabled
from heshi_centre.ledger_models import LedgerOpinion, LedgerOpinionEvent, LedgerReception
from heshi_centre.models import Base, CentreStation
from heshi_protocol.figures import is_satisfied, judgements
from heshi_protocol.opinion_state import EventRecord
from heshi_protocol.vocab import EventKind, OpinionState

COUNTS = ("receptions", "people", "opinions", "answered_on_spot", "transferred", "closed", "fed_back", "on_time",
          "on_time_rated", "satisfied", "satisfied_only", "rated")  # fmt: skip
_ONE_DAY = timedelta(days=1)


class LedgerMonthSummary(Base):
    """A station's overview counts for one month (``YYYY-MM``), verdicts judged as of ``as_of``."""

    __tablename__ = "ledger_month_summary"
    station_id: Mapped[int] = mapped_column(ForeignKey("centre_station.id"), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    as_of: Mapped[date] = mapped_column(Date)
    receptions: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    people: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    opinions: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    answered_on_spot: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    transferred: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    closed: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    fed_back: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    on_time: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    on_time_rated: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    satisfied: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    satisfied_only: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    rated: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


def _events_by_opinion(session: Session, station_id: int) -> dict[str, list[EventRecord]]:
    from heshi_centre.projection import parse_time  # projection imports this module

    e = LedgerOpinionEvent
    out: dict[str, list[EventRecord]] = defaultdict(list)
    for r in session.execute(
        select(e.id, e.opinion_id, e.kind, e.occurred_iso, e.occurred_at, e.data, e.note, e.actor, e.source).where(
            e.station_id == station_id
        )
    ):
        at = parse_time(r.occurred_iso) or parse_time(r.occurred_at)
        out[r.opinion_id].append(
            EventRecord(
                id=r.id, kind=r.kind, occurred_at=at, data=r.data or {}, note=r.note, actor=r.actor, source=r.source
            )
        )
    return out


def station_months(session: Session, station_id: int, as_of: date) -> dict[str, dict[str, int]]:
    """The station's counts per month, computed from its structured rows, verdicts as of ``as_of``."""
    from heshi_centre.projection import centre_calendar  # projection imports this module

    per: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))

    def add(rows, *keys: str) -> None:
        for month, *values in rows:
            if month:
                for key, value in zip(keys, values, strict=True):
                    per[month][key] += int(value or 0)

    r = LedgerReception
    add(session.execute(
        select(r.month, func.count(), func.sum(r.people))
        .where(r.station_id == station_id, r.voided.is_(False)).group_by(r.month)
    ), "receptions", "people")  # fmt: skip
    o = LedgerOpinion
    add(session.execute(
        select(o.month, func.count()).where(o.station_id == station_id, o.state != OpinionState.VOIDED.value)
        .group_by(o.month)
    ), "opinions")  # fmt: skip
    voided = set(session.scalars(select(o.id).where(o.station_id == station_id, o.state == OpinionState.VOIDED.value)))
    calendar = centre_calendar(session)
    for opinion_id, events in _events_by_opinion(session, station_id).items():
        if opinion_id in voided:  # a registration error: out of every month's figures
            continue
        seen: dict[str, set[str]] = defaultdict(set)
        for ev in events:
            month = ev.occurred_at.strftime("%Y-%m") if ev.occurred_at else ""
            if not month:
                continue
            if ev.kind in _COUNTED:
                for key in _COUNTED[ev.kind]:
                    seen[key].add(month)
            elif ev.kind == EventKind.SATISFACTION.value and (rating := (ev.data or {}).get("rating")):
                per[month]["rated"] += 1
                per[month]["satisfied"] += is_satisfied(rating, with_basic=True)
                per[month]["satisfied_only"] += is_satisfied(rating, with_basic=False)
        for key, months in seen.items():  # distinct opinions per month
            for month in months:
                per[month][key] += 1
        for j in judgements(events, calendar, as_of):
            month = j.day.strftime("%Y-%m")
            per[month]["on_time_rated"] += 1
            per[month]["on_time"] += j.on_time
    return per


_COUNTED = {
    EventKind.ANSWERED_ON_SPOT.value: ("answered_on_spot", "fed_back"),
    EventKind.TRANSFERRED.value: ("transferred",),
    EventKind.CLOSED.value: ("closed",),
    EventKind.FED_BACK.value: ("fed_back",),
}


def late_since(session: Session, cond, year: int, today: date) -> list[tuple[int, str, int]]:
    """(station, month, count) of the rounds that became late after their station's summary was judged: still
    unanswered (with the unit), not paused, deadline on or after the summary's ``as_of`` and before ``today``
    — late from the day after the deadline (``figures.judgements``), in the year."""
    o, s = LedgerOpinion, LedgerMonthSummary
    # A summary is re-judged at each of its station's pushes: for stations that sync, the deadlines in
    # question are a short range of the due-date index, not every open opinion.
    earliest = session.scalar(select(func.min(s.as_of)))
    if earliest is None:
        return []
    judged = select(s.station_id, func.min(s.as_of).label("as_of")).group_by(s.station_id).subquery()
    q = (
        select(o.station_id, o.due_date, func.count())
        .join(judged, judged.c.station_id == o.station_id)
        .where(o.due_date >= earliest, o.due_date < today, o.state.in_(_UNANSWERED), o.paused.is_(False),
               o.due_date >= judged.c.as_of, o.due_date >= date(year, 1, 1) - _ONE_DAY, o.due_date < date(year, 12, 31))
        .group_by(o.station_id, o.due_date)
    )  # fmt: skip
    if cond is not None:
        q = q.where(o.station_id.in_(select(CentreStation.id).where(cond)))
    return [(sid, (due + _ONE_DAY).strftime("%Y-%m"), int(n)) for sid, due, n in session.execute(q)]


_UNANSWERED = (OpinionState.TRANSFERRED.value, OpinionState.HANDLING.value)


def refresh_station(session: Session, station_id: int) -> None:
    """Replace the station's summary rows by its current counts (in the caller's transaction)."""
    if not enabled():
        return
    as_of = date.today()
    months = station_months(session, station_id, as_of)
    rows = [{"station_id": station_id, "month": m, "as_of": as_of, **c} for m, c in sorted(months.items())]
    session.execute(delete(LedgerMonthSummary).where(LedgerMonthSummary.station_id == station_id))
    if rows:
        session.execute(insert(LedgerMonthSummary), rows)


def refresh_all(session: Session) -> int:
    """Every station's rows (the c0005 migration); returns the number of stations."""
    ids = list(session.scalars(select(CentreStation.id).order_by(CentreStation.id)))
    for station_id in ids:
        refresh_station(session, station_id)
    return len(ids)


def year_rows(session: Session, cond, year: int):
    """(station_id, month, counts…) of the year's summary rows; ``cond`` limits the stations (None: all)."""
    s = LedgerMonthSummary
    q = select(s.station_id, s.month, *[getattr(s, c) for c in COUNTS]).where(
        and_(s.month >= f"{year:04d}-01", s.month <= f"{year:04d}-12")
    )
    if cond is not None:
        q = q.where(s.station_id.in_(select(CentreStation.id).where(cond)))
    return session.execute(q)

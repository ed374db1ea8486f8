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
  became certain in the month. Each opinion's verdicts are judged when a push or a centre event touches it
  (``ledger_opinion_verdict``), never the whole station again;
- ``satisfied`` / ``satisfied_only`` / ``rated``: satisfaction ratings recorded in the month, good ones
  with and without 基本满意.

A round still unanswered when judged becomes late later without any event: its deadline is kept
(``ledger_opinion_pending``) and ``late_since`` gives the overview those whose deadline has passed by the day
it is read.

Guarantees:
- ``refresh_station`` is called by ``projection`` in the transaction of every push and every centre event
  (one line each) with the opinions it touched, so a station's rows always equal the counts over its current
  structured rows;
- it replaces the station's rows as a whole: a record moving from one month to another leaves nothing
  behind in the old month.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from sqlalchemy import Date, ForeignKey, Index, Integer, String, and_, case, delete, func, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from heshi_centre.bulk_write import delete_where, insert_rows
from heshi_centre.derived_tables import enabled
from heshi_centre.ledger_models import LedgerOpinion, LedgerOpinionEvent, LedgerReception
from heshi_centre.models import Base, CentreStation
from heshi_protocol.figures import answered_on, is_satisfied, judgements
from heshi_protocol.opinion_state import fold
from heshi_protocol.vocab import EventKind, OpinionState

COUNTS = ("receptions", "people", "opinions", "answered_on_spot", "transferred", "closed", "fed_back", "on_time",
          "on_time_rated", "satisfied", "satisfied_only", "rated")  # fmt: skip
_ONE_DAY = timedelta(days=1)
CHUNK = 500


class LedgerMonthSummary(Base):
    """A station's overview counts for one month (``YYYY-MM``)."""

    __tablename__ = "ledger_month_summary"
    station_id: Mapped[int] = mapped_column(ForeignKey("centre_station.id"), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
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


class LedgerOpinionVerdict(Base):
    """An opinion's on-time verdicts (``figures.judgements``) that became certain in one month."""

    __tablename__ = "ledger_opinion_verdict"
    station_id: Mapped[int] = mapped_column(ForeignKey("centre_station.id"), primary_key=True)
    opinion_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    on_time: Mapped[int] = mapped_column(Integer, default=0)
    rated: Mapped[int] = mapped_column(Integer, default=0)


class LedgerOpinionPending(Base):
    """An opinion whose current round was unanswered (and running) when judged: late from the day after
    ``due_date`` unless a later event changes that (which re-judges it)."""

    __tablename__ = "ledger_opinion_pending"
    __table_args__ = (Index("ix_ledger_opinion_pending_due", "due_date", "station_id"),)
    station_id: Mapped[int] = mapped_column(ForeignKey("centre_station.id"), primary_key=True)
    opinion_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    due_date: Mapped[date] = mapped_column(Date)


def judge(
    session: Session,
    station_id: int,
    opinion_ids: Iterable[str],
    today: date,
    folded: Mapping[str, tuple] | None = None,
    calendar=None,
) -> None:
    """Re-judge these opinions' verdicts (as of ``today``) and pending deadlines. ``folded`` may give, per
    opinion, (all its events, its state) as ``projection.refold`` just wrote them; the others are read and
    folded here. Given every opinion in ``folded`` (and the calendar), it reads nothing: safe inside
    ``bulk_write.pipeline``."""
    from heshi_centre.projection import centre_calendar, stored_events  # projection imports this module

    ids = sorted(set(opinion_ids))
    folded = folded or {}
    calendar = calendar or centre_calendar(session)
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        for model in (LedgerOpinionVerdict, LedgerOpinionPending):
            delete_where(session, model, station_id, "opinion_id", chunk)
        to_read = [o for o in chunk if o not in folded]
        voided = {o for o in chunk if o in folded and folded[o][1].state == OpinionState.VOIDED}
        if to_read:
            voided |= set(
                session.scalars(
                    select(LedgerOpinion.id).where(LedgerOpinion.station_id == station_id,
                                                   LedgerOpinion.id.in_(to_read),
                                                   LedgerOpinion.state == OpinionState.VOIDED.value)
                )
            )  # fmt: skip
        read = stored_events(session, station_id, to_read) if to_read else {}
        judged = [(o, *folded[o]) for o in chunk if o in folded and folded[o][0]]
        judged += [(o, list(events.values()), None) for o, events in read.items()]
        verdicts, pending = [], []
        for opinion_id, events, st in judged:
            if opinion_id in voided:  # a registration error: out of every month's figures
                continue
            months: dict[str, list[int]] = defaultdict(lambda: [0, 0])
            for j in judgements(events, calendar, today):
                month = f"{j.day.year:04d}-{j.day.month:02d}"
                months[month][0] += j.on_time
                months[month][1] += 1
            verdicts += [{"station_id": station_id, "opinion_id": opinion_id, "month": m, "on_time": n, "rated": r}
                         for m, (n, r) in months.items()]  # fmt: skip
            st = st or fold(events, calendar)
            if (st.state.value in _UNANSWERED and st.paused_since is None and st.due_date is not None
                    and st.due_date >= today and answered_on(st) is None):  # fmt: skip
                pending.append({"station_id": station_id, "opinion_id": opinion_id, "due_date": st.due_date})
        # One statement per table on PostgreSQL (bulk_write), not one INSERT per verdict.
        insert_rows(session, LedgerOpinionVerdict, verdicts)
        insert_rows(session, LedgerOpinionPending, pending)


def judge_folded(session: Session, station_id: int, folded: Mapping[str, tuple], calendar) -> None:
    """``judge`` of exactly the opinions just folded (``projection.write_states``), as of today: reads
    nothing, so the push runs it inside its pipeline."""
    if enabled() and folded:
        judge(session, station_id, folded, date.today(), folded, calendar)


def station_months(session: Session, station_id: int) -> dict[str, dict[str, int]]:
    """The station's counts per month: SQL over its structured rows and its opinions' stored verdicts."""
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
    e = LedgerOpinionEvent
    # Events of voided opinions are left out. An uncorrelated NOT IN (the station's voided opinions, read
    # once and hashed) rather than a correlated NOT EXISTS: on a table not analysed yet — a new station's
    # first pushes — PostgreSQL planned the NOT EXISTS as a scan of the station's opinions per event, which
    # made every push batch cost more than the one before (15 s of a 20,000-record push).
    live = e.opinion_id.not_in(
        select(o.id).where(o.station_id == station_id, o.state == OpinionState.VOIDED.value).scalar_subquery()
    )
    event_month = func.substr(e.occurred_iso, 1, 7)
    # All the counted kinds in one pass over the station's events (one statement, not one per kind).
    counted = [
        func.count(func.distinct(case((e.kind.in_(kinds), e.opinion_id)))).label(key) for key, kinds in _COUNTED.items()
    ]
    kinds = sorted({k for ks in _COUNTED.values() for k in ks})
    add(session.execute(
        select(event_month, *counted).where(e.station_id == station_id, e.kind.in_(kinds), live).group_by(event_month)
    ), *_COUNTED)  # fmt: skip
    for month, data in session.execute(
        select(event_month, e.data).where(e.station_id == station_id, e.kind == EventKind.SATISFACTION.value, live)
    ):
        rating = (data or {}).get("rating")
        if month and rating:
            per[month]["rated"] += 1
            per[month]["satisfied"] += is_satisfied(rating, with_basic=True)
            per[month]["satisfied_only"] += is_satisfied(rating, with_basic=False)
    v = LedgerOpinionVerdict
    add(session.execute(
        select(v.month, func.sum(v.on_time), func.sum(v.rated)).where(v.station_id == station_id).group_by(v.month)
    ), "on_time", "on_time_rated")  # fmt: skip
    return per


# Summary column -> the event kinds it counts (distinct opinions per month).
_COUNTED = {
    "answered_on_spot": (EventKind.ANSWERED_ON_SPOT.value,),
    "transferred": (EventKind.TRANSFERRED.value,),
    "closed": (EventKind.CLOSED.value,),
    "fed_back": (EventKind.FED_BACK.value, EventKind.ANSWERED_ON_SPOT.value),
}


def late_since(session: Session, cond, year: int, today: date) -> list[tuple[int, str, int]]:
    """(station, month, count) of the rounds that were unanswered and running when last judged and whose
    deadline has passed by ``today``: late from the day after the deadline (``figures.judgements``), counted
    in that day's month, in the year. An index range of ``ledger_opinion_pending``."""
    p = LedgerOpinionPending
    q = (
        select(p.station_id, p.due_date, func.count())
        .where(p.due_date < today, p.due_date >= date(year, 1, 1) - _ONE_DAY, p.due_date < date(year, 12, 31))
        .group_by(p.station_id, p.due_date)
    )
    if cond is not None:
        q = q.where(p.station_id.in_(select(CentreStation.id).where(cond)))
    return [(sid, (due + _ONE_DAY).strftime("%Y-%m"), int(n)) for sid, due, n in session.execute(q)]


_UNANSWERED = (OpinionState.TRANSFERRED.value, OpinionState.HANDLING.value)


def refresh_station(
    session: Session, station_id: int, touched: Iterable[str] = (), folded: Mapping[str, tuple] | None = None
) -> None:
    """Re-judge the ``touched`` opinions (``folded``: see ``judge``), then replace the station's summary rows
    by its current counts (in the caller's transaction)."""
    if not enabled():
        return
    judge(session, station_id, touched, date.today(), folded)
    rows = [{"station_id": station_id, "month": m, **c} for m, c in sorted(station_months(session, station_id).items())]
    session.execute(delete(LedgerMonthSummary).where(LedgerMonthSummary.station_id == station_id))
    if rows:
        session.execute(insert(LedgerMonthSummary), rows)


def refresh_all(session: Session) -> int:
    """Every station's opinions judged and rows counted (the c0005 migration); returns the number of stations."""
    ids = list(session.scalars(select(CentreStation.id).order_by(CentreStation.id)))
    for station_id in ids:
        opinions = session.scalars(select(LedgerOpinion.id).where(LedgerOpinion.station_id == station_id))
        refresh_station(session, station_id, list(opinions))
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

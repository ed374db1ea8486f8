"""全市概览's per station × month summary (revision c0005), so a year's overview reads 76 × 12 rows instead of
scanning every reception, opinion and handling event of the year.

The counts are those of ``overview.DEFINITIONS`` (the station's monthly statistics), computed here by the
same queries the overview used to run over the whole city, restricted to one station:

- ``receptions`` / ``people``: receptions dated in the month (voided excluded), their visitors;
- ``opinions``: opinions registered in the month;
- ``transferred`` / ``closed`` / ``fed_back``: distinct opinions with such an event dated in the month (an
  on-the-spot answer counts as fed back), months read from the time as the station recorded it;
- ``closed_with_due`` / ``on_time``: opinions closed in the month that have a deadline, and those of them
  closed by it;
- ``rated`` / ``satisfied``: satisfaction ratings recorded in the month, and the good ones.

What depends on the day the overview is read (open opinions whose deadline has passed) is not stored; the
overview adds it live.

Guarantees:
- ``refresh_station`` is called by ``projection`` in the transaction of every push and every centre event
  (one line each), so a station's rows always equal the counts over its current structured rows;
- it replaces the station's rows as a whole: a record moving from one month to another leaves nothing
  behind in the old month.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import ForeignKey, Integer, String, and_, case, cast, delete, func, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from heshi_centre.console.search_index import enabled
from heshi_centre.ledger_models import LedgerOpinion, LedgerOpinionEvent, LedgerReception
from heshi_centre.models import Base, CentreStation
from heshi_protocol.vocab import EventKind, Satisfaction

COUNTS = ("receptions", "people", "opinions", "transferred", "closed", "fed_back", "on_time", "closed_with_due",
          "satisfied", "rated")  # fmt: skip
GOOD_RATINGS = {Satisfaction.SATISFIED.value, Satisfaction.BASICALLY.value}


class LedgerMonthSummary(Base):
    """A station's overview counts for one month (``YYYY-MM``)."""

    __tablename__ = "ledger_month_summary"
    station_id: Mapped[int] = mapped_column(ForeignKey("centre_station.id"), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    receptions: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    people: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    opinions: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    transferred: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    closed: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    fed_back: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    on_time: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    closed_with_due: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    satisfied: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    rated: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


def station_months(session: Session, station_id: int) -> dict[str, dict[str, int]]:
    """The station's counts per month, computed from its structured rows."""
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
    add(session.execute(select(o.month, func.count()).where(o.station_id == station_id).group_by(o.month)), "opinions")
    e = LedgerOpinionEvent
    event_month = func.substr(e.occurred_iso, 1, 7)
    figure = case((e.kind == EventKind.ANSWERED_ON_SPOT.value, EventKind.FED_BACK.value), else_=e.kind)
    kinds = [EventKind.TRANSFERRED, EventKind.CLOSED, EventKind.FED_BACK, EventKind.ANSWERED_ON_SPOT]
    for month, kind, n in session.execute(
        select(event_month, figure, func.count(func.distinct(e.opinion_id)))
        .where(e.station_id == station_id, e.kind.in_([k.value for k in kinds]))
        .group_by(event_month, figure)
    ):
        if month:
            per[month][kind] += int(n or 0)
    closed_month = func.substr(cast(o.closed_on, String), 1, 7)
    add(session.execute(
        select(closed_month, func.count(), func.sum(case((o.closed_on <= o.due_date, 1), else_=0)))
        .where(o.station_id == station_id, o.state == "closed", o.due_date.is_not(None), o.closed_on.is_not(None))
        .group_by(closed_month)
    ), "closed_with_due", "on_time")  # fmt: skip
    for month, data in session.execute(
        select(event_month, e.data).where(e.station_id == station_id, e.kind == EventKind.SATISFACTION.value)
    ):
        rating = (data or {}).get("rating")
        if month and rating:
            per[month]["rated"] += 1
            per[month]["satisfied"] += rating in GOOD_RATINGS
    return per


def refresh_station(session: Session, station_id: int) -> None:
    """Replace the station's summary rows by its current counts (in the caller's transaction)."""
    if not enabled():
        return
    rows = [{"station_id": station_id, "month": m, **c} for m, c in sorted(station_months(session, station_id).items())]
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

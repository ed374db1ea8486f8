"""The 按期办结率 of one month, from the opinions' event logs folded as of the month's end.

Guarantees:
- each opinion's verdicts are ``heshi_protocol.figures.rated_in_period``: only events dated up to the
  cut-off day are read, so events dated after a past month never change its figure;
- voided opinions are left out (作废 means registered by mistake);
- the cost follows the month, not the ledger: only opinions with an event dated in the month, or a
  deadline falling in it, are read and folded (``_candidate_ids``); the deadlines and feedback dates carried in
  event data are found through the partial indexes of migration 0016, not by reading every deadline event.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import String, and_, select, text, type_coerce, union
from sqlalchemy.orm import Session, aliased

from heshi_protocol.figures import rated_in_period
from heshi_protocol.opinion_state import EventRecord
from heshi_protocol.vocab import EventKind, OpinionState, Route
from heshi_protocol.workdays import HolidayCalendar
from heshi_station.db.models import Opinion, OpinionEvent
from heshi_station.db.models.ledger import (
    EVENT_DUE_KINDS_SQL,
    EVENT_DUE_SQL,
    EVENT_FED_BACK_KIND_SQL,
    EVENT_FED_BACK_ON_SQL,
)

K = EventKind
_CHUNK = 500


@dataclass(frozen=True)
class OnTimeCount:
    on_time: int
    rated: int


def _occurred_text():
    # Event times are ISO text beginning with the local date the fold reads, so a text range selects days.
    return type_coerce(OpinionEvent.occurred_at, String)


def _candidate_ids(s: Session, start: date, cutoff: date) -> set[str]:
    """Every opinion that can have a verdict dated in [start, cutoff] (a superset; the fold decides).

    A verdict is dated on the answer day (an answering event in the period, or an answer date carried in a
    feedback event's data) or the day after a deadline in [start - 1, cutoff) — set by a deadline event, moved
    by a pause, or replaced by a recomputation dated in the period."""
    lo, hi = start.isoformat(), (cutoff + timedelta(days=1)).isoformat()
    occurred = _occurred_text()
    conn = s.connection()
    in_period = and_(occurred >= lo, occurred < hi)
    answered = select(OpinionEvent.opinion_id).where(OpinionEvent.kind.in_(_ANSWERING_KINDS), in_period)
    # Feedback or closing is the answer day only of a record concluded without a reply of its own.
    replied = aliased(OpinionEvent)
    concluded = select(OpinionEvent.opinion_id).where(
        OpinionEvent.kind.in_(_CONCLUDING_KINDS),
        in_period,
        ~select(replied.id)
        .where(replied.opinion_id == OpinionEvent.opinion_id, replied.kind.in_(_ANSWERING_KINDS))
        .exists(),
    )
    # The deadline events with their deadline in range, found through the partial index of migration 0016
    # (without it, every deadline event of the ledger's history was read). Read once: a CTE used twice is
    # materialized by SQLite.
    due_set = (
        text(
            f"SELECT opinion_id FROM {_EVENTS} INDEXED BY ix_opinion_event_due WHERE {EVENT_DUE_KINDS_SQL}"
            f" AND occurred_at < :due_event_before AND {EVENT_DUE_SQL} >= :due_from AND {EVENT_DUE_SQL} < :due_before"
        )
        .bindparams(
            due_event_before=hi, due_from=(start - timedelta(days=1)).isoformat(), due_before=cutoff.isoformat()
        )
        .columns(opinion_id=String)
        .cte("due_set")
    )
    due_ids = select(due_set.c.opinion_id)
    # With no event since the period began, an opinion's cached state and deadline are still what they were
    # then: only one still unanswered with its deadline in range can fall due.
    still_due = select(Opinion.id).where(
        Opinion.id.in_(due_ids),
        Opinion.state.in_(_UNANSWERED_WITH_DEADLINE),
        Opinion.due_date >= start - timedelta(days=1),
        Opinion.due_date < cutoff,
    )
    changed_since = select(OpinionEvent.opinion_id).where(occurred >= lo, OpinionEvent.opinion_id.in_(due_ids))
    paused = select(OpinionEvent.opinion_id).where(OpinionEvent.kind == K.PAUSED.value, occurred < hi)
    recomputed = select(OpinionEvent.opinion_id).where(OpinionEvent.kind == K.DEADLINE_RECOMPUTED.value, in_period)
    fed_back = (
        text(
            f"SELECT opinion_id FROM {_EVENTS} INDEXED BY ix_opinion_event_fed_back_on WHERE {EVENT_FED_BACK_KIND_SQL}"
            f" AND occurred_at < :fed_back_before AND {EVENT_FED_BACK_ON_SQL} >= :fed_back_from"
        )
        .bindparams(fed_back_before=hi, fed_back_from=lo)
        .columns(opinion_id=String)
    )
    return set(conn.scalars(union(answered, concluded, still_due, changed_since, paused, recomputed, fed_back)))


_EVENTS = OpinionEvent.__table__.name
_ANSWERING_KINDS = [K.REPLIED.value, K.ANSWERED_ON_SPOT.value]
_CONCLUDING_KINDS = [K.FED_BACK.value, K.CLOSED.value]
_UNANSWERED_WITH_DEADLINE = [OpinionState.TRANSFERRED.value, OpinionState.HANDLING.value]
_DUE_KINDS = [k.value for k in (K.REGISTERED, K.TRANSFERRED, K.EXTENDED, K.DEADLINE_RECOMPUTED)]
# These change nothing a verdict reads but the time of the latest event, and a verdict is settled at the
# first event after the status it rests on: leaving them out of the fold gives the same verdicts, faster.
_INERT_KINDS = [k.value for k in (K.NOTE, K.URGED, K.SATISFACTION, K.CORRECTED)]
# Only an opinion handled by the station (deadline at registration) or transferred (or extended) ever has a
# deadline; an on-the-spot answer has none.
_DEADLINE_KINDS = [k.value for k in (K.TRANSFERRED, K.EXTENDED)]
# The event data the fold reads for deadlines, answers and state (read as text: no JSON decoding of texts).
_DATA_KEYS = ("due_date", "new_due_date", "route", "fed_back_on", "lead_unit_id", "provisional", "due_provisional")


def _events_sql(n: int) -> str:
    """The event read for ``n`` opinion ids, built once per chunk size (plain SQL on the DBAPI cursor: at a
    few thousand rows a month, SQLAlchemy's per-statement compilation and per-row processing cost more than
    SQLite's own read)."""
    found = _EVENTS_SQL.get(n)
    if found is None:
        ev, op = OpinionEvent.__table__.name, Opinion.__table__.name
        values = ", ".join(f"json_extract(e.data, '$.{key}')" for key in _DATA_KEYS)
        marks = ", ".join("?" * n)
        # EXISTS on the opinion's own events (the opinion_id index), not an IN list of every transfer.
        found = _EVENTS_SQL[n] = (
            f"SELECT e.opinion_id, e.id, e.kind, e.occurred_at, {values} FROM {ev} AS e JOIN {op} AS o"
            f" ON o.id = e.opinion_id WHERE e.opinion_id IN ({marks}) AND e.kind NOT IN ({_marks(_INERT_KINDS)})"
            f" AND e.occurred_at < ? AND o.state != ? AND (o.route = ? OR EXISTS (SELECT 1 FROM {ev} AS x"
            f" WHERE x.opinion_id = e.opinion_id AND x.kind IN ({_marks(_DEADLINE_KINDS)})))"
        )
    return found


_EVENTS_SQL: dict[int, str] = {}


def _marks(values: list[str]) -> str:
    return ", ".join("?" * len(values))


def _events_of(s: Session, ids: list[str], cutoff: date) -> dict[str, list[EventRecord]]:
    hi = (cutoff + timedelta(days=1)).isoformat()
    out: dict[str, list[EventRecord]] = defaultdict(list)
    # The session's own DBAPI connection: the same read transaction as the other figures.
    cursor = s.connection().connection.driver_connection.cursor()
    tail = (*_INERT_KINDS, hi, OpinionState.VOIDED.value, Route.STATION.value, *_DEADLINE_KINDS)
    parse = datetime.fromisoformat  # as the column type reads event times (ISO text with offset)
    try:
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i : i + _CHUNK]
            for oid, eid, kind, at, *data in cursor.execute(_events_sql(len(chunk)), (*chunk, *tail)).fetchall():
                out[oid].append(
                    EventRecord(
                        eid, kind, parse(at), {k: v for k, v in zip(_DATA_KEYS, data, strict=True) if v is not None}
                    )
                )
    finally:
        cursor.close()
    return out


def on_time_count(s: Session, calendar: HolidayCalendar, start: date, cutoff: date) -> OnTimeCount:
    """Opinions rated on time, and rated at all, in the period [``start``, ``cutoff``]."""
    ids = sorted(_candidate_ids(s, start, cutoff))
    on_time = rated = 0
    for events in _events_of(s, ids, cutoff).values():
        verdicts = rated_in_period(events, calendar, start, cutoff)
        rated += len(verdicts)
        on_time += sum(verdicts)
    return OnTimeCount(on_time, rated)

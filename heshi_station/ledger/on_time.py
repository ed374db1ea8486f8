"""The 按期办结率 of one month, from the opinions' event logs folded as of the month's end.

Guarantees:
- each opinion's verdicts are ``heshi_protocol.figures.rated_in_period``: only events dated up to the
  cut-off day are read, so events dated after a past month never change its figure;
- voided opinions are left out (作废 means registered by mistake);
- the cost follows the month, not the ledger: only opinions with an event dated in the month, or whose
  latest event before the month left them unsettled, are folded.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session

from heshi_protocol.figures import rated_in_period
from heshi_protocol.opinion_state import EventRecord
from heshi_protocol.vocab import EventKind, OpinionState
from heshi_protocol.workdays import HolidayCalendar
from heshi_station.db.models import Opinion, OpinionEvent

K = EventKind
# After one of these as its latest step an opinion is settled for the on-time figure (answered, or out of
# it): only a later event can make it count again, and such an event puts it in the other candidate set.
_SETTLING = [
    k.value
    for k in (
        K.ANSWERED_ON_SPOT, K.REPLIED, K.FED_BACK, K.SATISFACTION, K.CLOSED, K.WITHDRAWN, K.DUPLICATE, K.VOIDED,
    )
]  # fmt: skip
_CHUNK = 500


@dataclass(frozen=True)
class OnTimeCount:
    on_time: int
    rated: int


def _occurred_text():
    # Event times are ISO text beginning with the local date the fold reads, so a text range selects days.
    return type_coerce(OpinionEvent.occurred_at, String)


def _candidate_ids(s: Session, start: date, cutoff: date) -> set[str]:
    lo, hi = start.isoformat(), (cutoff + timedelta(days=1)).isoformat()
    occurred = _occurred_text()
    changed = set(s.scalars(select(OpinionEvent.opinion_id).where(occurred >= lo, occurred < hi).distinct()))
    # The latest event before the month (SQLite returns the bare column ``kind`` from the max row).
    latest = (
        select(OpinionEvent.opinion_id, OpinionEvent.kind, func.max(occurred + OpinionEvent.id))
        .where(occurred < lo)
        .group_by(OpinionEvent.opinion_id)
        .subquery()
    )
    unsettled = set(s.scalars(select(latest.c.opinion_id).where(latest.c.kind.not_in(_SETTLING))))
    return changed | unsettled


def _events_of(s: Session, ids: list[str], cutoff: date) -> dict[str, list[EventRecord]]:
    hi = (cutoff + timedelta(days=1)).isoformat()
    out: dict[str, list[EventRecord]] = defaultdict(list)
    for i in range(0, len(ids), _CHUNK):
        rows = s.execute(
            select(
                OpinionEvent.opinion_id, OpinionEvent.id, OpinionEvent.kind, OpinionEvent.occurred_at, OpinionEvent.data
            )
            .join(Opinion, Opinion.id == OpinionEvent.opinion_id)
            .where(
                OpinionEvent.opinion_id.in_(ids[i : i + _CHUNK]),
                _occurred_text() < hi,
                Opinion.state != OpinionState.VOIDED.value,
            )
        )
        for oid, eid, kind, at, data in rows:
            out[oid].append(EventRecord(eid, kind, at, data or {}))
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

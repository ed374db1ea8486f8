"""Reading and appending opinion histories with SQLAlchemy Core (no ORM unit of work on the hot path).

Guarantees:
- ``append_step`` checks the step against the status folded from ALL stored events, inserts the event,
  rewrites the opinion's cached state columns from the new fold, and writes the audit and outbox rows —
  all in the caller's transaction;
- ``load_opinion_records`` returns records in the order of the ids given, built from the same fold.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from heshi_protocol.opinion_state import (
    EventRecord,
    OpinionStatus,
    allowed_steps,
    check_step,
    fold,
    overdue_level,
)
from heshi_protocol.payloads import event_payload
from heshi_protocol.vocab import EventKind, Route, label_of
from heshi_protocol.workdays import CalendarYearMissing, HolidayCalendar
from heshi_station.db.models import Deputy, Opinion, OpinionEvent, opinion_deputy
from heshi_station.db.types import new_id
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import OpinionRecord, TimelineEntry
from heshi_station.ledger.errors import NotFound, ValidationFailed
from heshi_station.ledger.row_batch import RowBatch

_EV = OpinionEvent.__table__
_OP = Opinion.__table__
# Built once: constructing statements costs more than executing them on this hot path.
_SELECT_OPINION = select(_OP).where(_OP.c.id == bindparam("oid"))
_SELECT_EVENTS = select(_EV).where(_EV.c.opinion_id == bindparam("oid"))
_INSERT_EVENT = insert(_EV)
_UPDATE_CACHE = update(_OP).where(_OP.c.id == bindparam("oid"))


@dataclass
class OpinionHandle:
    row: dict
    events: list[EventRecord]
    cal: HolidayCalendar
    _status: OpinionStatus | None = field(default=None, repr=False)

    @property
    def status(self) -> OpinionStatus:
        if self._status is None:
            self._status = fold(self.events, self.cal)
        return self._status

    @property
    def id(self) -> str:
        return self.row["id"]


def _event_from_row(r) -> EventRecord:
    return EventRecord(
        id=r.id, kind=r.kind, occurred_at=r.occurred_at, data=r.data or {}, note=r.note, actor=r.actor, source=r.source
    )


def load_handle(session: Session, opinion_id: str, cal: HolidayCalendar) -> OpinionHandle:
    row = session.connection().execute(_SELECT_OPINION, {"oid": opinion_id}).mappings().one_or_none()
    if row is None:
        raise NotFound(f"意见不存在：{opinion_id}")
    events = [_event_from_row(r) for r in session.connection().execute(_SELECT_EVENTS, {"oid": opinion_id})]
    return OpinionHandle(dict(row), events, cal)


def append_step(
    ledger: Ledger,
    session: Session,
    handle: OpinionHandle,
    kind: EventKind,
    *,
    when: datetime,
    note: str = "",
    data: dict | None = None,
    check: bool = True,
) -> EventRecord:
    """Append one event after ``check_step``; refresh the cached state; audit + outbox, same transaction.

    A checked step may not be dated before the opinion's latest event: the history reads in order.
    """
    if check:
        check_step(handle.status, kind)
        last = handle.status.last_event_at
        if last is not None and when < last:
            raise ValidationFailed.single(
                "when", "办理时间", f"早于上一条办理记录的时间 {last.astimezone():%Y-%m-%d %H:%M}，请核对"
            )
    row = {
        "id": new_id(), "opinion_id": handle.id, "kind": kind.value, "occurred_at": when, "recorded_at": ledger.now(),
        "actor": ledger.actor, "source": "station", "note": note, "data": data or {},
    }  # fmt: skip
    session.connection().execute(_INSERT_EVENT, [row])
    event = EventRecord(row["id"], row["kind"], when, row["data"], note, ledger.actor, "station")
    handle.events.append(event)
    handle._status = None
    st = handle.status
    cached = {
        "state": st.state.value, "lead_unit_id": st.lead_unit_id, "due_date": st.due_date, "paused": st.paused,
        "closed_on": st.closed_on, "due_provisional": st.due_provisional,
    }  # fmt: skip
    session.connection().execute(_UPDATE_CACHE, {"oid": handle.id, **cached})
    handle.row.update(cached)
    batch = RowBatch()
    batch.change(ledger, f"opinion.{kind.value}", "opinion_event", row["id"], event_payload(row), "append")
    batch.write(session)
    return event


def load_opinion_records(
    ledger: Ledger,
    session: Session,
    ids: list[str],
    *,
    with_timeline: bool = False,
    handles: dict[str, OpinionHandle] | None = None,
) -> list[OpinionRecord]:
    """Records for ``ids`` in that order; ``handles`` already loaded in this transaction are reused."""
    if not ids:
        return []
    cal, today = ledger.calendar(), ledger.today()
    handles = dict(handles or {})
    missing = [i for i in ids if i not in handles]
    if missing:
        rows = {
            r["id"]: dict(r) for r in session.connection().execute(select(_OP).where(_OP.c.id.in_(missing))).mappings()
        }
        events: dict[str, list[EventRecord]] = defaultdict(list)
        for r in session.connection().execute(select(_EV).where(_EV.c.opinion_id.in_(missing))):
            events[r.opinion_id].append(_event_from_row(r))
        handles.update({oid: OpinionHandle(row, events[oid], cal) for oid, row in rows.items()})
    deputies: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for oid, did, name in session.connection().execute(
        select(opinion_deputy.c.opinion_id, Deputy.id, Deputy.name)
        .join(Deputy, Deputy.id == opinion_deputy.c.deputy_id)
        .where(opinion_deputy.c.opinion_id.in_(ids))
        .order_by(Deputy.name)
    ):
        deputies[oid].append((did, name))
    names = ledger.reference_names(session)
    return [
        _record(handles[i], today, names["units"], names["categories"], tuple(deputies[i]), with_timeline)
        for i in ids
        if i in handles
    ]


def _record(
    h: OpinionHandle, today: date, units: dict, categories: dict, deputies: tuple, with_timeline: bool
) -> OpinionRecord:
    st, o = h.status, h.row
    problem = st.deadline_problem
    try:
        level = overdue_level(st, today, h.cal)
    except CalendarYearMissing as exc:
        level, problem = None, str(exc)
    timeline = ()
    if with_timeline:
        timeline = tuple(
            TimelineEntry(
                id=e.id, kind=e.kind, kind_label=label_of(EventKind, e.kind), occurred_at=e.occurred_at, actor=e.actor,
                source=e.source, note=e.note, data=dict(e.data),
            )
            for e in sorted(h.events, key=lambda e: (e.occurred_at, e.id))
        )  # fmt: skip
    return OpinionRecord(
        id=o["id"], reception_id=o["reception_id"], registered_on=o["registered_on"], content=o["content"],
        category_id=o["category_id"], category_name=categories.get(o["category_id"], ""),
        proposer_name=o["proposer_name"], proposer_phone=o["proposer_phone"], village=o["village"], route=o["route"],
        route_label=label_of(Route, o["route"]), confidential=o["confidential"], state=st.state.value,
        state_label=st.state.label, paused=st.paused, lead_unit_id=st.lead_unit_id,
        lead_unit_name=units.get(st.lead_unit_id, "") if st.lead_unit_id else "",
        assist_unit_names=tuple(units.get(u, "") for u in st.assist_unit_ids), due_date=st.due_date,
        overdue_level=level.value if level else None, overdue_label=level.label if level else "",
        deadline_problem=problem, reply=st.reply, fed_back_on=st.fed_back_on, feedback_method=st.feedback_method,
        satisfaction=st.satisfaction.value if st.satisfaction else None,
        satisfaction_label=st.satisfaction.label if st.satisfaction else "", closed_on=st.closed_on,
        closed_on_time=st.closed_on_time, urge_count=st.urge_count, reopen_count=st.reopen_count,
        deputy_names=tuple(n for _, n in deputies), timeline=timeline,
        allowed_steps=frozenset(k.value for k in allowed_steps(st)),
        corrected_at=o.get("corrected_at"), revision=o.get("revision") or 0,
        deputy_ids=tuple(d for d, _ in deputies), void_reason=_void_reason(h) if st.voided_on else "",
        due_provisional=bool(st.due_provisional and st.due_date),
    )  # fmt: skip


def _void_reason(h: OpinionHandle) -> str:
    voided = [e for e in h.events if e.kind == EventKind.VOIDED]
    if not voided:
        return ""
    last = max(voided, key=lambda e: (e.occurred_at, e.id))
    return str((last.data or {}).get("reason") or last.note)

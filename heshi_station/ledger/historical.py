"""Historical records: opinions imported from an old ledger that the old ledger never recorded as finished.

An item registered months or years ago with a deadline long past would be 严重超期 on the first day the
clerk uses the program, although in truth it was most likely finished and simply never written down. Such
an item is marked as a historical record: a ``paused`` (暂停计时) event with data ``{"historical": true}``,
dated with its last event, so it is open but never overdue — in today's lists and in any month's figures.
The clerk then verifies and concludes them, one by one or all at once (:func:`conclude_historical`).

Guarantees:
- only existing event kinds are used, and the fold is unchanged: a pause keeps an open item out of every
  overdue level; a unit's reply (``replied``) and ``closed`` conclude it;
- ``check_step`` offers a pause only while a unit or the station is handling an item. An imported item whose
  unit already replied (state 已答复待反馈) is paused all the same (``append_step(check=False)``; the fold applies
  a pause in any state), and concluding closes an item without a feedback step, since the feedback to
  the citizen, if any, happened before this ledger existed. These are the only two steps that skip
  ``check_step``, and both are written with ``"historical": true`` so figures and reviewers can tell them;
- concluding is one transaction for all the items named: all are concluded or none;
- the conclusion is dated with the item's last event (its registration, for an untouched import): the old
  ledger gives no finishing date, and dating it today would count years-old items in this month's figures.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import exists, func, select

from heshi_protocol.vocab import OPEN_STATES, EventKind, OpinionState
from heshi_station.db.models import Opinion, OpinionEvent, Reception
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import OpinionRecord
from heshi_station.ledger.errors import InvalidStep, ValidationFailed
from heshi_station.ledger.opinion_store import append_step, load_handle, load_opinion_records

K = EventKind
S = OpinionState
HANDLING_STATES = (S.TRANSFERRED, S.HANDLING)
PAUSE_NOTE = "历史记录（自旧台账导入{where}）：原台账没有办结记录，暂停计时，不计超期；核实后标记办结"
CONCLUDE_REPLY = "历史记录：经核实已办结（原台账未记办理结果）"
CONCLUDE_NOTE = "历史记录：经核实已办结（原台账未记办结日期，按登记日期记）"


def mark_historical(ledger: Ledger, opinion_id: str, *, row_label: str = "") -> OpinionRecord:
    """Pause an open imported item's clock as a historical record (see the module docstring).

    Raises InvalidStep for an item that is closed or has no deadline (nothing would become overdue).
    An item already paused is returned unchanged.
    """
    with ledger.write() as s:
        h = load_handle(s, opinion_id, ledger.calendar())
        st = h.status
        if not st.is_open:
            raise InvalidStep(f"该意见已{st.state.label}，不能标记为历史记录")
        if st.due_date is None:
            raise InvalidStep("该意见没有办理时限，不会超期，无需标记为历史记录")
        if not st.paused:
            where = f"，{row_label}" if row_label else ""
            append_step(
                ledger, s, h, K.PAUSED, when=st.last_event_at, note=PAUSE_NOTE.format(where=where),
                data={"historical": True}, check=st.state in HANDLING_STATES,
            )  # fmt: skip
        return load_opinion_records(ledger, s, [h.id], with_timeline=True, handles={h.id: h})[0]


def _historical_condition():
    marker = exists().where(
        OpinionEvent.opinion_id == Opinion.id,
        OpinionEvent.kind == K.PAUSED.value,
        func.json_extract(OpinionEvent.data, "$.historical") == 1,
    )
    return (Opinion.state.in_([st.value for st in OPEN_STATES]), Opinion.paused.is_(True), marker)


def historical_opinion_ids(ledger: Ledger, among: Iterable[str] | None = None) -> list[str]:
    """Open historical records still waiting to be concluded (optionally only ``among`` these ids), oldest first."""
    q = select(Opinion.id).where(*_historical_condition()).order_by(Opinion.registered_on, Opinion.id)
    with ledger.read() as s:
        if among is None:
            return list(s.scalars(q))
        ids = list(dict.fromkeys(among))
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            found.update(s.scalars(q.where(Opinion.id.in_(ids[start : start + 500]))))
        return [i for i in ids if i in found]


def conclude_historical(ledger: Ledger, opinion_ids: Iterable[str] | None = None, *, reply: str = "") -> list[str]:
    """Mark historical records concluded (办结), in one transaction; returns the ids concluded.

    ``opinion_ids`` None: every open historical record. Named ids that are not open historical records are
    refused (ValidationFailed naming them) and nothing is concluded. An item no unit or station answered
    gets the station's conclusion as its reply (``reply`` or a standard sentence) before it is closed.
    """
    wanted = None if opinion_ids is None else list(dict.fromkeys(opinion_ids))
    targets = historical_opinion_ids(ledger, wanted)
    if wanted is not None and len(targets) != len(wanted):
        others = [i for i in wanted if i not in set(targets)]
        raise ValidationFailed.single(
            "opinion_ids", "历史记录", f"{len(others)} 条意见不是待核实的历史记录（已办结、已恢复计时或不是导入的）"
        )
    reply = reply.strip() or CONCLUDE_REPLY
    with ledger.write() as s:
        cal = ledger.calendar()
        for oid in targets:
            h = load_handle(s, oid, cal)
            when = h.status.last_event_at
            if h.status.state in HANDLING_STATES:
                append_step(ledger, s, h, K.REPLIED, when=when, data={"reply": reply, "historical": True})
            append_step(ledger, s, h, K.CLOSED, when=when, note=CONCLUDE_NOTE, data={"historical": True}, check=False)
    return targets


def opinion_ids_for_import_keys(ledger: Ledger, keys: Iterable[str]) -> list[str]:
    """The opinions of the receptions imported under these row keys (``reception.source_key``)."""
    keys = list(dict.fromkeys(k for k in keys if k))
    out: list[str] = []
    with ledger.read() as s:
        for start in range(0, len(keys), 500):
            out.extend(
                s.scalars(
                    select(Opinion.id)
                    .join(Reception, Reception.id == Opinion.reception_id)
                    .where(Reception.source_key.in_(keys[start : start + 500]))
                    .order_by(Opinion.registered_on, Opinion.id)
                )
            )
    return out

"""作废: a reception or an opinion registered by mistake is voided with a reason. Kept, never deleted.

Guarantees:
- ``void_reception`` sets the reception's ``voided_at``/``void_reason``, sends its snapshot to the outbox
  (``upsert``) with an audit entry holding the reason, and appends a ``voided`` event ``{"reason": str}`` to
  each of its opinions not voided yet — all in ONE transaction;
- ``void_opinion`` appends the ``voided`` event (the fold then gives state 作废; the cached columns follow);
- a reason is required; voiding twice is refused, naming when it was voided; nothing is ever deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from heshi_protocol.opinion_state import check_step
from heshi_protocol.payloads import reception_payload
from heshi_protocol.vocab import EventKind, OpinionState
from heshi_station.db.models import Opinion, Reception
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.correction_base import AlreadyVoided, clean_reason, record_correction
from heshi_station.ledger.errors import NotFound
from heshi_station.ledger.opinion_store import OpinionHandle, append_step, load_handle


@dataclass(frozen=True)
class Voided:
    """The outcome of a voiding: what was voided, when, why, and the opinions voided with it."""

    entity: str  # "reception" | "opinion"
    id: str
    voided_at: datetime
    reason: str
    opinions_voided: tuple[str, ...] = ()


def _void_event(ledger: Ledger, s, h: OpinionHandle, reason: str, note: str) -> None:
    check_step(h.status, EventKind.VOIDED)
    last = h.status.last_event_at
    now = ledger.now()
    when = max(now, last) if last is not None else now
    append_step(ledger, s, h, EventKind.VOIDED, when=when, note=note, data={"reason": reason})


def void_opinion(ledger: Ledger, opinion_id: str, reason: str) -> Voided:
    reason = clean_reason(reason, "作废理由")
    with ledger.write() as s:
        h = load_handle(s, opinion_id, ledger.calendar())
        _void_event(ledger, s, h, reason, reason)
    return Voided("opinion", opinion_id, ledger.now(), reason)


def void_reception(ledger: Ledger, reception_id: str, reason: str) -> Voided:
    reason = clean_reason(reason, "作废理由")
    with ledger.write() as s:
        r = s.get(Reception, reception_id)
        if r is None:
            raise NotFound(f"接待记录不存在：{reception_id}")
        if r.voided_at is not None:
            raise AlreadyVoided(
                f"该接待记录已于 {r.voided_at.astimezone():%Y-%m-%d %H:%M} 作废（{r.void_reason}），不能再次作废。"
            )
        visitors, deputy_ids = list(r.visitors), [d.id for d in r.deputies]
        now = ledger.now()
        rt = Reception.__table__
        s.expunge_all()
        conn = s.connection()
        conn.execute(update(rt).where(rt.c.id == reception_id).values(voided_at=now, void_reason=reason))
        row = dict(conn.execute(select(rt).where(rt.c.id == reception_id)).mappings().one())
        payload = reception_payload(row, visitors, deputy_ids)
        record_correction(ledger, s, "reception.void", "reception", reception_id, payload, {"reason": reason})
        voided = []
        for oid in conn.execute(select(Opinion.id).where(Opinion.reception_id == reception_id).order_by(Opinion.id)):
            h = load_handle(s, oid[0], ledger.calendar())
            if h.status.state == OpinionState.VOIDED:
                continue
            _void_event(ledger, s, h, reason, f"接待记录作废：{reason}")
            voided.append(h.id)
    return Voided("reception", reception_id, now, reason, tuple(voided))

"""Rejected records go out again once fixed (issue 11, “Rejected records can be fixed and resent”).

Guarantees:
- a rejected outbox row is never deleted: when a newer row of the same record (a 更正, a re-offer, a
  resend) gets the centre's answer, the older rejected row becomes ``superseded`` in the SAME local
  transaction that stores the answer, so the fix-up list shows each record's latest rejection only and
  nothing is lost from the outbox's history;
- events of an opinion the centre rejected (``unknown_opinion``) are re-offered (a new outbox row, same
  payload, new op id) in the transaction that stores the answer saying the opinion landed — exactly once,
  because the old row is superseded in that same transaction;
- ``resend_rejected`` lets the clerk send a rejected record again as it now stands in the ledger (after a
  fix, or when the centre says it fixed its side), in one transaction, through ``Ledger.record_change``;
  the rejected row stays in the fix-up list (marked “待重新发送”) until the centre answers the new one, and
  a record whose newer version already waits is not queued twice.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from heshi_protocol import payloads, wire
from heshi_station.db.models import (
    Attendance,
    Category,
    Deputy,
    HandlingUnit,
    Opinion,
    OpinionEvent,
    OutboxEntry,
    Reception,
    ReceptionDay,
    Station,
)
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.errors import LedgerError, NotFound

STATUS_SUPERSEDED = "superseded"
UNKNOWN_OPINION = "unknown_opinion"

# entity -> (model, payload function): how a record's current snapshot is built for a resend.
SOURCES = {
    "station": (Station, payloads.station_payload),
    "deputy": (Deputy, payloads.deputy_payload),
    "handling_unit": (HandlingUnit, payloads.unit_payload),
    "category": (Category, payloads.category_payload),
    "reception": (Reception, payloads.reception_payload),
    "opinion": (Opinion, payloads.opinion_payload),
    "opinion_event": (OpinionEvent, payloads.event_payload),
    "reception_day": (ReceptionDay, payloads.reception_day_payload),
    "attendance": (Attendance, payloads.attendance_payload),
}


class NotRejected(LedgerError):
    """The outbox row asked for is not (or no longer) a rejected record."""


def after_answers(session: Session, ledger: Ledger, ops: list[dict], answers: list[dict]) -> int:
    """Inside the transaction storing a batch's answers: supersede older rejections of the records in the
    batch and re-offer events whose opinion has now landed. Returns how many events were re-offered."""
    newest: dict[tuple[str, str], int] = {}
    landed: set[str] = set()
    for op, answer in zip(ops, answers, strict=True):
        newest[(op["entity"], op["entity_id"])] = op["seq"]
        if op["entity"] == "opinion" and answer["status"] != wire.STATUS_REJECTED:
            landed.add(op["entity_id"])
    rejected = session.execute(
        select(OutboxEntry.seq, OutboxEntry.entity, OutboxEntry.entity_id, OutboxEntry.reject_code).where(
            OutboxEntry.status == wire.STATUS_REJECTED
        )
    ).all()
    # Older than the newest row of the same record in this batch (which may itself be a new rejection).
    superseded = [seq for seq, entity, entity_id, _ in rejected if newest.get((entity, entity_id), 0) > seq]
    _supersede(session, superseded)
    if not landed:
        return 0
    waiting = [seq for seq, entity, _, code in rejected if entity == "opinion_event" and code == UNKNOWN_OPINION]
    reoffered = 0
    for row in session.scalars(select(OutboxEntry).where(OutboxEntry.seq.in_(waiting))) if waiting else ():
        if row.status != wire.STATUS_REJECTED or (row.payload or {}).get("opinion_id") not in landed:
            continue
        ledger.record_change(session, "sync.reoffer", row.entity, row.entity_id, row.payload, op=row.op)
        _supersede(session, [row.seq])
        reoffered += 1
    return reoffered


def _supersede(session: Session, seqs: list[int]) -> None:
    if seqs:
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.seq.in_(seqs), OutboxEntry.status == wire.STATUS_REJECTED)
            .values(status=STATUS_SUPERSEDED)
            .execution_options(synchronize_session=False)
        )


def resend_rejected(ledger: Ledger, seq: int) -> int:
    """Send the rejected record of outbox row ``seq`` again, as it stands in the ledger now; returns the
    new outbox row's sequence number. The rejected row is kept, marked superseded."""
    with ledger.write() as s:
        row = s.get(OutboxEntry, seq)
        if row is None or row.status != wire.STATUS_REJECTED:
            raise NotRejected(f"第 {seq} 条不是被市中心退回的记录（可能已重新发送）。")
        waiting = s.scalar(
            select(OutboxEntry.seq).where(
                OutboxEntry.entity == row.entity,
                OutboxEntry.entity_id == row.entity_id,
                OutboxEntry.status == "pending",
            )
        )
        if waiting is not None:
            raise NotRejected("这条记录修改后的版本已在等待发送，下次同步时会重新提交，不必再次发送。")
        model, payload_fn = SOURCES.get(row.entity, (None, None))
        if row.op == "append" or model is None:
            payload = row.payload  # append-only records (handling events) go again exactly as they were
        else:
            record = s.get(model, row.entity_id)
            if record is None:
                raise NotFound(f"本站台账中找不到这条记录（{row.entity} {row.entity_id}）。")
            payload = payload_fn(record)
        ledger.record_change(s, "sync.resend", row.entity, row.entity_id, payload, op=row.op)
        s.flush()
        return s.scalar(select(OutboxEntry.seq).order_by(OutboxEntry.seq.desc()).limit(1))

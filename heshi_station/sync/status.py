"""What the window shows about sync, as plain records: records waiting, the fix-up list (同步退回记录) and
the centre's changes the station set aside (市中心更新未能应用)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from heshi_station.db.models import OutboxEntry, PulledChangeSetAside
from heshi_station.ledger.context import Ledger
from heshi_station.sync.pull_checks import kind_label

ENTITY_LABELS = {
    "station": "联络站",
    "deputy": "代表",
    "handling_unit": "办理单位",
    "category": "意见类别",
    "reception": "接待登记",
    "opinion": "意见建议",
    "opinion_event": "办理记录",
    "reception_day": "接待日",
    "attendance": "代表进站履职",
}


@dataclass(frozen=True)
class RejectedRecord:
    seq: int
    entity: str
    entity_label: str
    entity_id: str
    summary: str
    created_at: datetime
    acked_at: datetime | None
    reject_code: str
    reject_message: str
    # A newer version of the record (a 更正, a resend) waits to be sent: the fix is on its way.
    fix_waiting: bool = False
    # What the clerk can do: "correct" (更正 the reception/opinion, then it goes again), "resend" (send the
    # record again as it stands) or "wait" (an event that goes again by itself once its opinion lands).
    remedy: str = "resend"


def _summary(payload: dict) -> str:
    for key in ("matter", "content", "name", "note", "kind", "day"):
        value = payload.get(key) if isinstance(payload, dict) else None
        if value:
            text = str(value)
            return text if len(text) <= 40 else text[:39] + "…"
    return ""


def fixup_list(ledger: Ledger, limit: int = 1000) -> list[RejectedRecord]:
    """Records the centre rejected (each record's latest rejection), newest first, with its reason and
    what the clerk can do about it."""
    with ledger.read() as s:
        rows = list(
            s.scalars(
                select(OutboxEntry)
                .where(OutboxEntry.status == "rejected")
                .order_by(OutboxEntry.seq.desc())
                .limit(limit)
            )
        )
        waiting = (
            set(
                s.execute(
                    select(OutboxEntry.entity, OutboxEntry.entity_id).where(
                        OutboxEntry.status == "pending",
                        OutboxEntry.entity_id.in_({r.entity_id for r in rows}),
                    )
                ).all()
            )
            if rows
            else set()
        )
        return [
            RejectedRecord(
                seq=r.seq,
                entity=r.entity,
                entity_label=ENTITY_LABELS.get(r.entity, r.entity),
                entity_id=r.entity_id,
                summary=_summary(r.payload),
                created_at=r.created_at,
                acked_at=r.acked_at,
                reject_code=r.reject_code,
                reject_message=r.reject_message,
                fix_waiting=(r.entity, r.entity_id) in waiting,
                remedy=_remedy(r),
            )
            for r in rows
        ]


def _remedy(row: OutboxEntry) -> str:
    if row.entity in ("reception", "opinion"):
        return "correct"
    if row.entity == "opinion_event" and row.reject_code == "unknown_opinion":
        return "wait"
    return "resend"


@dataclass(frozen=True)
class SetAsideChange:
    """A change from the centre the station could not apply, kept with the reason."""

    id: int
    change_seq: int
    kind: str
    kind_label: str
    entity_id: str
    summary: str
    reason: str
    set_aside_at: datetime


def set_aside_list(ledger: Ledger, limit: int = 1000) -> list[SetAsideChange]:
    """Open (not superseded) set-aside changes from the centre, newest first."""
    with ledger.read() as s:
        rows = s.scalars(
            select(PulledChangeSetAside)
            .where(PulledChangeSetAside.superseded_at.is_(None))
            .order_by(PulledChangeSetAside.id.desc())
            .limit(limit)
        )
        return [
            SetAsideChange(
                id=r.id,
                change_seq=r.change_seq,
                kind=r.kind,
                kind_label=kind_label(r.kind),
                entity_id=r.entity_id,
                summary=_summary(r.payload) or r.entity_id,
                reason=r.reason,
                set_aside_at=r.set_aside_at,
            )
            for r in rows
        ]

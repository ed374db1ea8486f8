"""What the window shows about sync, as plain records: records waiting and the fix-up list (同步退回记录)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from heshi_station.db.models import OutboxEntry
from heshi_station.ledger.context import Ledger

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


def _summary(payload: dict) -> str:
    for key in ("matter", "content", "name", "note", "kind", "day"):
        value = payload.get(key) if isinstance(payload, dict) else None
        if value:
            text = str(value)
            return text if len(text) <= 40 else text[:39] + "…"
    return ""


def fixup_list(ledger: Ledger, limit: int = 1000) -> list[RejectedRecord]:
    """Records the centre rejected, newest first, with its reason."""
    with ledger.read() as s:
        rows = s.scalars(
            select(OutboxEntry).where(OutboxEntry.status == "rejected").order_by(OutboxEntry.seq.desc()).limit(limit)
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
            )
            for r in rows
        ]

"""The readable number of a 转办单: station code, year and sequence, e.g. ``QB-JS-01-2026-0042``.

Guarantees:
- the sequence counts opinions by their FIRST 转办 (a re-transfer after 退回 keeps the number), in the order
  of that transfer's time within its calendar year (ties broken by the opinion's id), starting at 1 each
  year; so a slip printed twice carries the same number, and numbers never depend on printing order;
- a read-only query; an opinion never transferred has no number (None).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select

from heshi_protocol.vocab import EventKind
from heshi_station.db.models import OpinionEvent
from heshi_station.ledger import reference_data
from heshi_station.ledger.context import Ledger


@dataclass(frozen=True)
class TransferNumber:
    number: str
    transferred_on: date
    sequence: int


def transfer_number(ledger: Ledger, opinion_id: str) -> TransferNumber | None:
    station = reference_data.get_station(ledger)
    code = station.code if station else "站"
    with ledger.read() as s:
        first = s.scalar(
            select(func.min(OpinionEvent.occurred_at)).where(
                OpinionEvent.opinion_id == opinion_id, OpinionEvent.kind == EventKind.TRANSFERRED.value
            )
        )
        if first is None:
            return None
        local = first.astimezone()
        year_start = datetime(local.year, 1, 1).astimezone()
        firsts = (
            select(OpinionEvent.opinion_id, func.min(OpinionEvent.occurred_at).label("first"))
            .where(OpinionEvent.kind == EventKind.TRANSFERRED.value)
            .group_by(OpinionEvent.opinion_id)
            .subquery()
        )
        sequence = s.scalar(
            select(func.count())
            .select_from(firsts)
            .where(
                firsts.c.first >= year_start,
                or_(firsts.c.first < first, and_(firsts.c.first == first, firsts.c.opinion_id <= opinion_id)),
            )
        )
    return TransferNumber(f"{code}-{local.year}-{sequence:04d}", local.date(), int(sequence or 1))

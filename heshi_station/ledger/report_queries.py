"""Read-only queries the printed registers need and the core's list operations do not provide.

Every function opens one read transaction and returns plain dataclasses or built-in values; nothing here
writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from heshi_station.db.models import HandlingUnit, Opinion, Reception
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.vocab import OpinionState, Route


@dataclass(frozen=True)
class OpinionBrief:
    """What became of one opinion, as a register's 办理情况 column states it."""

    opinion_id: str
    reception_id: str | None
    route_label: str
    state_label: str
    lead_unit_name: str


def opinion_briefs(ledger: Ledger, reception_ids: Iterable[str]) -> dict[str, list[OpinionBrief]]:
    """The opinions raised at each of the given receptions (reception id → briefs, registration order)."""
    ids = list(dict.fromkeys(reception_ids))
    out: dict[str, list[OpinionBrief]] = {}
    with ledger.read() as s:
        for start in range(0, len(ids), 500):
            rows = s.execute(
                select(Opinion.id, Opinion.reception_id, Opinion.route, Opinion.state, HandlingUnit.name)
                .outerjoin(HandlingUnit, HandlingUnit.id == Opinion.lead_unit_id)
                .where(Opinion.reception_id.in_(ids[start : start + 500]))
                .order_by(Opinion.created_at, Opinion.id)
            ).all()
            for oid, rid, route, state, unit in rows:
                out.setdefault(rid, []).append(
                    OpinionBrief(oid, rid, Route(route).label, OpinionState(state).label, unit or "")
                )
    return out


def existing_source_keys(ledger: Ledger, keys: Iterable[str]) -> set[str]:
    """Which of these import keys are already in the ledger (so a re-import can say "already imported")."""
    keys = list(dict.fromkeys(k for k in keys if k))
    found: set[str] = set()
    with ledger.read() as s:
        for start in range(0, len(keys), 500):
            found.update(
                s.scalars(select(Reception.source_key).where(Reception.source_key.in_(keys[start : start + 500])))
            )
    return found

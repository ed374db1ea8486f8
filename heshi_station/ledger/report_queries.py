"""Read-only queries the printed registers need and the core's list operations do not provide.

Every function opens one read transaction and returns plain dataclasses or built-in values; nothing here
writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, select

from heshi_protocol.vocab import OpinionState, ReceptionWay, Route
from heshi_station.db.models import Category, Deputy, HandlingUnit, Opinion, Reception, Visitor, reception_deputy
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import ReceptionRecord, VisitorRecord


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


def receptions_in(ledger: Ledger, start: date, end: date) -> list[ReceptionRecord]:
    """Receptions dated in [start, end), oldest first, as the same records ``list_receptions`` returns.

    Four set-based Core queries (receptions, visitors, deputies, opinion ids) instead of several ORM queries
    per reception, so a 2,000-row month is read in a fraction of a second.
    """
    in_range = and_(Reception.received_on >= start, Reception.received_on < end)
    with ledger.read() as s:
        rows = s.execute(
            select(
                Reception.id,
                Reception.received_at,
                Reception.way,
                Reception.matter,
                Reception.place,
                Reception.clerk_name,
                Reception.category_id,
                Category.name,
                Reception.confidential,
                Reception.anonymous,
                Reception.outcome,
                Reception.voided_at,
                Reception.void_reason,
                Reception.corrected_at,
                Reception.revision,
            )
            .outerjoin(Category, Category.id == Reception.category_id)
            .where(in_range)
            .order_by(Reception.received_at, Reception.id)
        ).all()
        visitors: dict[str, list[VisitorRecord]] = {}
        for rid, *v in s.execute(
            select(
                Visitor.reception_id,
                Visitor.id,
                Visitor.name,
                Visitor.gender,
                Visitor.phone,
                Visitor.id_number,
                Visitor.village,
                Visitor.group_size,
            )
            .join(Reception, Reception.id == Visitor.reception_id)
            .where(in_range)
            .order_by(Visitor.reception_id, Visitor.position)
        ):
            visitors.setdefault(rid, []).append(VisitorRecord(*v))
        deputies: dict[str, list[tuple[str, str]]] = {}
        for rid, did, name in s.execute(
            select(reception_deputy.c.reception_id, Deputy.id, Deputy.name)
            .join(Deputy, Deputy.id == reception_deputy.c.deputy_id)
            .join(Reception, Reception.id == reception_deputy.c.reception_id)
            .where(in_range)
            .order_by(reception_deputy.c.reception_id, Deputy.name)
        ):
            deputies.setdefault(rid, []).append((did, name))
        opinion_ids: dict[str, list[str]] = {}
        for oid, rid in s.execute(
            select(Opinion.id, Opinion.reception_id)
            .join(Reception, Reception.id == Opinion.reception_id)
            .where(in_range)
            .order_by(Opinion.id)
        ):
            opinion_ids.setdefault(rid, []).append(oid)
    labels = {w.value: w.label for w in ReceptionWay}
    out = []
    for row in rows:
        rid, at, way, matter, place, clerk, cat_id, cat_name, confidential, anonymous, outcome = row[:11]
        voided_at, void_reason, corrected_at, revision = row[11:]
        deps = deputies.get(rid, ())
        out.append(
            ReceptionRecord(
                id=rid,
                received_at=at,
                way=way,
                way_label=labels.get(way, way),
                matter=matter,
                place=place,
                clerk_name=clerk,
                category_id=cat_id,
                category_name=cat_name or "",
                confidential=bool(confidential),
                anonymous=bool(anonymous),
                outcome=outcome or "",
                visitors=tuple(visitors.get(rid, ())),
                deputy_ids=tuple(d for d, _ in deps),
                deputy_names=tuple(n for _, n in deps),
                opinion_ids=tuple(opinion_ids.get(rid, ())),
                voided_at=voided_at,
                void_reason=void_reason or "",
                corrected_at=corrected_at,
                revision=revision or 0,
            )
        )
    return out

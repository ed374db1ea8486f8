"""更正: correcting a saved reception, as an audited change that syncs. Nothing is edited silently.

Guarantees of ``correct_reception`` (and of ``opinion_corrections.correct_opinion``):
- the corrected values pass exactly the rules of registration (``reception_rules``), after the same
  normalisation (``normalise``); every bad field is reported at once and nothing is written;
- a reason is required; a correction that changes nothing is refused (:class:`NothingToCorrect`);
- in ONE transaction: the row is rewritten, ``revision`` goes up by one and ``corrected_at`` is set, the
  record's new snapshot goes to the outbox (``upsert``), and the audit entry keeps every changed field's old
  and new value and the reason; the search indexes follow (triggers, and the search document rewritten);
- when the first visitor's name, phone or village, the anonymity or the confidentiality of a reception
  changes, each of its opinions that still held the old value is corrected with it (same reason, same
  transaction, a ``corrected`` event on its history);
- a voided reception cannot be corrected.

Correcting the time of a reception moves the reception only: its opinions' handling history (and the
deadlines computed from it) are events and stay as they happened.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from heshi_protocol.payloads import VISITOR_FIELDS, reception_payload
from heshi_station.db.models import Opinion, Reception, Visitor, reception_deputy
from heshi_station.db.types import new_id
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.correction_base import (
    AlreadyVoided,
    NothingToCorrect,
    clean_reason,
    diff,
    json_value,
    record_correction,
)
from heshi_station.ledger.dto import ReceptionInput, ReceptionRecord, VisitorInput
from heshi_station.ledger.errors import NotFound, ValidationFailed
from heshi_station.ledger.opinion_corrections import apply_opinion_correction
from heshi_station.ledger.opinion_store import load_handle
from heshi_station.ledger.pinyin import initials
from heshi_station.ledger.reception_rules import lookup_for, normalise_reception, reception_errors
from heshi_station.ledger.receptions import search_document
from heshi_station.ledger.records import reception_record

__all__ = ["AlreadyVoided", "NothingToCorrect", "ReceptionCorrected", "ReceptionCorrection", "correct_reception"]


@dataclass
class ReceptionCorrection:
    """What to correct on a saved reception; ``None`` leaves a field as it is (``category_id=""`` clears it).

    ``visitors`` replaces the whole list of visitors (kept in order: the first is the one opinions quote).
    """

    reason: str
    received_at: datetime | None = None
    way: str | None = None
    place: str | None = None
    matter: str | None = None
    outcome: str | None = None
    category_id: str | None = None
    confidential: bool | None = None
    anonymous: bool | None = None
    clerk_name: str | None = None
    visitors: list[VisitorInput] | None = None
    deputy_ids: list[str] | None = None


@dataclass(frozen=True)
class ReceptionCorrected:
    """The outcome of ``correct_reception``: the stored record and what changed (``{field: {from, to}}``)."""

    record: ReceptionRecord
    changes: dict[str, dict[str, Any]]
    reason: str
    opinions_corrected: tuple[str, ...] = ()


def _current_input(r: Reception) -> ReceptionInput:
    return ReceptionInput(
        received_at=r.received_at,
        way=r.way,
        matter=r.matter,
        visitors=[
            VisitorInput(
                name=v.name,
                gender=v.gender,
                phone=v.phone,
                id_number=v.id_number,
                village=v.village,
                group_size=v.group_size,
            )
            for v in r.visitors
        ],
        deputy_ids=[d.id for d in r.deputies],
        category_id=r.category_id,
        place=r.place,
        clerk_name=r.clerk_name,
        confidential=r.confidential,
        anonymous=r.anonymous,
        outcome=r.outcome,
    )


_COMPARED = ("received_at", "way", "place", "matter", "outcome", "category_id", "confidential", "anonymous",
             "clerk_name")  # fmt: skip


def _comparable(data: ReceptionInput) -> dict[str, Any]:
    out = {f: json_value(getattr(data, f)) for f in _COMPARED}
    out["visitors"] = [{f: getattr(v, f) for f in VISITOR_FIELDS if f != "id"} for v in data.visitors]
    out["deputy_ids"] = sorted(data.deputy_ids)
    return out


def _derived_opinion_fields(data: ReceptionInput) -> dict[str, Any]:
    """What an opinion copies from its reception at registration (see ``receptions._opinion_rows``)."""
    first = data.visitors[0] if data.visitors else VisitorInput()
    return {
        "proposer_name": "" if data.anonymous else first.name,
        "proposer_phone": first.phone,
        "village": first.village,
        "confidential": data.confidential,
    }


def correct_reception(ledger: Ledger, reception_id: str, correction: ReceptionCorrection) -> ReceptionCorrected:
    """更正 a saved reception (see the module docstring for what is guaranteed)."""
    reason = clean_reason(correction.reason, "更正理由")
    with ledger.write() as s:
        r = s.get(Reception, reception_id)
        if r is None:
            raise NotFound(f"接待记录不存在：{reception_id}")
        if r.voided_at is not None:
            raise AlreadyVoided(f"该接待记录已于 {r.voided_at.astimezone():%Y-%m-%d %H:%M} 作废，不能更正。")
        old = _current_input(r)
        changed = {
            f.name: getattr(correction, f.name)
            for f in fields(correction)
            if f.name != "reason" and getattr(correction, f.name) is not None
        }
        if changed.get("category_id") == "":
            changed["category_id"] = None
        new = replace(old, **changed)
        if new.received_at.tzinfo is None:
            new.received_at = new.received_at.astimezone()
        new = normalise_reception(new)
        if new.anonymous:
            new.visitors = [replace(v, name="") for v in new.visitors]
        errors = reception_errors(new, lookup_for(s, new), ledger.today())
        if errors:
            raise ValidationFailed(errors)
        changes = diff(_comparable(old), _comparable(new))
        if not changes:
            raise NothingToCorrect()
        now = ledger.now()
        row = _write_reception(s, r, new, now)
        payload = reception_payload(row, row["visitors"], row["deputy_ids"])
        detail = {"reason": reason, "changes": changes, "revision": row["revision"]}
        record_correction(ledger, s, "reception.correct", "reception", r.id, payload, detail)
        corrected = _correct_opinions(ledger, s, r.id, _derived_opinion_fields(old), _derived_opinion_fields(new),
                                      reason)  # fmt: skip
        s.expire_all()
        record = reception_record(s, s.get(Reception, r.id))
    return ReceptionCorrected(record, changes, reason, corrected)


def _write_reception(s: Session, r: Reception, new: ReceptionInput, now: datetime) -> dict:
    """Rewrite the reception, its visitors (same ids where positions remain) and deputies; the stored row."""
    rid = r.id
    old_visitor_ids = [v.id for v in r.visitors]
    values = {
        "received_at": new.received_at, "received_on": new.received_at.date(), "way": new.way, "place": new.place,
        "matter": new.matter, "outcome": new.outcome, "category_id": new.category_id,
        "confidential": new.confidential, "anonymous": new.anonymous, "clerk_name": new.clerk_name,
        "corrected_at": now, "revision": (r.revision or 0) + 1,
    }  # fmt: skip
    s.expunge_all()  # from here on Core statements only: no ORM flush may reorder them
    conn = s.connection()
    visitors = []
    for i, v in enumerate(new.visitors):
        vid = old_visitor_ids[i] if i < len(old_visitor_ids) else new_id()
        visitors.append({
            "id": vid, "reception_id": rid, "position": i, "name": v.name, "gender": v.gender, "phone": v.phone,
            "id_number": v.id_number, "village": v.village, "group_size": v.group_size,
            "name_initials": initials(v.name) if v.name else "",
        })  # fmt: skip
    vt = Visitor.__table__
    gone = old_visitor_ids[len(new.visitors) :]
    if gone:
        conn.execute(delete(vt).where(vt.c.id.in_(gone)))
    for v in visitors:
        if v["id"] in old_visitor_ids:
            conn.execute(update(vt).where(vt.c.id == v["id"]).values(**{k: x for k, x in v.items() if k != "id"}))
        else:
            conn.execute(insert(vt).values(**v))
    deputy_ids = list(dict.fromkeys(new.deputy_ids))
    conn.execute(delete(reception_deputy).where(reception_deputy.c.reception_id == rid))
    if deputy_ids:
        conn.execute(insert(reception_deputy), [{"reception_id": rid, "deputy_id": d} for d in deputy_ids])
    rt = Reception.__table__
    conn.execute(update(rt).where(rt.c.id == rid).values(**values))
    row = dict(conn.execute(select(rt).where(rt.c.id == rid)).mappings().one())
    # Last, so the search indexes (triggers on search_text) end with the corrected text and visitors.
    document = search_document(row, visitors)
    conn.execute(update(rt).where(rt.c.id == rid).values(search_text=document))
    row.update(search_text=document, visitors=visitors, deputy_ids=deputy_ids)
    return row


def _correct_opinions(
    ledger: Ledger, s: Session, reception_id: str, old: dict[str, Any], new: dict[str, Any], reason: str
) -> tuple[str, ...]:
    moved = {k: v for k, v in new.items() if old[k] != v}
    if not moved:
        return ()
    done = []
    ids = s.connection().execute(select(Opinion.id).where(Opinion.reception_id == reception_id).order_by(Opinion.id))
    for (oid,) in ids.all():
        h = load_handle(s, oid, ledger.calendar())
        if h.status.state.value == "voided":
            continue
        wanted = {k: v for k, v in moved.items() if h.row[k] == old[k]}
        if wanted and apply_opinion_correction(ledger, s, h, wanted, reason, check_refs=False):
            done.append(oid)
    return tuple(done)

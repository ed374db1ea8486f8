"""更正 of an opinion's registration fields: content, category, proposer, phone, village, deputies, confidential.

Guarantees of ``correct_opinion``:
- the new values are normalised and checked by the rules of registration (``reception_rules``); every bad
  field is reported at once and nothing is written; a reason is required; no change is refused;
- in ONE transaction: the opinion row is rewritten (``revision`` + 1, ``corrected_at``), its snapshot goes to
  the outbox (``upsert``), the audit entry keeps old and new values and the reason, and a ``corrected``
  event ``{"changes": {field: {"from": old, "to": new}}, "reason": str}`` is appended to its history (synced
  like every event); the search indexes follow the content (triggers);
- a voided opinion cannot be corrected (the step rules refuse it with that reason).

A corrected category does not move a deadline already computed: deadlines are events of the handling.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from heshi_protocol.opinion_state import check_step
from heshi_protocol.payloads import opinion_payload
from heshi_protocol.vocab import EventKind
from heshi_station.db.models import Opinion, opinion_deputy
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.correction_base import NothingToCorrect, clean_reason, diff, json_value, record_correction
from heshi_station.ledger.dto import OpinionRecord
from heshi_station.ledger.errors import ValidationFailed
from heshi_station.ledger.normalise import clean_line, clean_name, clean_text, normalise_phone
from heshi_station.ledger.opinion_store import OpinionHandle, append_step, load_handle, load_opinion_records
from heshi_station.ledger.pinyin import initials
from heshi_station.ledger.reception_rules import long_text_errors, lookup, person_errors, reference_errors

FIELDS = ("content", "category_id", "proposer_name", "proposer_phone", "village", "deputy_ids", "confidential")
_OP = Opinion.__table__


@dataclass
class OpinionCorrection:
    """What to correct; ``None`` leaves a field as it is (``category_id=""`` clears the category)."""

    reason: str
    content: str | None = None
    category_id: str | None = None
    proposer_name: str | None = None
    proposer_phone: str | None = None
    village: str | None = None
    deputy_ids: list[str] | None = None
    confidential: bool | None = None


@dataclass(frozen=True)
class OpinionCorrected:
    record: OpinionRecord
    changes: dict[str, dict[str, Any]]
    reason: str


def correct_opinion(ledger: Ledger, opinion_id: str, correction: OpinionCorrection) -> OpinionCorrected:
    reason = clean_reason(correction.reason, "更正理由")
    wanted = {f: getattr(correction, f) for f in FIELDS if getattr(correction, f) is not None}
    with ledger.write() as s:
        h = load_handle(s, opinion_id, ledger.calendar())
        check_step(h.status, EventKind.CORRECTED)
        changes = apply_opinion_correction(ledger, s, h, wanted, reason)
        if not changes:
            raise NothingToCorrect()
        record = load_opinion_records(ledger, s, [h.id], with_timeline=True, handles={h.id: h})[0]
    return OpinionCorrected(record, changes, reason)


def _normalised(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for key, clean in (("content", clean_text), ("proposer_name", clean_name), ("village", clean_line),
                       ("proposer_phone", normalise_phone)):  # fmt: skip
        if key in out:
            out[key] = clean(out[key])
    if out.get("category_id") == "":
        out["category_id"] = None
    if "deputy_ids" in out:
        out["deputy_ids"] = sorted(dict.fromkeys(out["deputy_ids"]))
    if "confidential" in out:
        out["confidential"] = bool(out["confidential"])
    return out


def _errors(ledger: Ledger, s: Session, new: dict[str, Any], check_refs: bool) -> list:
    errors = long_text_errors("content", "意见内容", new["content"], required=True)
    errors += [
        e for e in person_errors("proposer_", "反映人", new["proposer_name"], new["proposer_phone"], new["village"],
                                 name_required=False, village_field="village")
    ]  # fmt: skip
    if check_refs:
        known = lookup(s, new["deputy_ids"], [new["category_id"]] if new["category_id"] else [], [])
        errors += reference_errors(known, "", "", new["category_id"], new["deputy_ids"])
    return errors


def apply_opinion_correction(
    ledger: Ledger, s: Session, h: OpinionHandle, wanted: dict[str, Any], reason: str, *, check_refs: bool = True
) -> dict[str, dict[str, Any]]:
    """Validate and write one opinion's correction in the caller's transaction; the changes ({} if none).

    Used by ``correct_opinion`` and by a reception's correction for the fields its opinions copied.
    """
    conn = s.connection()
    deputy_ids = sorted(conn.execute(select(opinion_deputy.c.deputy_id).where(opinion_deputy.c.opinion_id == h.id))
                        .scalars())  # fmt: skip
    old = {f: h.row[f] for f in FIELDS if f != "deputy_ids"} | {"deputy_ids": deputy_ids}
    new = old | _normalised(wanted)
    errors = _errors(ledger, s, new, check_refs)
    if errors:
        raise ValidationFailed(errors)
    changes = diff({k: json_value(v) for k, v in old.items()}, {k: json_value(v) for k, v in new.items()})
    if not changes:
        return {}
    now: datetime = ledger.now()
    values = {f: new[f] for f in FIELDS if f != "deputy_ids"}
    values.update(corrected_at=now, revision=(h.row["revision"] or 0) + 1)
    # search_text follows by trigger (migration 0010); the pinyin key needs pypinyin, so it is set here.
    values["proposer_initials"] = initials(new["proposer_name"]) if new["proposer_name"] else ""
    conn.execute(update(_OP).where(_OP.c.id == h.id).values(**values))
    if "deputy_ids" in changes:
        conn.execute(delete(opinion_deputy).where(opinion_deputy.c.opinion_id == h.id))
        if new["deputy_ids"]:
            conn.execute(insert(opinion_deputy), [{"opinion_id": h.id, "deputy_id": d} for d in new["deputy_ids"]])
    h.row.update(values)
    payload = opinion_payload(h.row, new["deputy_ids"])
    detail = {"reason": reason, "changes": changes, "revision": values["revision"]}
    record_correction(ledger, s, "opinion.correct", "opinion", h.id, payload, detail)
    last = h.status.last_event_at
    when = max(now, last) if last is not None else now
    append_step(ledger, s, h, EventKind.CORRECTED, when=when, note=reason, data={"changes": changes, "reason": reason})
    return changes

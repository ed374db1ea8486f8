"""What 更正 and 作废 share: their errors, the reason rule, and the audit + outbox rows of a correction.

Guarantee of ``record_correction``: the outbox gets the record's whole new snapshot (``upsert``) and the
audit entry keeps every changed field's old and new value, the reason and the new revision, both written
in the caller's transaction.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from heshi_station.db.models import AuditEntry, OutboxEntry
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.errors import LedgerError, ValidationFailed
from heshi_station.ledger.normalise import MAX_REASON, clean_text, text_problem
from heshi_station.ledger.validation import required_problem


class NothingToCorrect(LedgerError):
    """The corrected values equal the saved ones."""

    def __init__(self) -> None:
        super().__init__("没有需要更正的内容：填写的新值与原记录相同。")


class AlreadyVoided(LedgerError):
    """The record was voided (作废); it can be neither corrected nor voided again."""


def clean_reason(reason: Any, label: str) -> str:
    """A reason, normalised; refused (ValidationFailed naming ``label``) when empty, too long or with control
    characters."""
    text = clean_text(reason)
    if p := required_problem(text) or text_problem(text, MAX_REASON):
        raise ValidationFailed.single("reason", label, p)
    return text


def json_value(value: Any) -> Any:
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``{field: {"from": old, "to": new}}`` for every field whose value differs."""
    return {k: {"from": old[k], "to": new[k]} for k in new if old[k] != new[k]}


def record_correction(
    ledger: Ledger, s: Session, action: str, entity: str, entity_id: str, payload: dict, detail: dict
) -> None:
    """The outbox snapshot (upsert) and the audit entry with ``detail`` (changes, reason …) of one change."""
    audit, outbox = ledger.change_rows(action, entity, entity_id, payload, "upsert")
    audit["detail"] = {"op": "upsert", **detail}
    conn = s.connection()
    conn.execute(insert(AuditEntry.__table__), [audit])
    conn.execute(insert(OutboxEntry.__table__), [outbox])

"""The one schema of everything a station and the centre send each other, imported by both sides.

- ``record_problems(entity, payload)``: what is wrong with a record a station pushes (each entity's model
  in ``records``; an ``opinion_event`` also by its kind's ``data``);
- ``event_problems(event)``: what is wrong with one handling event (wire dict or in-memory event);
- ``change_problems(kind, payload)``: what is wrong with one change a station pulls;
- ``PushBody`` / ``PullPage``: the envelopes (pydantic models; the centre parses push bodies with them).

Guarantees: the ``*_problems`` functions never raise on any input; they return Chinese sentences that
name the field (Chinese name and wire path), at most a handful, empty when the value is good. The
models are strict: JSON types exactly, no unknown fields in records, codes from ``vocab``, real dates
(ISO, years 1949–2100), times with a time zone, text without control characters or lone surrogates.
"""

from __future__ import annotations

from typing import Any

from heshi_protocol.schemas.events import DATA_MODELS, EventPayload, event_problems
from heshi_protocol.schemas.fields import problems_of
from heshi_protocol.schemas.pages import CHANGE_MODELS, PullPage, PushBody, PushOp, change_problems
from heshi_protocol.schemas.records import RECORD_MODELS

# A record's JSON text may be at most this long (UTF-8 bytes); the centre refuses longer ones.
MAX_RECORD_BYTES = 256 * 1024


def record_problems(entity: Any, payload: Any) -> list[str]:
    """Chinese problems of a record of ``entity`` a station pushes (empty: the centre can store it).
    Never raises."""
    try:
        if entity == "opinion_event":
            return event_problems(payload)
        model = RECORD_MODELS.get(entity) if isinstance(entity, str) else None
        if model is None:
            return [f"未知的记录类型：{str(entity)[:40]}"]
        # Records allow no free-form values (every field is typed, no unknown fields), so no JSON walk.
        return problems_of(model, payload)
    except Exception:
        return ["记录内容无法读取"]


__all__ = [
    "CHANGE_MODELS",
    "DATA_MODELS",
    "MAX_RECORD_BYTES",
    "RECORD_MODELS",
    "EventPayload",
    "PullPage",
    "PushBody",
    "PushOp",
    "change_problems",
    "event_problems",
    "record_problems",
]

"""The wire format shared by the station client and the centre (plain JSON, gzip on the wire).

Guarantees:
- every request carries the protocol version, the station code and the client's clock in headers;
- bodies are JSON (UTF-8) compressed with gzip; ``decode_body`` refuses bodies that inflate past a bound
  (a corrupt or hostile body cannot exhaust memory);
- an outbox row becomes exactly one op dict (``op_from_outbox``) and the same op always encodes the same.

Push request  ``{"after": N, "epoch": str|null, "ops": [{"seq", "op_id", "entity", "entity_id", "op",
"payload"}]}``: ``after`` is the station's sequence number just before the first op.
Push reply    ``{"epoch", "cursor", "first_seq", "last_seq", "statuses": "aadr…", "rejections": [{"seq", "code",
"message"}]}``: one letter per op (applied / duplicate / rejected) keeps the reply tiny on the wire.
Pull reply    ``{"epoch", "changes": [{"seq", "kind", "entity_id", "payload"}], "next_since", "more"}``.
Errors        ``{"code": str, "message": str (Chinese), ...}`` with a non-2xx status.
"""

from __future__ import annotations

import gzip
import json
import zlib
from datetime import UTC, datetime

PROTOCOL_VERSION = 1
MIN_PROTOCOL = 1
MAX_PROTOCOL = 1

HEADER_PROTOCOL = "X-Heshi-Protocol"
HEADER_STATION = "X-Heshi-Station"
HEADER_CLIENT_TIME = "X-Heshi-Client-Time"

MAX_INFLATED_BYTES = 64 * 1024 * 1024
MAX_OPS_PER_BATCH = 5000
MAX_CLOCK_SKEW_SECONDS = 3600

STATUS_APPLIED = "applied"
STATUS_DUPLICATE = "duplicate"
STATUS_REJECTED = "rejected"

# Entities a station may push; the centre rejects anything else (code "unknown_entity").
STATION_ENTITIES = frozenset(
    {
        "station",
        "deputy",
        "handling_unit",
        "category",
        "reception",
        "opinion",
        "opinion_event",
        "reception_day",
        "attendance",
        # deputies' duties (issue 14)
        "duty_activity",
        "report_back",
        "project_vote",
        "training",
    }
)
APPEND_ONLY_ENTITIES = frozenset({"opinion_event"})

# Kinds of centre-owned changes the station pulls.
PULL_KINDS = ("deputy", "handling_unit", "category", "calendar_year", "opinion_event")


class BodyTooLarge(ValueError):
    """A request or reply body inflates past ``MAX_INFLATED_BYTES``."""


def encode_json(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def encode_body(obj, level: int = 6) -> bytes:
    """JSON, gzip-compressed (mtime 0 so the same object always gives the same bytes)."""
    return gzip.compress(encode_json(obj), compresslevel=level, mtime=0)


def encode_push_body(after: int, epoch: str | None, encoded_ops: list[bytes], level: int = 6) -> bytes:
    """The gzip push body from ops already encoded with ``encode_json`` (each op is encoded once)."""
    head = encode_json({"after": after, "epoch": epoch})[:-1] + b',"ops":['
    return gzip.compress(head + b",".join(encoded_ops) + b"]}", compresslevel=level, mtime=0)


def inflate(data: bytes, limit: int = MAX_INFLATED_BYTES) -> bytes:
    """Gunzip ``data``; raise BodyTooLarge past ``limit`` bytes and ValueError if it is not gzip."""
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(data, limit + 1)
    except zlib.error as exc:
        raise ValueError(f"not a gzip body: {exc}") from exc
    if len(out) > limit or d.unconsumed_tail:
        raise BodyTooLarge(f"body inflates past {limit} bytes")
    if not d.eof:
        raise ValueError("truncated gzip body")
    return out


def decode_body(data: bytes, content_encoding: str = "gzip"):
    raw = inflate(data) if content_encoding.strip().lower() == "gzip" else data
    return json.loads(raw.decode("utf-8"))


def op_from_outbox(row) -> dict:
    """The wire form of one outbox row (an ``OutboxEntry`` or anything with the same attributes)."""
    return {
        "seq": row.seq,
        "op_id": row.op_id,
        "entity": row.entity,
        "entity_id": row.entity_id,
        "op": row.op,
        "payload": row.payload,
    }


def utc_now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def parse_time(text: str) -> datetime | None:
    try:
        value = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return value if value.tzinfo is not None else None


STATUS_LETTERS = {STATUS_APPLIED: "a", STATUS_DUPLICATE: "d", STATUS_REJECTED: "r"}
LETTER_STATUS = {v: k for k, v in STATUS_LETTERS.items()}


def compact_answers(answers) -> dict:
    """Per-op answers (objects with seq, status, code, message) in the compact reply form."""
    return {
        "first_seq": answers[0].seq if answers else None,
        "last_seq": answers[-1].seq if answers else None,
        "statuses": "".join(STATUS_LETTERS[a.status] for a in answers),
        "rejections": [
            {"seq": a.seq, "code": a.code, "message": a.message} for a in answers if a.status == STATUS_REJECTED
        ],
    }

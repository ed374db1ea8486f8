"""Compact JSON text of a value, fast: what the push stores and sends to PostgreSQL (records, projected rows).

Guarantees:
- ``dumps(value)`` is JSON text of the same value as ``json.dumps(value, ensure_ascii=False,
  separators=(",", ":"))`` (characters kept as they are, no spaces); dates and times, which ``json.dumps``
  refuses, become their ISO text;
- orjson writes it (a push's largest Python cost was ``json.dumps``: about 10× faster); what orjson cannot
  write — a lone surrogate, an integer beyond 64 bits, a non-string key — falls back to ``json.dumps``, so a
  value is never refused here that was accepted before (the record's own validation decides about it).
"""

from __future__ import annotations

import json
from datetime import date

import orjson


def _iso(value):
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def dumps(value) -> str:
    """Compact JSON text of ``value`` (see the module's guarantees)."""
    try:
        return orjson.dumps(value).decode("utf-8")
    except (orjson.JSONEncodeError, TypeError):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_iso)

"""Sync settings kept with the ledger (centre address, auto-sync on/off) and the last sync's outcome.

The token is NOT here: it lives in the OS keyring (``credentials``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from heshi_station.ledger import reference_data
from heshi_station.ledger.context import Ledger

CENTRE_URL = "sync.centre_url"
AUTO_SYNC = "sync.auto"
LAST_RESULT = "sync.last_result"


def centre_url(ledger: Ledger) -> str:
    return reference_data.get_setting(ledger, CENTRE_URL, "")


def set_centre_url(ledger: Ledger, url: str) -> str:
    """Check and store the centre address (raises InsecureAddress / NotConfigured)."""
    from heshi_station.sync.client import check_address  # requests: loaded only when it is needed

    url = check_address(url)
    reference_data.set_setting(ledger, CENTRE_URL, url)
    return url


def auto_sync_enabled(ledger: Ledger) -> bool:
    return reference_data.get_setting(ledger, AUTO_SYNC, "1") == "1"


def set_auto_sync(ledger: Ledger, enabled: bool) -> None:
    reference_data.set_setting(ledger, AUTO_SYNC, "1" if enabled else "0")


@dataclass(frozen=True)
class LastSync:
    """What 工作台 shows: when the last sync ended, whether it worked, and a one-line summary."""

    at: datetime
    ok: bool
    summary: str


def last_sync(ledger: Ledger) -> LastSync | None:
    text = reference_data.get_setting(ledger, LAST_RESULT, "")
    if not text:
        return None
    try:
        d = json.loads(text)
        return LastSync(at=datetime.fromisoformat(d["at"]), ok=bool(d["ok"]), summary=str(d["summary"]))
    except (ValueError, KeyError, TypeError):
        return None


def last_sync_json(at: datetime, ok: bool, summary: str) -> str:
    return json.dumps({"at": at.isoformat(), "ok": ok, "summary": summary}, ensure_ascii=False)

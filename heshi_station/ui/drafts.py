"""The crash-safe draft of the open form, kept as JSON next to the ledger file.

Guarantees:
- ``DraftStore.write`` replaces the draft atomically (temporary file, fsync, ``os.replace``): after a
  crash or power cut the file holds either the previous draft or the new one, never half of one;
- ``read`` returns None for a missing, unreadable or foreign file (a damaged draft never stops the
  program from starting; it is logged and left in place for the IT helper);
- the draft is only a copy of what the clerk typed: nothing in it is ledger data until the form is saved
  through the ledger's operations.

No Qt here: the form turns itself into a plain dict (``form_state``) and back.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

DRAFT_FORMAT = "heshi-station form draft"
DRAFT_VERSION = 1


def draft_path_for(ledger_path: Path, form: str = "reception") -> Path:
    """``ledger.sqlite3`` → ``ledger.reception-draft.json`` in the same folder."""
    return ledger_path.with_name(f"{ledger_path.stem}.{form}-draft.json")


class DraftStore:
    """One form's draft file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def write(self, state: dict[str, Any], *, saved_at: datetime | None = None) -> None:
        payload = {
            "format": DRAFT_FORMAT,
            "version": DRAFT_VERSION,
            "saved_at": (saved_at or datetime.now().astimezone()).isoformat(timespec="seconds"),
            "state": state,
        }
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump(payload, fh, ensure_ascii=False, indent=1)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except OSError as exc:
            # A draft that cannot be written must never stop the clerk typing or saving; the log says why.
            log.warning("无法写入草稿 %s：%s", self.path, exc)

    def read(self) -> tuple[dict[str, Any], str] | None:
        """``(state, saved_at)`` of the stored draft, or None."""
        try:
            payload = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("草稿文件无法读取，已忽略：%s（%s）", self.path, exc)
            return None
        if (
            not isinstance(payload, dict)
            or payload.get("format") != DRAFT_FORMAT
            or not isinstance(payload.get("state"), dict)
        ):
            log.warning("草稿文件格式不对，已忽略：%s", self.path)
            return None
        return payload["state"], str(payload.get("saved_at", ""))

    def clear(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("无法删除草稿 %s：%s", self.path, exc)

    def exists(self) -> bool:
        return self.path.is_file()

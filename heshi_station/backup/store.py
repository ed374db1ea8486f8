"""The backup folder's contents: how backup files are named, listed and rotated (pure file-name logic).

A backup file is named ``ledger-YYYYMMDD-HHMMSS-<kind>.sqlite3`` (local time). Kinds:
``auto`` (taken at start, at most one a day — the only kind rotation deletes), ``manual`` (the clerk's
"back up now"), ``before-restore`` (the ledger as it was just before a restore). The pre-upgrade copies
``open_ledger`` writes (``<stem>-升级前-<rev>-YYYYMMDD-HHMMSS.sqlite3``) are listed as ``upgrade``.
Rotation never touches anything but ``auto`` backups.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

KIND_LABELS = {"auto": "自动", "manual": "手动", "before-restore": "恢复前", "upgrade": "升级前"}
KEEP_DAILY = 14
KEEP_MONTHLY = 12

_OURS = re.compile(r"^ledger-(\d{8}-\d{6})-(auto|manual|before-restore)(?:-\d+)?\.sqlite3$")
_UPGRADE = re.compile(r"^.+-升级前-[0-9A-Za-z_]+-(\d{8}-\d{6})\.sqlite3$")
_STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class BackupInfo:
    """One backup file in the folder (read from its name and size; the file itself is not opened)."""

    path: Path
    taken_at: datetime
    kind: str
    size: int

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


def backup_name(taken_at: datetime, kind: str) -> str:
    if kind not in KIND_LABELS or kind == "upgrade":
        raise ValueError(f"unknown backup kind {kind!r}")
    return f"ledger-{taken_at.strftime(_STAMP)}-{kind}.sqlite3"


def free_name(folder: Path, taken_at: datetime, kind: str) -> Path:
    """A backup path in ``folder`` that does not exist yet (a counter is added within the same second)."""
    base = backup_name(taken_at, kind)
    candidate = folder / base
    n = 1
    while candidate.exists():
        candidate = folder / base.replace(".sqlite3", f"-{n}.sqlite3")
        n += 1
    return candidate


def parse_backup(path: Path) -> BackupInfo | None:
    """The BackupInfo for a file named like one of ours, else None."""
    for pattern, kind in ((_OURS, None), (_UPGRADE, "upgrade")):
        m = pattern.match(path.name)
        if m:
            try:
                taken_at = datetime.strptime(m.group(1), _STAMP)
                size = path.stat().st_size
            except (ValueError, OSError):
                return None
            return BackupInfo(path, taken_at, kind or m.group(2), size)
    return None


def list_backups(folder: Path) -> list[BackupInfo]:
    """Backups in ``folder``, newest first (an absent folder has none)."""
    if not folder.is_dir():
        return []
    found = [info for p in folder.iterdir() if p.is_file() and (info := parse_backup(p))]
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def to_keep(backups: Iterable[BackupInfo], daily: int = KEEP_DAILY, monthly: int = KEEP_MONTHLY) -> set[Path]:
    """Which automatic backups rotation keeps: the newest of each of the last ``daily`` days that have one,
    and the newest of each of the last ``monthly`` months that have one. Other kinds are always kept."""
    keep: set[Path] = set()
    per_day: dict[object, BackupInfo] = {}
    per_month: dict[object, BackupInfo] = {}
    for b in sorted(backups, key=lambda b: (b.taken_at, b.path.name), reverse=True):
        if b.kind != "auto":
            keep.add(b.path)
            continue
        per_day.setdefault(b.taken_at.date(), b)
        per_month.setdefault((b.taken_at.year, b.taken_at.month), b)
    for bucket, count in ((per_day, daily), (per_month, monthly)):
        for key in sorted(bucket, reverse=True)[:count]:
            keep.add(bucket[key].path)
    return keep


def rotate(folder: Path, daily: int = KEEP_DAILY, monthly: int = KEEP_MONTHLY) -> list[Path]:
    """Delete the automatic backups ``to_keep`` does not keep; returns what was deleted."""
    backups = list_backups(folder)
    keep = to_keep(backups, daily, monthly)
    removed = []
    for b in backups:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    return removed

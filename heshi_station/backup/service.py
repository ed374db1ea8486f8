"""Taking backups of a ledger: the backup folder setting, manual and automatic backups.

Guarantees:
- a backup is written with SQLite's online backup API to ``<name>.part``, checked with
  ``PRAGMA integrity_check`` and only then renamed into place (``migrate.backup_to``): the folder never
  holds a half-written file under a backup's name;
- before writing, the free space of the target drive is compared with the ledger's size, so a full USB
  drive is reported before anything is written;
- when the copy fails its check because the *ledger itself* is damaged, ``LedgerDamaged`` is raised (the
  clerk must restore), not a generic backup failure;
- ``auto_backup`` takes at most one automatic backup per calendar day and then rotates the folder
  (14 daily + 12 monthly automatic backups are kept; manual ones are never deleted automatically).
"""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from heshi_station.backup.store import BackupInfo, free_name, list_backups, parse_backup, rotate
from heshi_station.db.migrate import BackupFailed, backup_to, integrity_errors
from heshi_station.ledger import reference_data
from heshi_station.ledger.context import Ledger
from heshi_station.paths import data_dir, demo_dir, is_demo_ledger
from heshi_station.storage_errors import (
    LedgerDamaged,
    StorageError,
    disk_full,
    folder_unavailable,
    ledger_damaged,
    storage_guard,
)

BACKUP_FOLDER_SETTING = "backup.folder"
# Room the copy needs beyond the ledger's own size (the .part file plus SQLite's slack).
_SPACE_MARGIN = 1.1


def default_backup_folder(ledger: Ledger | Path | str | None = None) -> Path:
    """``<data dir>/backups``; for the demo ledger ``<data dir>/demo/backups``, so a demo backup is never
    listed (or offered for restore) as the real station's."""
    path = ledger_file(ledger) if isinstance(ledger, Ledger) else ledger
    if path is not None and is_demo_ledger(path):
        return demo_dir() / "backups"
    return data_dir() / "backups"


def ledger_file(ledger: Ledger) -> Path:
    return Path(ledger.engine.url.database)


def backup_folder(ledger: Ledger) -> Path:
    """The configured backup folder, or ``<data dir>/backups``."""
    configured = reference_data.get_setting(ledger, BACKUP_FOLDER_SETTING, "")
    return Path(configured) if configured else default_backup_folder(ledger)


def check_folder_writable(folder: Path) -> None:
    """Create ``folder`` if needed and prove a file can be written there (raises FolderNotWritable/DiskFull)."""
    probe = folder / f".heshi-probe-{uuid.uuid4().hex}"
    with storage_guard(folder):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except (FileNotFoundError, NotADirectoryError) as exc:
            raise folder_unavailable(folder, exc) from exc
        probe.write_bytes(b"probe")
        probe.unlink()


def set_backup_folder(ledger: Ledger, folder: Path | str | None) -> Path:
    """Store the backup folder (None or "" means the default) after checking it can be written."""
    target = Path(folder) if folder else default_backup_folder(ledger)
    check_folder_writable(target)
    reference_data.set_setting(ledger, BACKUP_FOLDER_SETTING, str(target) if folder else "")
    return target


def _local_naive(moment: datetime) -> datetime:
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment


def backup_file(source: Path, folder: Path, *, kind: str = "manual", when: datetime | None = None) -> BackupInfo:
    """Back up the ledger file ``source`` into ``folder`` as a verified copy; returns the new backup."""
    taken_at = _local_naive(when or datetime.now())
    check_folder_writable(folder)
    needed = int((source.stat().st_size + _wal_size(source)) * _SPACE_MARGIN)
    if shutil.disk_usage(folder).free < needed:
        raise disk_full(folder)
    target = free_name(folder, taken_at, kind)
    try:
        with storage_guard(target):
            backup_to(source, target)
    except BackupFailed as exc:
        # The copy is checked, not the live file: find out which of the two is at fault.
        if integrity_errors(source):
            raise ledger_damaged(source, exc) from exc
        raise
    except StorageError as exc:
        if isinstance(exc, LedgerDamaged) or integrity_errors(source):
            raise ledger_damaged(source, exc.cause) from exc
        raise
    info = parse_backup(target)
    assert info is not None  # we named it
    return info


def _wal_size(source: Path) -> int:
    wal = source.with_name(source.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def take_backup(
    ledger: Ledger, folder: Path | None = None, *, kind: str = "manual", when: datetime | None = None
) -> BackupInfo:
    """Back up an open ledger (to ``folder`` or the configured backup folder)."""
    return backup_file(ledger_file(ledger), folder or backup_folder(ledger), kind=kind, when=when or ledger.now())


@dataclass
class AutoBackupResult:
    """What ``auto_backup`` did: ``taken`` is None when today's backup already existed."""

    folder: Path
    taken: BackupInfo | None = None
    removed: list[Path] = field(default_factory=list)
    #: Set when the configured folder could not be used and the default folder was used instead.
    fallback_reason: str = ""


def auto_backup(ledger: Ledger, folder: Path | None = None, *, when: datetime | None = None) -> AutoBackupResult:
    """Take today's automatic backup unless one exists, then rotate. Call at start and e.g. hourly.

    If the configured folder (say a USB drive that is not plugged in) cannot be written, the backup goes to
    the default folder and ``fallback_reason`` says why; a damaged ledger raises ``LedgerDamaged``.
    """
    moment = _local_naive(when or ledger.now())
    target = folder or backup_folder(ledger)
    result = AutoBackupResult(target)
    try:
        check_folder_writable(target)
    except StorageError as exc:
        fallback = default_backup_folder(ledger)
        if target == fallback:
            raise
        result.folder, result.fallback_reason = fallback, str(exc)
        target = fallback
    already = [b for b in list_backups(target) if b.kind == "auto" and b.taken_at.date() == moment.date()]
    if not already:
        result.taken = backup_file(ledger_file(ledger), target, kind="auto", when=moment)
    result.removed = rotate(target)
    return result


def folder_problem(folder: Path) -> str:
    """A Chinese sentence if ``folder`` cannot take backups now ("" when it can)."""
    try:
        check_folder_writable(folder)
    except StorageError as exc:
        return str(exc)
    return ""


__all__ = [
    "BACKUP_FOLDER_SETTING",
    "AutoBackupResult",
    "auto_backup",
    "backup_file",
    "backup_folder",
    "check_folder_writable",
    "default_backup_folder",
    "folder_problem",
    "ledger_file",
    "set_backup_folder",
    "take_backup",
]

"""Restoring the ledger from a backup file.

Guarantees of ``restore``:
- the chosen file is checked first, read-only: it must be an SQLite file holding a heshi ledger, pass
  ``integrity_check`` and have a schema revision this program knows (not newer); otherwise a specific
  ``LedgerFileError`` is raised and nothing anywhere is changed (the chosen file stays byte-identical);
- a file whose station (the Station row's id or code) differs from the current ledger's is refused with
  ``DifferentStation`` unless the caller passes ``confirm=True``;
- the current ledger is first kept as a verified ``before-restore`` backup (a damaged ledger, which cannot
  pass a check, is kept as a raw file copy instead);
- the content is replaced in one SQLite transaction with the backup API (the ledger is at the old or the
  new content after a crash or a full disk, never in between); connections the app holds open see the new
  content; a backup from an older schema is then migrated (after its own verified backup).
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from heshi_station.backup.service import backup_file, default_backup_folder
from heshi_station.backup.store import free_name
from heshi_station.db.engine import BUSY_TIMEOUT_MS
from heshi_station.db.migrate import (
    DatabaseTooNew,
    LedgerFileError,
    NotALedgerFile,
    backup_to,
    current_revision,
    head_revision,
    integrity_errors,
    known_revisions,
    open_ledger,
)
from heshi_station.storage_errors import ledger_damaged, storage_guard


@dataclass(frozen=True)
class StationIdentity:
    id: str
    code: str
    name: str

    def same_station(self, other: StationIdentity) -> bool:
        return self.id == other.id and self.code == other.code


@dataclass(frozen=True)
class BackupCheck:
    """What a backup file holds, read without changing it."""

    path: Path
    revision: str
    station: StationIdentity | None
    receptions: int
    opinions: int


class DifferentStation(LedgerFileError):
    """The backup belongs to another station; restoring it needs the clerk's explicit confirmation."""

    def __init__(self, current: StationIdentity, incoming: StationIdentity | None) -> None:
        theirs = f"“{incoming.name}”（编码 {incoming.code}）" if incoming else "尚未设置联络站的台账"
        super().__init__(
            f"这个备份属于{theirs}，不是本站“{current.name}”（编码 {current.code}）的台账。"
            "恢复后本站现在的台账会被替换（替换前会另存一份备份）。确实要恢复，请再次确认。"
        )
        self.current, self.incoming = current, incoming


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def read_station(path: Path) -> StationIdentity | None:
    """The Station row of a ledger file (None when the station is not set up yet)."""
    con = _read_only(path)
    try:
        row = con.execute("SELECT id, code, name FROM station LIMIT 1").fetchone()
    finally:
        con.close()
    return StationIdentity(*row) if row else None


def inspect_backup(path: Path | str) -> BackupCheck:
    """Check a would-be backup file without writing to it; raises a specific LedgerFileError if unusable."""
    path = Path(path)
    if not path.is_file():
        raise NotALedgerFile(f"找不到备份文件 {path}。")
    revision = current_revision(path)
    if revision is None:
        raise NotALedgerFile(f"{path} 不是台账备份（文件是空的或没有台账数据）。文件未被改动。")
    if revision not in known_revisions():
        raise DatabaseTooNew(path, revision)
    problems = integrity_errors(path)
    if problems:
        raise ledger_damaged(path, sqlite3.DatabaseError("; ".join(problems[:3])))
    try:
        con = _read_only(path)
        try:
            receptions = con.execute("SELECT count(*) FROM reception").fetchone()[0]
            opinions = con.execute("SELECT count(*) FROM opinion").fetchone()[0]
        finally:
            con.close()
        station = read_station(path)
    except sqlite3.DatabaseError as exc:
        raise NotALedgerFile(f"{path} 不是本程序的台账备份（{exc}）。文件未被改动。") from exc
    return BackupCheck(path, revision, station, receptions, opinions)


@dataclass(frozen=True)
class RestoreResult:
    check: BackupCheck
    #: The ledger as it was before the restore (None if there was no ledger yet).
    kept_as: Path | None


def _current_state(ledger_path: Path) -> tuple[bool, StationIdentity | None]:
    """(is the current ledger sound, its station)."""
    if not ledger_path.exists() or ledger_path.stat().st_size == 0:
        return True, None
    if integrity_errors(ledger_path):
        return False, None
    try:
        return True, read_station(ledger_path)
    except sqlite3.DatabaseError:
        return True, None


def restore(
    ledger_path: Path | str,
    backup: Path | str,
    *,
    backup_folder: Path | None = None,
    confirm: bool = False,
    when: datetime | None = None,
) -> RestoreResult:
    """Replace the ledger at ``ledger_path`` with the content of ``backup`` (see the module's guarantees)."""
    ledger_path, backup = Path(ledger_path), Path(backup)
    folder = backup_folder or default_backup_folder(ledger_path)
    check = inspect_backup(backup)
    sound, current = _current_state(ledger_path)
    if current is not None and not confirm and (check.station is None or not current.same_station(check.station)):
        raise DifferentStation(current, check.station)

    kept_as: Path | None = None
    exists = ledger_path.exists() and ledger_path.stat().st_size > 0
    if exists and sound:
        kept_as = backup_file(ledger_path, folder, kind="before-restore", when=when).path
    elif exists:
        kept_as = _keep_damaged(ledger_path, folder, when)

    with storage_guard(ledger_path):
        ledger_path.parent.mkdir(parents=True, exist_ok=True)
        if sound:
            _copy_in_one_transaction(backup, ledger_path)
        else:
            _replace_file(backup, ledger_path)
    if check.revision != head_revision():
        open_ledger(ledger_path, backup_dir=folder).dispose()
    return RestoreResult(check, kept_as)


def _copy_in_one_transaction(backup: Path, ledger_path: Path) -> None:
    """SQLite's backup API into the live file: one write transaction, WAL-aware, other connections follow."""
    src = _read_only(backup)
    dst = sqlite3.connect(ledger_path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _keep_damaged(ledger_path: Path, folder: Path, when: datetime | None) -> Path:
    """A raw copy of a damaged ledger (with its WAL): it cannot pass a check, but it is the clerk's data."""
    target = free_name(folder, (when or datetime.now()).replace(tzinfo=None), "before-restore")
    target = target.with_name(target.stem + "-damaged.bin")
    with storage_guard(target):
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ledger_path, target)
        wal = ledger_path.with_name(ledger_path.name + "-wal")
        if wal.exists():
            shutil.copy2(wal, target.with_name(target.name + "-wal"))
    return target


def _replace_file(backup: Path, ledger_path: Path) -> None:
    """For a damaged ledger: a verified copy beside it, then the old file, WAL and index are swapped out."""
    staged = ledger_path.with_name(ledger_path.name + ".restoring")
    backup_to(backup, staged)
    for suffix in ("-wal", "-shm"):
        ledger_path.with_name(ledger_path.name + suffix).unlink(missing_ok=True)
    staged.replace(ledger_path)
    if integrity_errors(ledger_path):  # pragma: no cover - backup_to verified the staged copy
        raise ledger_damaged(ledger_path)

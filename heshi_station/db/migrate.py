"""Opening a ledger file safely: refuse what we cannot read, back up before upgrading, then migrate.

Guarantees of ``open_ledger``:
- a file that is not an SQLite database, is damaged, or was written by a newer schema than this program
  knows is refused with a specific exception and left byte-for-byte untouched;
- before an existing file is migrated, a copy is taken with SQLite's online backup API and checked with
  ``PRAGMA integrity_check``; if the copy is not sound, nothing is migrated;
- a migration runs in one transaction: after a crash the file is at the old or the new revision.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from heshi_protocol.errors import UserFacingError
from heshi_station.db.engine import create_ledger_engine, write_engine
from heshi_station.db.schema_version import HEAD_REVISION, REVISIONS
from heshi_station.private_files import create_private, make_private

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_HEADER = b"SQLite format 3\x00"


class LedgerFileError(UserFacingError):
    """The ledger file cannot be opened; the message says why and what to do, in Chinese."""


class NotALedgerFile(LedgerFileError):
    pass


class DatabaseTooNew(LedgerFileError):
    def __init__(self, path: Path, revision: str) -> None:
        super().__init__(
            f"台账文件 {path} 由更新版本的程序写入（数据库版本 {revision}），本程序无法识别。"
            "请升级程序后再打开；文件未被改动。"
        )
        self.revision = revision


class DatabaseDamaged(LedgerFileError):
    pass


class BackupFailed(LedgerFileError):
    pass


def alembic_config():
    """Alembic's configuration for the ledger's migrations (imports Alembic: only when migrating)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    return HEAD_REVISION


def known_revisions() -> set[str]:
    return set(REVISIONS)


def current_revision(path: Path) -> str | None:
    """The schema revision of an existing file, read without writing to it (None: no schema yet)."""
    with path.open("rb") as fh:
        header = fh.read(16)
    if header and header != SQLITE_HEADER:
        raise NotALedgerFile(f"{path} 不是台账数据库文件（不是 SQLite 格式）。文件未被改动。")
    if not header:
        return None
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "alembic_version" not in tables:
                if tables:
                    raise NotALedgerFile(f"{path} 是 SQLite 文件，但不是本程序的台账数据库。文件未被改动。")
                return None
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        if not _is_damage(exc):
            raise  # a read-only folder, a lock, a full disk: not damage (storage_errors explains these)
        raise DatabaseDamaged(f"台账文件 {path} 已损坏，无法读取（{exc}）。请从备份恢复；文件未被改动。") from exc
    return row[0] if row else None


def _is_damage(exc: sqlite3.DatabaseError) -> bool:
    """Whether SQLite says the file's content is bad (rather than that it cannot be read or written now)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return not isinstance(exc, sqlite3.OperationalError)
    return code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def integrity_errors(path: Path) -> list[str]:
    """``PRAGMA integrity_check`` of a file: an empty list means the file is sound."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = [r[0] for r in con.execute("PRAGMA integrity_check")]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        if not _is_damage(exc):
            raise
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def backup_to(source: Path, target: Path) -> Path:
    """Copy a live ledger with SQLite's backup API and verify the copy; raises BackupFailed otherwise."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    try:
        _remove_partial(tmp)  # a leftover of an interrupted backup is garbage, and may be world-readable
        create_private(tmp)  # the copy holds personal data: owner only from its first byte
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            # A backup is one self-contained file: no -wal/-shm companions to lose when it is copied.
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
            src.close()
    except (sqlite3.Error, OSError) as exc:
        _remove_partial(tmp)
        raise BackupFailed(f"备份台账到 {target} 失败：{exc}") from exc
    try:
        problems = integrity_errors(tmp)
    except sqlite3.Error:
        _remove_partial(tmp)
        raise
    if problems:
        _remove_partial(tmp)
        raise BackupFailed(f"备份文件 {target} 校验未通过：{problems[:3]}")
    tmp.replace(target)
    _remove_partial(tmp)  # any -wal/-shm/-journal a reader left beside the copy
    return target


def _remove_partial(tmp: Path) -> None:
    """Remove a failed copy and the rollback journal SQLite leaves beside it (e.g. after a full disk)."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        tmp.with_name(tmp.name + suffix).unlink(missing_ok=True)


def open_ledger(path: Path | str, *, backup_dir: Path | None = None) -> Engine:
    """Open (creating or upgrading as needed) the ledger at ``path`` and return its engine."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    head = head_revision()
    revision = current_revision(path) if path.exists() else None
    if revision is None and not path.exists():
        create_private(path)  # a new ledger is readable by its owner only from the start
    if revision is not None and revision not in known_revisions():
        raise DatabaseTooNew(path, revision)
    if revision is not None and revision != head:
        problems = integrity_errors(path)
        if problems:
            raise DatabaseDamaged(f"台账文件 {path} 校验未通过，未升级：{problems[:3]}。请从备份恢复。")
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        folder = backup_dir or path.parent / "backups"
        backup_to(path, folder / f"{path.stem}-升级前-{revision}-{stamp}.sqlite3")
    engine = create_ledger_engine(path)
    if revision != head:
        from alembic import command

        cfg = alembic_config()
        with write_engine(engine).connect() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.commit()
    make_private(path)  # a ledger made by an older version (0644) is tightened once it opened as a ledger
    return engine

"""Turning what the disk and SQLite say into one clear Chinese sentence that tells the clerk what to do.

The four storage failures a station PC meets — a full disk, a folder it may not write, a ledger another
program holds locked, a damaged file — arrive as ``sqlite3`` errors (often wrapped by SQLAlchemy) or as
``OSError``. ``explain(exc)`` maps them to one of the ``StorageError`` subclasses below; ``storage_guard()``
re-raises them that way. Both are pure translation: they never write anything.

Why nothing is half-written when these happen: every ledger write is one SQLite transaction
(``Ledger.write``), so SQLite rolls back the whole operation on SQLITE_FULL / SQLITE_BUSY / SQLITE_READONLY;
backups are written to a ``.part`` file and renamed only after ``integrity_check`` passed.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from heshi_station.db.migrate import DatabaseDamaged, LedgerFileError

RESTORE_HINT = "请在“设置 → 备份与恢复”中选择最近的备份恢复（或运行 heshi-station restore 备份文件）"


class StorageError(LedgerFileError):
    """A storage failure explained in Chinese; ``.cause`` keeps the original exception for the log."""

    def __init__(self, message: str, cause: BaseException | None = None) -> None:
        super().__init__(message)
        self.cause = cause


class DiskFull(StorageError):
    """No space left (SQLITE_FULL, ENOSPC, EDQUOT)."""


class FolderNotWritable(StorageError):
    """The folder or file may not be written (read-only drive, missing permission)."""


class LedgerLocked(StorageError):
    """Another program held the ledger's write lock for longer than the busy timeout."""


class LedgerDamaged(StorageError, DatabaseDamaged):
    """The file's pages are damaged (SQLITE_CORRUPT / SQLITE_NOTADB)."""


class DiskIOError(StorageError):
    """The drive failed to read or write (e.g. a USB drive pulled out mid-write)."""


def _where(path: Path | str | None) -> str:
    return f"（{path}）" if path else ""


def _sqlite_error(exc: BaseException) -> sqlite3.Error | None:
    """The sqlite3 error inside ``exc`` (SQLAlchemy keeps it as ``.orig``; chains keep it as ``__cause__``)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, sqlite3.Error):
            return current
        orig = getattr(current, "orig", None)
        if isinstance(orig, sqlite3.Error):
            return orig
        current = current.__cause__ or current.__context__
    return None


def _os_error(exc: BaseException) -> OSError | None:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno is not None:
            return current
        current = current.__cause__ or current.__context__
    return None


def disk_full(path: Path | str | None = None, cause: BaseException | None = None) -> DiskFull:
    return DiskFull(
        f"磁盘空间已满{_where(path)}，本次操作没有保存，台账仍是操作前的内容。"
        "请删除不需要的文件腾出空间（或换一个有空间的磁盘或U盘）后再试一次。",
        cause,
    )


def folder_not_writable(path: Path | str | None = None, cause: BaseException | None = None) -> FolderNotWritable:
    return FolderNotWritable(
        f"不允许写入{_where(path)}：文件夹或文件是只读的，或没有权限，本次操作没有保存。"
        "请换一个可以写入的文件夹；如果是U盘，请检查写保护开关；也可以请管理员开放写入权限。",
        cause,
    )


def folder_unavailable(path: Path | str | None = None, cause: BaseException | None = None) -> FolderNotWritable:
    return FolderNotWritable(
        f"文件夹{_where(path)}不存在或无法访问（U盘或移动硬盘没有插上？）。"
        "请插上该磁盘，或在“设置 → 备份与恢复”中另选一个文件夹。",
        cause,
    )


def ledger_locked(path: Path | str | None = None, cause: BaseException | None = None) -> LedgerLocked:
    return LedgerLocked(
        f"台账文件{_where(path)}正被另一个程序占用，等待后仍无法写入，本次操作没有保存。"
        "请关闭其他打开这本台账的窗口或程序（例如重复打开的本程序），稍后再试。",
        cause,
    )


def ledger_damaged(path: Path | str | None = None, cause: BaseException | None = None) -> LedgerDamaged:
    detail = f"（{cause}）" if cause else ""
    return LedgerDamaged(
        f"台账文件{_where(path)}已损坏{detail}，请不要继续在其中登记。{RESTORE_HINT}。",
        cause,
    )


def disk_io_error(path: Path | str | None = None, cause: BaseException | None = None) -> DiskIOError:
    return DiskIOError(
        f"读写磁盘出错{_where(path)}，本次操作没有保存。"
        "请检查U盘或移动硬盘是否已拔出、连接是否松动，然后再试一次；如果反复出现，请检查磁盘。",
        cause,
    )


_SQLITE_PRIMARY = {
    sqlite3.SQLITE_FULL: disk_full,
    sqlite3.SQLITE_READONLY: folder_not_writable,
    sqlite3.SQLITE_PERM: folder_not_writable,
    sqlite3.SQLITE_BUSY: ledger_locked,
    sqlite3.SQLITE_LOCKED: ledger_locked,
    sqlite3.SQLITE_CORRUPT: ledger_damaged,
    sqlite3.SQLITE_NOTADB: ledger_damaged,
    sqlite3.SQLITE_IOERR: disk_io_error,
}

_ERRNO = {
    errno.ENOSPC: disk_full,
    getattr(errno, "EDQUOT", errno.ENOSPC): disk_full,
    errno.EROFS: folder_not_writable,
    errno.EACCES: folder_not_writable,
    errno.EPERM: folder_not_writable,
    errno.EIO: disk_io_error,
}


def _folder_writable(path: Path | str | None) -> bool:
    if not path:
        return True
    folder = Path(path) if Path(path).is_dir() else Path(path).parent
    return os.access(folder, os.W_OK)


def explain(exc: BaseException, path: Path | str | None = None) -> StorageError | None:
    """The ``StorageError`` that says in Chinese what went wrong and what to do, or None if ``exc`` is not one.

    ``path`` (the ledger or backup file involved) is named in the message when given.
    """
    if isinstance(exc, StorageError):
        return exc
    err = _sqlite_error(exc)
    if err is not None:
        code = getattr(err, "sqlite_errorcode", None)
        text = str(err).lower()
        if code is None:  # errors raised by Python's module itself carry no code: fall back to the text
            if "disk is full" in text:
                code = sqlite3.SQLITE_FULL
            elif "locked" in text:
                code = sqlite3.SQLITE_BUSY
            elif "malformed" in text or "not a database" in text:
                code = sqlite3.SQLITE_CORRUPT
            elif "readonly" in text:
                code = sqlite3.SQLITE_READONLY
        primary = code & 0xFF if code is not None else None
        if primary == sqlite3.SQLITE_CANTOPEN:
            # "unable to open database file": most often the folder refuses the file or its -wal/-shm.
            return (
                folder_not_writable(path, err)
                if not _folder_writable(path) or code is None
                else disk_io_error(path, err)
            )
        if primary == sqlite3.SQLITE_IOERR and not _folder_writable(path):
            return folder_not_writable(path, err)
        maker = _SQLITE_PRIMARY.get(primary)
        return maker(path, err) if maker else None
    os_err = _os_error(exc)
    if os_err is not None:
        maker = _ERRNO.get(os_err.errno)
        return maker(path or os_err.filename, os_err) if maker else None
    return None


@contextmanager
def storage_guard(path: Path | str | None = None) -> Iterator[None]:
    """Re-raise storage failures inside the block as the matching ``StorageError`` (others pass untouched)."""
    try:
        yield
    except StorageError:
        raise
    except Exception as exc:
        explained = explain(exc, path)
        if explained is None:
            raise
        raise explained from exc

"""One presenter for failures, used by the window and the command line alike.

Every error the program raises on purpose derives from ``heshi_protocol.errors.UserFacingError`` (ledger
rules, ledger-file and storage problems, sync); its ``str`` is a whole Chinese sentence. Anything else —
the disk, SQLite, the operating system — is translated by ``storage_errors.explain`` when it can be.

Guarantees:
- ``user_message(exc)`` is that Chinese sentence, or None for an unexpected failure (a bug): the CLI then
  shows the traceback and the window logs it;
- ``describe(exc)`` always returns a sentence (a generic one naming the log for the unexpected case).
"""

from __future__ import annotations

import errno
from pathlib import Path

from heshi_protocol.errors import UserFacingError


def user_message(exc: BaseException, db_path: Path | str | None = None) -> str | None:
    if isinstance(exc, UserFacingError):
        return str(exc)
    # Imported here: storage_errors brings SQLAlchemy, which the window loads only after it is shown.
    from heshi_station.storage_errors import explain

    explained = explain(exc, db_path)
    if explained is not None:
        return str(explained)
    if isinstance(exc, PermissionError):
        return f"没有权限写入文件：{exc.filename or ''}。请检查文件夹权限。"
    if isinstance(exc, OSError) and getattr(exc, "errno", None) == errno.ENOSPC:
        return "磁盘空间已满，无法保存。请清理磁盘后重试；已保存的台账不受影响。"
    return None


def describe(exc: BaseException, db_path: Path | str | None = None) -> str:
    return user_message(exc, db_path) or f"操作未完成：{type(exc).__name__}: {exc}。详细信息已写入日志。"

"""One sync at a time per ledger file: an OS-level lock file next to the ledger (``filelock``), so it also
holds across two app instances (and a CLI sync started while the window syncs)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from heshi_station.sync.errors import SyncBusy


def lock_path(ledger_path: Path) -> Path:
    return ledger_path.with_name(ledger_path.name + ".sync.lock")


@contextmanager
def sync_lock(ledger_path: Path) -> Iterator[None]:
    """Hold the sync lock for ``ledger_path`` or raise ``SyncBusy`` at once (never waits)."""
    lock = FileLock(str(lock_path(ledger_path)), timeout=0, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise SyncBusy("另一个同步正在进行（可能在另一个程序窗口中），请稍后再试。") from None
    try:
        yield
    finally:
        lock.release()

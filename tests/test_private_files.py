"""The ledger, its backups and the log are readable by their owner only (issue 11, station side)."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from heshi_station.ledger.context import Ledger
from heshi_station.private_files import PrivateRotatingFileHandler

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are a POSIX matter")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def _open_umask():
    old = os.umask(0o022)  # what a desktop session usually has: new files 0644
    yield
    os.umask(old)


def test_a_new_ledger_and_its_wal_are_owner_only(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    ledger = Ledger.open(path)
    try:
        assert _mode(path) == 0o600
        for companion in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if companion.exists():
                assert _mode(companion) == 0o600, companion
    finally:
        ledger.close()


def test_an_old_world_readable_ledger_is_tightened_when_opened(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    Ledger.open(path).close()
    path.chmod(0o644)
    Ledger.open(path).close()
    assert _mode(path) == 0o600


def test_backups_are_owner_only(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    ledger = Ledger.open(path)
    try:
        made = _backup(ledger, tmp_path / "backups")
    finally:
        ledger.close()
    assert _mode(made) == 0o600


def _backup(ledger, folder: Path) -> Path:
    from heshi_station.db.migrate import backup_to

    return backup_to(Path(ledger.engine.url.database), folder / "ledger-manual.sqlite3")


def test_the_log_and_each_rotated_log_are_owner_only(tmp_path):
    path = tmp_path / "heshi-station.log"
    handler = PrivateRotatingFileHandler(path, maxBytes=200, backupCount=2, encoding="utf-8")
    log = logging.getLogger("test.private_log")
    log.addHandler(handler)
    try:
        for i in range(20):
            log.warning("记录 %s %s", i, "x" * 40)
    finally:
        log.removeHandler(handler)
        handler.close()
    files = sorted(tmp_path.glob("heshi-station.log*"))
    assert len(files) == 3 and all(_mode(f) == 0o600 for f in files), [(f.name, oct(_mode(f))) for f in files]

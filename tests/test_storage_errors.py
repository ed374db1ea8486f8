"""Full disk, read-only folder, locked file, damaged file: a clear Chinese message and nothing half-written.

How each condition is made real here (tests run as root in CI, and root ignores ``chmod``):
- full disk: SQLite's ``PRAGMA max_page_count`` on every connection of the ledger (SQLITE_FULL, exactly what
  a full disk gives), and a real 512 KB tmpfs for a backup drive when the machine allows ``mount``;
- read-only folder: ``chmod 0555`` plus a child process whose capability bounding set lacks
  CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH / CAP_FOWNER, so even root is held to the permission bits
  (``prctl(PR_CAPBSET_DROP)`` before ``exec``); for a normal user plain ``chmod`` already does it. The test
  first proves the child really cannot write there, and is skipped with the reason otherwise;
- locked: a second process holds ``BEGIN IMMEDIATE`` beyond the (shortened) busy timeout;
- damaged: a copy of a ledger with pages overwritten.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import event

from heshi_station import cli
from heshi_station.backup import auto_backup, take_backup
from heshi_station.backup import service as backup_service
from heshi_station.db import engine as engine_module
from heshi_station.db.migrate import integrity_errors
from heshi_station.ledger import receptions
from heshi_station.ledger.context import Ledger
from heshi_station.storage_errors import (
    DiskFull,
    FolderNotWritable,
    LedgerDamaged,
    LedgerLocked,
    explain,
    storage_guard,
)
from tests.conftest import FIXED_NOW
from tests.factories import register, set_up_basics
from tests.test_backup import corrupt

REPO = Path(__file__).resolve().parents[1]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def counts(path: Path) -> tuple[int, int, int, int]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return tuple(
            con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("reception", "opinion", "outbox", "audit_log")
        )
    finally:
        con.close()


# -- full disk ------------------------------------------------------------------------------------------------


def test_full_disk_rolls_back_the_whole_registration(db_path):
    led = Ledger.open(db_path, clock=lambda: FIXED_NOW)
    basics = set_up_basics(led)
    register(led, basics, FIXED_NOW - timedelta(days=1))
    pages = sqlite3.connect(db_path).execute("PRAGMA page_count").fetchone()[0]

    def limit(dbapi_conn, _record):
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages + 3}")

    event.listen(led.engine, "connect", limit)
    led.engine.dispose()
    done, failure = 0, None
    for i in range(200):
        try:
            register(led, basics, FIXED_NOW - timedelta(hours=i + 1), matter="道路积水" * 40, opinions=3, visitors=3)
            done += 1
        except Exception as exc:
            failure = exc
            break
    assert failure is not None, "the page limit was never reached"
    explained = explain(failure, db_path)
    assert isinstance(explained, DiskFull)
    assert "磁盘空间已满" in str(explained) and "没有保存" in str(explained) and "腾出空间" in str(explained)
    # Nothing half-written: every registration is whole (1 reception : 3 opinions, outbox per change).
    rec, ops, outbox, audit = counts(db_path)
    assert rec == 1 + done and ops == 1 + 3 * done
    assert outbox == audit
    assert integrity_errors(db_path) == []
    event.remove(led.engine, "connect", limit)
    led.engine.dispose()
    register(led, basics, FIXED_NOW - timedelta(minutes=1))  # room again: the ledger works on
    assert counts(db_path)[0] == 2 + done
    led.close()


@pytest.fixture
def tiny_drive(tmp_path):
    """A real 512 KB filesystem (tmpfs) standing in for a nearly full USB drive; skipped where mount is denied."""
    mount_point = tmp_path / "usb"
    mount_point.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount_point)], capture_output=True, check=False
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {made.stderr.decode(errors='replace').strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=False)


@pytest.mark.parametrize("precheck", [True, False], ids=["free-space-check", "enospc-mid-copy"])
def test_backup_to_a_full_drive_says_so_and_leaves_no_partial_file(
    ledger, db_path, tiny_drive, capsys, monkeypatch, precheck
):
    basics = set_up_basics(ledger)
    with ledger.batch():
        for i in range(150):
            register(ledger, basics, FIXED_NOW - timedelta(hours=i + 1), matter="村道破损需要修缮" * 30)
    with ledger.write() as s:
        s.connection().exec_driver_sql("SELECT 1")
    ledger.engine.dispose()  # the last connection checkpoints the WAL into the file
    assert db_path.stat().st_size > 512 * 1024
    if not precheck:  # skip the free-space estimate: the copy itself must hit ENOSPC and clean up
        monkeypatch.setattr(backup_service, "_SPACE_MARGIN", 0)
    (tiny_drive / "filler").write_bytes(b"\0" * 100 * 1024)
    with pytest.raises(DiskFull, match="磁盘空间已满"):
        take_backup(ledger, tiny_drive / "台账备份")
    assert [p.name for p in (tiny_drive / "台账备份").iterdir()] == []
    # The same through the CLI: one Chinese line, exit code 2, no traceback.
    code = cli.main(["backup", "--db", ledger.engine.url.database, "--to", str(tiny_drive / "台账备份")])
    err = capsys.readouterr().err
    assert code == 2 and "磁盘空间已满" in err and "Traceback" not in err


def test_enospc_from_the_os_is_explained():
    exc = OSError(28, "No space left on device", "/media/usb/x")
    with pytest.raises(DiskFull, match="磁盘空间已满"), storage_guard("/media/usb/x"):
        raise exc


# -- read-only folder ------------------------------------------------------------------------------------------

CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, PR_CAPBSET_DROP = 1, 2, 3, 24


def _without_dac_override() -> None:  # runs in the child between fork and exec
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def run_restricted(*args: str) -> subprocess.CompletedProcess:
    """Run ``python -m heshi_station.cli ARGS`` in a child that respects permission bits even as root."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "heshi_station.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        preexec_fn=_without_dac_override,
        check=False,
        timeout=120,
    )


@pytest.fixture
def read_only_folder(tmp_path):
    folder = tmp_path / "只读"
    folder.mkdir()
    folder.chmod(0o555)
    probe = subprocess.run(
        [sys.executable, "-c", f"open({str(folder / 'probe')!r}, 'w')"],
        preexec_fn=_without_dac_override,
        capture_output=True,
        check=False,
    )
    if probe.returncode == 0:
        folder.chmod(0o755)
        pytest.skip("this machine lets the child write into a 0555 folder (capabilities could not be dropped)")
    yield folder
    folder.chmod(0o755)


def test_backup_into_read_only_folder_is_refused_clearly(ledger, db_path, read_only_folder):
    set_up_basics(ledger)
    ledger.close()
    result = run_restricted("backup", "--db", str(db_path), "--to", str(read_only_folder))
    assert result.returncode == 2, result.stderr
    assert "不允许写入" in result.stderr and "Traceback" not in result.stderr
    assert list(read_only_folder.iterdir()) == []


def test_ledger_in_read_only_folder_is_refused_clearly_and_left_unchanged(tmp_path, read_only_folder):
    source = tmp_path / "ledger.sqlite3"
    led = Ledger.open(source, clock=lambda: FIXED_NOW)
    register(led, set_up_basics(led), FIXED_NOW - timedelta(days=1))
    led.close()
    read_only_folder.chmod(0o755)
    shutil.copy2(source, read_only_folder / "ledger.sqlite3")
    read_only_folder.chmod(0o555)
    before = sha(read_only_folder / "ledger.sqlite3")
    result = run_restricted("demo", "--db", str(read_only_folder / "new.sqlite3"))
    assert result.returncode == 2 and "不允许写入" in result.stderr, result.stderr
    result = run_restricted("backup", "--db", str(read_only_folder / "ledger.sqlite3"), "--to", str(tmp_path / "bk"))
    assert result.returncode == 2 and "不允许写入" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert sha(read_only_folder / "ledger.sqlite3") == before
    assert sorted(p.name for p in read_only_folder.iterdir()) == ["ledger.sqlite3"]


# -- locked file -----------------------------------------------------------------------------------------------

HOLD_LOCK = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
con.execute("UPDATE app_setting SET value = value")
print("locked", flush=True)
sys.stdin.read()
con.execute("ROLLBACK")
"""


def test_ledger_locked_by_another_process(db_path, monkeypatch):
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 300)
    led = Ledger.open(db_path, clock=lambda: FIXED_NOW)
    basics = set_up_basics(led)
    register(led, basics, FIXED_NOW - timedelta(days=1))
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(db_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(LedgerLocked, match="正被另一个程序占用") as err, storage_guard(db_path):
            register(led, basics, FIXED_NOW - timedelta(hours=1))
        assert "关闭其他打开这本台账的窗口" in str(err.value)
        assert counts(db_path)[0] == 1
        # Reading and backing up still work while another program writes (WAL).
        assert len(receptions.list_receptions(led)) == 1
        assert integrity_errors(take_backup(led, db_path.parent / "bk").path) == []
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    register(led, basics, FIXED_NOW - timedelta(hours=1))
    assert counts(db_path)[0] == 2
    led.close()


# -- damaged file ----------------------------------------------------------------------------------------------


def test_damaged_ledger_is_reported_with_restore_advice(tmp_path, db_path, capsys):
    led = Ledger.open(db_path, clock=lambda: FIXED_NOW)
    basics = set_up_basics(led)
    with led.batch():
        for i in range(60):
            register(led, basics, FIXED_NOW - timedelta(hours=i + 1))
    led.close()
    damaged = tmp_path / "damaged.sqlite3"
    shutil.copy2(db_path, damaged)
    corrupt(damaged)
    before = sha(damaged)
    # At start the automatic backup checks the copy; a damaged ledger is named as such.
    opened = Ledger.open(damaged, clock=lambda: FIXED_NOW)
    with pytest.raises(LedgerDamaged, match="已损坏") as err:
        auto_backup(opened, tmp_path / "bk", when=FIXED_NOW)
    assert "备份与恢复" in str(err.value) and "restore" in str(err.value)
    assert not list((tmp_path / "bk").glob("*.sqlite3*"))
    # Reading damaged pages through the ledger gives the same advice (via the explanation layer).
    with pytest.raises(LedgerDamaged), storage_guard(damaged):
        for r in receptions.list_receptions(opened):
            receptions.get_reception(opened, r.id)
    opened.close()
    code = cli.main(["backup", "--db", str(damaged), "--to", str(tmp_path / "bk2")])
    assert code == 2 and "已损坏" in capsys.readouterr().err
    assert sha(damaged) == before


def test_read_only_drive_error_from_the_os_is_explained():
    with pytest.raises(FolderNotWritable, match="不允许写入"), storage_guard("/media/usb/backups"):
        raise OSError(30, "Read-only file system", "/media/usb/backups/x")


def test_other_errors_pass_through_unexplained():
    assert explain(ValueError("not storage")) is None
    with pytest.raises(KeyError), storage_guard():
        raise KeyError("x")

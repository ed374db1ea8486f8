"""Backups: verified copies, at most one automatic backup a day, rotation, restore and its refusals."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from heshi_station.backup import (
    DifferentStation,
    auto_backup,
    backup_folder,
    inspect_backup,
    list_backups,
    restore,
    rotate,
    set_backup_folder,
    take_backup,
)
from heshi_station.backup.store import backup_name, to_keep
from heshi_station.db.migrate import DatabaseTooNew, NotALedgerFile, integrity_errors
from heshi_station.ledger import receptions, reference_data
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import StationInput
from heshi_station.storage_errors import FolderNotWritable, LedgerDamaged
from tests.conftest import FIXED_NOW
from tests.factories import register, set_up_basics


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def count(path: Path, table: str) -> int:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


@pytest.fixture
def filled(ledger: Ledger):
    basics = set_up_basics(ledger)
    for i in range(3):
        register(ledger, basics, FIXED_NOW - timedelta(days=i + 1))
    return ledger, basics


def test_manual_backup_is_a_verified_copy_with_the_data(filled, tmp_path):
    led, _ = filled
    info = take_backup(led, tmp_path / "usb")
    assert info.kind == "manual" and info.path.parent == tmp_path / "usb"
    assert integrity_errors(info.path) == []
    assert count(info.path, "reception") == 3
    assert [p.name for p in (tmp_path / "usb").iterdir()] == [info.path.name]  # no .part, -wal or -shm left
    con = sqlite3.connect(f"file:{info.path}?mode=ro", uri=True)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    con.close()
    assert [b.path for b in list_backups(tmp_path / "usb")] == [info.path]


def test_backup_folder_defaults_to_data_dir_and_is_configurable(filled, tmp_path):
    led, _ = filled
    assert backup_folder(led) == tmp_path / "data" / "backups"
    set_backup_folder(led, tmp_path / "U盘" / "台账备份")
    assert backup_folder(led) == tmp_path / "U盘" / "台账备份"
    assert take_backup(led).path.parent == tmp_path / "U盘" / "台账备份"


def test_backup_folder_that_cannot_exist_is_refused_in_chinese(filled, tmp_path):
    led, _ = filled
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(FolderNotWritable, match="不存在或无法访问"):
        set_backup_folder(led, tmp_path / "a-file" / "backups")
    assert backup_folder(led) == tmp_path / "data" / "backups"


def test_auto_backup_at_most_once_a_day(filled, tmp_path):
    led, basics = filled
    folder = tmp_path / "bk"
    first = auto_backup(led, folder, when=FIXED_NOW)
    assert first.taken is not None and first.taken.kind == "auto"
    register(led, basics, FIXED_NOW - timedelta(hours=1))
    again = auto_backup(led, folder, when=FIXED_NOW + timedelta(hours=5))
    assert again.taken is None
    tomorrow = auto_backup(led, folder, when=FIXED_NOW + timedelta(days=1))
    assert tomorrow.taken is not None
    assert count(first.taken.path, "reception") == 3
    assert count(tomorrow.taken.path, "reception") == 4


def test_auto_backup_falls_back_to_default_folder_when_usb_is_missing(filled, tmp_path):
    led, _ = filled
    (tmp_path / "not-a-drive").write_text("x")
    result = auto_backup(led, tmp_path / "not-a-drive" / "bk", when=FIXED_NOW)
    assert result.folder == tmp_path / "data" / "backups"
    assert "不存在或无法访问" in result.fallback_reason
    assert result.taken is not None and integrity_errors(result.taken.path) == []


def _fake(folder: Path, when: datetime, kind: str = "auto") -> Path:
    p = folder / backup_name(when, kind)
    p.write_bytes(b"x")
    return p


def test_rotation_keeps_14_daily_and_12_monthly(tmp_path):
    start = datetime(2025, 1, 1, 9, 0)
    made = {}
    for d in range(500):  # two automatic backups a day for 500 days
        for hour in (9, 17):
            when = start + timedelta(days=d, hours=hour - 9)
            made[_fake(tmp_path, when)] = when
    manual = _fake(tmp_path, start + timedelta(days=3), "manual")
    removed = rotate(tmp_path)
    kept = {p for p in tmp_path.iterdir()}
    assert manual in kept
    last = start + timedelta(days=499, hours=8)
    expect_daily = {p for p, w in made.items() if w.hour == 17 and (last - w).days < 14}
    months = sorted({(w.year, w.month) for w in made.values()})[-12:]
    expect_monthly = {
        max((p for p, w in made.items() if (w.year, w.month) == m), key=lambda p: made[p]) for m in months
    }
    assert kept - {manual} == expect_daily | expect_monthly
    assert len(expect_daily) == 14 and len(expect_monthly) == 12
    assert len(removed) == 1000 - len(expect_daily | expect_monthly)
    assert to_keep(list_backups(tmp_path)) == kept  # rotating again removes nothing
    assert rotate(tmp_path) == []


def test_restore_brings_back_the_backup_and_keeps_the_current_ledger(filled, tmp_path, db_path):
    led, basics = filled
    info = take_backup(led, tmp_path / "bk")
    for i in range(2):
        register(led, basics, FIXED_NOW - timedelta(hours=i + 1))
    assert count(db_path, "reception") == 5
    result = restore(db_path, info.path, backup_folder=tmp_path / "bk")
    # The open ledger (pooled connections) sees the restored content.
    assert len(receptions.list_receptions(led)) == 3
    assert result.kept_as is not None and count(result.kept_as, "reception") == 5
    assert integrity_errors(db_path) == []
    register(led, basics, FIXED_NOW - timedelta(minutes=5))  # still writable afterwards
    assert len(receptions.list_receptions(led)) == 4


def _other_station_backup(tmp_path: Path) -> Path:
    other = Ledger.open(tmp_path / "other.sqlite3", clock=lambda: FIXED_NOW)
    reference_data.set_up_station(other, StationInput(code="T-02", name="另一个代表联络站"))
    info = take_backup(other, tmp_path / "other-bk")
    other.close()
    return info.path


def test_restore_refuses_another_stations_backup_unless_confirmed(filled, tmp_path, db_path):
    led, _ = filled
    foreign = _other_station_backup(tmp_path)
    before = sha(db_path)
    with pytest.raises(DifferentStation, match="另一个代表联络站") as err:
        restore(db_path, foreign, backup_folder=tmp_path / "bk")
    assert "测试街道代表联络站" in str(err.value)
    assert sha(db_path) == before and list_backups(tmp_path / "bk") == []
    restore(db_path, foreign, backup_folder=tmp_path / "bk", confirm=True)
    assert reference_data.get_station(led).code == "T-02"
    assert [b.kind for b in list_backups(tmp_path / "bk")] == ["before-restore"]


def test_newer_schema_backup_is_refused_untouched(filled, tmp_path, db_path):
    led, _ = filled
    newer = take_backup(led, tmp_path / "bk").path
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    before_file, before_ledger = sha(newer), sha(db_path)
    with pytest.raises(DatabaseTooNew, match="请升级程序"):
        restore(db_path, newer, backup_folder=tmp_path / "bk")
    assert sha(newer) == before_file and sha(db_path) == before_ledger


def test_non_sqlite_file_is_refused_untouched(filled, tmp_path, db_path):
    junk = tmp_path / "照片.sqlite3"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    before = sha(junk), sha(db_path)
    with pytest.raises(NotALedgerFile, match="不是台账数据库文件"):
        restore(db_path, junk, backup_folder=tmp_path / "bk")
    assert (sha(junk), sha(db_path)) == before


def test_other_sqlite_database_is_refused(tmp_path, db_path):
    other = tmp_path / "other-app.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t(x)")
    con.commit()
    con.close()
    with pytest.raises(NotALedgerFile, match="不是本程序的台账"):
        inspect_backup(other)


def corrupt(path: Path) -> None:
    """Overwrite the first pages of the ledger tables' b-trees with garbage (as after a bad sector).

    The schema (sqlite_master) stays readable, so the file opens and the damage shows when data is read.
    """
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    roots = [
        r[0]
        for r in con.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name IN ('reception', 'visitor', 'opinion')"
        )
    ]
    page = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    data = bytearray(path.read_bytes())
    for root in roots:
        start = (root - 1) * page
        data[start : start + 300] = b"\xde\xad\xbe\xef" * 75
    path.write_bytes(bytes(data))


def test_damaged_backup_is_refused(filled, tmp_path, db_path):
    led, _ = filled
    damaged = take_backup(led, tmp_path / "bk").path
    corrupt(damaged)
    before = sha(db_path)
    with pytest.raises(LedgerDamaged, match="已损坏"):
        restore(db_path, damaged, backup_folder=tmp_path / "bk")
    assert sha(db_path) == before


def test_restore_over_a_damaged_ledger_keeps_a_raw_copy(filled, tmp_path, db_path):
    led, _ = filled
    good = take_backup(led, tmp_path / "bk").path
    led.close()
    corrupt(db_path)
    assert integrity_errors(db_path)
    result = restore(db_path, good, backup_folder=tmp_path / "bk")
    assert integrity_errors(db_path) == []
    assert result.kept_as is not None and result.kept_as.name.endswith("-damaged.bin")
    reopened = Ledger.open(db_path, clock=lambda: FIXED_NOW)
    assert len(receptions.list_receptions(reopened)) == 3
    reopened.close()


def test_copy_of_the_backup_file_restores_on_a_new_pc(filled, tmp_path):
    """Moving the station: the backup file alone makes a working ledger in an empty data folder."""
    led, _ = filled
    info = take_backup(led, tmp_path / "bk")
    new_pc = tmp_path / "new-pc" / "ledger.sqlite3"
    shutil.copy2(info.path, tmp_path / "carried.sqlite3")
    result = restore(new_pc, tmp_path / "carried.sqlite3", backup_folder=tmp_path / "new-pc" / "backups")
    assert result.kept_as is None
    moved = Ledger.open(new_pc, clock=lambda: FIXED_NOW)
    assert reference_data.get_station(moved).code == "T-01"
    assert len(receptions.list_receptions(moved)) == 3
    moved.close()

"""``heshi-station backup`` and ``heshi-station restore``: messages, exit codes, --yes for another station."""

from __future__ import annotations

from datetime import timedelta

from heshi_station import cli
from heshi_station.backup import list_backups
from heshi_station.ledger import receptions, reference_data
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import StationInput
from tests.conftest import FIXED_NOW
from tests.factories import register, set_up_basics


def test_backup_then_restore_through_the_cli(ledger, db_path, tmp_path, capsys):
    basics = set_up_basics(ledger)
    register(ledger, basics, FIXED_NOW - timedelta(days=1))
    assert cli.main(["backup", "--db", str(db_path), "--to", str(tmp_path / "usb")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("已备份并校验：")
    backup = list_backups(tmp_path / "usb")[0].path
    register(ledger, basics, FIXED_NOW - timedelta(hours=2))
    assert cli.main(["restore", str(backup), "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "接待 1 条" in out and "恢复前的台账已另存为" in out
    assert len(receptions.list_receptions(ledger)) == 1


def test_restore_of_another_station_needs_yes(ledger, db_path, tmp_path, capsys):
    set_up_basics(ledger)
    other_path = tmp_path / "other.sqlite3"
    other = Ledger.open(other_path, clock=lambda: FIXED_NOW)
    reference_data.set_up_station(other, StationInput(code="T-05", name="西街代表联络站"))
    other.close()
    assert cli.main(["restore", str(other_path), "--db", str(db_path)]) == 3
    out = capsys.readouterr().out
    assert "未恢复" in out and "西街代表联络站" in out and "--yes" in out
    assert reference_data.get_station(ledger).code == "T-01"
    assert cli.main(["restore", str(other_path), "--db", str(db_path), "--yes"]) == 0
    assert reference_data.get_station(ledger).code == "T-05"


def test_restore_of_a_missing_file_is_one_chinese_line(db_path, tmp_path, capsys):
    assert cli.main(["restore", str(tmp_path / "nope.sqlite3"), "--db", str(db_path)]) == 2
    assert "找不到备份文件" in capsys.readouterr().err

"""``heshi-station doctor`` says whether the keyring works and exactly what is missing (issue 11)."""

from __future__ import annotations

import keyring
from keyring.backends import fail

from heshi_station.commands.doctor_cmds import cmd_doctor
from heshi_station.sync import settings
from heshi_station.sync.doctor import DOCTOR_SERVICE, run_checks
from tests.factories import set_up_basics
from tests.sync.helpers import connect_station


class _Args:
    def __init__(self, db):
        self.db = str(db)


def test_everything_in_place(ledger, db_path, centre, station_code, memory_keyring, capsys):
    set_up_basics(ledger, station_code)
    st = connect_station(ledger, db_path, centre.factory, centre.url, station_code)
    checks = {c.name: c for c in run_checks(db_path)}
    assert all(c.ok for c in checks.values()), checks
    assert set(checks) == {"系统钥匙串", "台账文件", "联络站信息", "市中心地址", "同步令牌", "连接市中心"}
    assert memory_keyring.get_password(DOCTOR_SERVICE, "probe") is None, "the probe entry is removed"
    assert cmd_doctor(_Args(db_path)) == 0
    out = capsys.readouterr().out
    assert "全部正常" in out and st.token not in out


def test_says_exactly_what_is_missing(ledger, db_path, station_code, capsys):
    set_up_basics(ledger, station_code)
    settings.set_centre_url(ledger, "http://127.0.0.1:9")
    keyring.set_keyring(fail.Keyring())
    checks = {c.name: c for c in run_checks(db_path)}
    assert not checks["系统钥匙串"].ok and "gnome-keyring" in checks["系统钥匙串"].detail
    assert not checks["同步令牌"].ok and "钥匙串" in checks["同步令牌"].detail
    assert not checks["连接市中心"].ok
    assert cmd_doctor(_Args(db_path)) == 1
    assert "✗ 系统钥匙串" in capsys.readouterr().out


def test_a_missing_ledger_is_reported_not_created(tmp_path):
    missing = tmp_path / "nowhere.sqlite3"
    checks = {c.name: c for c in run_checks(missing)}
    assert not checks["台账文件"].ok and "不存在" in checks["台账文件"].detail and not missing.exists()

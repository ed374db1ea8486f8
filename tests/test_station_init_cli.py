"""``heshi-station init`` creates a complete empty station ledger or nothing at all; ``demo --station-code``."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from heshi_station.cli import main
from heshi_station.ledger import reference_data
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.receptions import list_receptions
from heshi_station.ledger.reference_data import get_setting
from tests.factories import table_counts

INIT = ["--station-code", "QB-JS-09", "--name", "淇滨区金山街道人大代表联络站", "--clerk", "王联络"]


def test_init_creates_an_empty_ledger_with_the_station_and_clerk(tmp_path: Path, capsys) -> None:
    path = tmp_path / "新站" / "ledger.sqlite3"  # the folder does not exist yet
    assert main(["init", "--db", str(path), *INIT, "--district", "淇滨区", "--township", "金山街道"]) == 0
    out = capsys.readouterr().out
    assert f"已新建台账：{path}" in out and "编码 QB-JS-09" in out
    assert sorted(p.name for p in path.parent.iterdir()) == ["ledger.sqlite3"]  # no temporary file left
    led = Ledger.open(path)
    try:
        station = reference_data.get_station(led)
        assert (station.code, station.name, station.district, station.township) == (
            "QB-JS-09", "淇滨区金山街道人大代表联络站", "淇滨区", "金山街道",
        )  # fmt: skip
        assert get_setting(led, "clerk_name") == "王联络"
        assert list_receptions(led) == [] and reference_data.list_deputies(led) == []
        assert led.pending_outbox_count() == 1  # the station itself, to be sent to the centre
    finally:
        led.close()
    counts = table_counts(path)
    assert counts["station"] == 1 and counts["clerk"] == 1 and counts["reception"] == 0


def test_init_refuses_an_existing_file_and_leaves_it_untouched(tmp_path: Path, capsys) -> None:
    path = tmp_path / "ledger.sqlite3"
    path.write_bytes(b"someone's file")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert main(["init", "--db", str(path), *INIT]) == 2
    err = capsys.readouterr().err
    assert "已存在，未做任何改动" in err and "不会覆盖" in err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "data") == ["ledger.sqlite3"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--station-code", "QB JS", "--name", "站", "--clerk", "王"], "联络站编码：不能包含空格或控制字符"),
        (["--station-code", "Q" * 33, "--name", "站", "--clerk", "王"], "联络站编码：不能超过32个字符（现在是33个）"),
        (["--station-code", "QB-1", "--name", "  ", "--clerk", "王"], "联络站名称：必须填写"),
        (["--station-code", "QB-1", "--name", "站", "--clerk", "王\x07"], "联络员姓名：不能包含控制字符"),
    ],
)
def test_init_with_a_bad_field_creates_nothing(tmp_path: Path, capsys, args, message) -> None:
    path = tmp_path / "ledger.sqlite3"
    assert main(["init", "--db", str(path), *args]) == 2
    assert message in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == []


def test_demo_with_a_station_code(tmp_path: Path, capsys) -> None:
    path = tmp_path / "demo.sqlite3"
    assert main(["demo", "--db", str(path), "--scale", "20", "--station-code", "QB-TEST-07"]) == 0
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT code FROM station").fetchall() == [("QB-TEST-07",)]
        assert con.execute("SELECT count(*) FROM reception").fetchone()[0] == 20
    finally:
        con.close()
    bad = tmp_path / "bad.sqlite3"
    assert main(["demo", "--db", str(bad), "--scale", "5", "--station-code", "A B"]) == 2
    assert "联络站编码“A B”不能包含空格或控制字符" in capsys.readouterr().err
    assert not bad.exists()

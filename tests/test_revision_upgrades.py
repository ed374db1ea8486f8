"""Every released schema revision upgrades to head with its data intact, after a verified backup.

The fixtures under ``tests/fixtures/revisions/`` are made by ``scripts/make_revision_fixtures.py``: one
ledger per Alembic revision, filled with plain SQL valid at that revision.
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import sqlite3
from pathlib import Path

import pytest

from heshi_station.backup import list_backups
from heshi_station.db.migrate import DatabaseTooNew, NotALedgerFile, current_revision, head_revision, integrity_errors
from heshi_station.ledger import opinions, receptions, reference_data
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.search import search
from tests.conftest import FIXED_NOW

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "revisions"


def _load_script():
    spec = importlib.util.spec_from_file_location(
        "make_revision_fixtures", REPO / "scripts" / "make_revision_fixtures.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCRIPT = _load_script()
REVISIONS = SCRIPT.revisions_in_order()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_there_is_a_fixture_for_every_revision():
    missing = [r for r in REVISIONS if not (FIXTURES / f"ledger-{r}.sqlite3").exists()]
    assert not missing, f"run `uv run python scripts/make_revision_fixtures.py` to add fixtures for {missing}"


@pytest.mark.parametrize("revision", REVISIONS)
def test_fixture_upgrades_with_its_data_intact(revision, tmp_path):
    fixture = FIXTURES / f"ledger-{revision}.sqlite3"
    assert current_revision(fixture) == revision
    path = tmp_path / "station" / "ledger.sqlite3"
    path.parent.mkdir()
    shutil.copy2(fixture, path)

    led = Ledger.open(path, clock=lambda: FIXED_NOW)
    try:
        assert current_revision(path) == head_revision()
        expected = SCRIPT.EXPECTED
        station = reference_data.get_station(led)
        assert (station.code, station.name) == (expected["station_code"], expected["station_name"])
        assert {d.name for d in reference_data.list_deputies(led)} == expected["deputies"]
        got = {r.id: r.matter for r in receptions.list_receptions(led)}
        assert got == expected["receptions"]
        assert sum(len(receptions.get_reception(led, rid).visitors) for rid in got) == expected["visitors"]
        for opinion_id, state in expected["opinions"].items():
            record = opinions.get_opinion(led, opinion_id)
            assert record.state == state and record.timeline
        for key, value in expected["settings"].items():
            assert reference_data.get_setting(led, key) == value
        text, reception_id = expected["search"]
        assert reception_id in {h.reception_id for h in search(led, text)}
        assert reception_id in {h.reception_id for h in search(led, text[-2:])}  # two characters: bigram index
        with led.read() as s:
            outbox = s.connection().exec_driver_sql("SELECT count(*) FROM outbox").scalar()
        assert outbox == expected["outbox"]
        # The upgraded ledger keeps working.
        opinions.record_reply(led, SCRIPT.OPN[0], reply="路面已修复")
        assert opinions.get_opinion(led, SCRIPT.OPN[0]).state == "replied"
    finally:
        led.close()
    assert integrity_errors(path) == []

    backups = list_backups(path.parent / "backups")
    if revision == head_revision():
        assert backups == []  # nothing to migrate, nothing copied
    else:
        assert [b.kind for b in backups] == ["upgrade"]
        kept = backups[0].path
        assert integrity_errors(kept) == [] and current_revision(kept) == revision
        con = sqlite3.connect(f"file:{kept}?mode=ro", uri=True)
        assert con.execute("SELECT count(*) FROM reception").fetchone()[0] == len(SCRIPT.EXPECTED["receptions"])
        con.close()


def test_newer_schema_is_refused_byte_identical(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    shutil.copy2(FIXTURES / f"ledger-{REVISIONS[-1]}.sqlite3", path)
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = 'f999_from_the_future'")
    con.commit()
    con.close()
    before = sha(path)
    with pytest.raises(DatabaseTooNew, match="请升级程序"):
        Ledger.open(path)
    assert sha(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ledger.sqlite3"]


def test_non_sqlite_file_is_refused_byte_identical(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    path.write_bytes("这不是数据库，是一份文档。".encode() * 50)
    before = sha(path)
    with pytest.raises(NotALedgerFile, match="不是 SQLite 格式"):
        Ledger.open(path)
    assert sha(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ledger.sqlite3"]

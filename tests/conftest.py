"""Test-wide setup: Qt runs offscreen; every test gets its own data folder and a fixed clock."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from heshi_station.ledger.context import Ledger

FIXED_NOW = datetime(2026, 11, 20, 10, 0).astimezone()


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HESHI_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ledger.sqlite3"


@pytest.fixture
def ledger(db_path: Path):
    led = Ledger.open(db_path, clock=lambda: FIXED_NOW, actor="测试联络员")
    yield led
    led.close()

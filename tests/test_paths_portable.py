"""Portable mode: a marker file next to the installed executable keeps the data beside it."""

from __future__ import annotations

import sys

import pytest

from heshi_station import paths


@pytest.fixture
def frozen_app(tmp_path, monkeypatch):
    app = tmp_path / "U盘" / "heshi-station"
    app.mkdir(parents=True)
    exe = app / "heshi-station.exe"
    exe.write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    monkeypatch.delenv("HESHI_DATA_DIR", raising=False)
    return app


def test_marker_next_to_executable_keeps_data_beside_it(frozen_app):
    (frozen_app / "heshi-portable.txt").write_text("portable\n")
    assert paths.data_dir() == frozen_app.resolve() / "heshi-data"
    assert paths.default_db_path() == frozen_app.resolve() / "heshi-data" / "ledger.sqlite3"
    assert paths.log_dir() == frozen_app.resolve() / "heshi-data" / "logs"


def test_without_marker_data_stays_in_the_user_folder(frozen_app):
    assert paths.portable_data_dir() is None
    assert frozen_app.resolve() not in paths.data_dir().parents


def test_env_override_wins_over_portable_marker(frozen_app, tmp_path, monkeypatch):
    (frozen_app / "portable.txt").write_text("")
    monkeypatch.setenv("HESHI_DATA_DIR", str(tmp_path / "elsewhere"))
    assert paths.data_dir() == tmp_path / "elsewhere"


def test_source_checkout_is_never_portable(tmp_path, monkeypatch):
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    (tmp_path / "heshi-portable.txt").write_text("")
    assert paths.portable_data_dir() is None

"""Fixtures for the window tests: a set-up ledger wrapped in a UiContext, and QSettings kept per test."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import Basics, set_up_basics
from PySide6.QtCore import QSettings

from heshi_station.ui.settings import UiSettings
from heshi_station.ui.ui_context import UiContext


@pytest.fixture(autouse=True)
def _isolated_qsettings(tmp_path: Path) -> None:
    # QSettings(org, app) in the code under test writes here, never to the tester's own settings.
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))


@pytest.fixture
def basics(ledger) -> Basics:
    return set_up_basics(ledger)


@pytest.fixture
def ctx(ledger, basics, qapp) -> UiContext:
    context = UiContext(ledger)
    yield context
    context.wait_for_done(10_000)


@pytest.fixture
def ui_settings(tmp_path: Path) -> UiSettings:
    return UiSettings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))

"""Fixtures for the window tests: a set-up ledger wrapped in a UiContext, and QSettings kept per test."""

from __future__ import annotations

import warnings
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
    context.pool.waitForDone(10_000)


@pytest.fixture
def ui_settings(tmp_path: Path) -> UiSettings:
    return UiSettings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))


def wait_tasks(qtbot, ctx: UiContext) -> None:
    """Let every background task finish and its callbacks run on the GUI thread."""
    qtbot.waitUntil(lambda: not ctx._live, timeout=10_000)


def show_active(qtbot, widget) -> None:
    """Show ``widget`` as the active window so keyboard focus works (offscreen activates on request)."""
    from PySide6.QtWidgets import QApplication

    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # the offscreen platform needs the explicit call
        QApplication.setActiveWindow(widget)
    qtbot.waitActive(widget)


def type_text(qtbot, widget, text: str) -> None:
    """Type ``text`` as the clerk would: ASCII as key presses, Chinese as an input method commits it
    (a pinyin IME delivers each chosen character as a QInputMethodEvent commit string)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)

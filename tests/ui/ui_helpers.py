"""Helpers for the window tests: wait for background tasks, show a widget as the active window, type text."""

from __future__ import annotations

import warnings

from heshi_station.ui.ui_context import UiContext


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

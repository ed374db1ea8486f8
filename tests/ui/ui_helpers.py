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


def answer_next_box(button_text: str, *, attempts: int = 500) -> list[str]:
    """Click ``button_text`` on the next modal QMessageBox as soon as it opens (it runs its own event loop,
    so the click is scheduled beforehand). Returns a list that receives the box's text, for asserting on
    what the clerk was asked."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    seen: list[str] = []

    def poll(left: int) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            labels = [b.text() for b in box.buttons()]
            for button in box.buttons():
                if button.text() == button_text:
                    button.click()
                    return
            seen.append(f"no button {button_text!r} among {labels}")
            box.reject()
            return
        if left:
            QTimer.singleShot(10, lambda: poll(left - 1))

    QTimer.singleShot(0, lambda: poll(attempts))
    return seen


def fill_valid_reception(page, basics, name: str = "赵六") -> None:
    """Fill the reception form with one visitor and one transferred opinion the ledger accepts."""
    page.deputies.set_checked(basics.deputies[0], True)
    row = page.visitor_rows[0]
    row.name.setText(name)
    row.phone.setText("19900001111")
    row.village.setText("东风村")
    page.matter.setPlainText("村口道路坑洼不平")
    page.category.setCurrentIndex(1)
    opinion = page.opinion_rows[0]
    opinion.content.setPlainText("建议修缮村口道路")
    opinion.lead_unit.setCurrentIndex(1)

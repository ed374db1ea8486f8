"""Every page fits a 1366×768 screen at 100 % and at 150 % (the same screen seen as 910×512 logical pixels):
the buttons a clerk needs are inside the visible area and no form scrolls sideways. The window carries the
program's own stylesheet (theme.apply_theme), as when it is started for real."""

from __future__ import annotations

from datetime import datetime

import pytest
from factories import LONG_MATTER, register
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QScrollArea, QWidget
from ui_helpers import show_active, wait_tasks

from heshi_station.ui.main_window import MainWindow
from heshi_station.ui.theme import apply_theme

#: Buttons that must be visible without scrolling, by page.
KEY_BUTTONS = {
    "reception": ("save_button", "next_button"),
    "opinions": ("transfer_slip_button", "urge_slip_button"),
}


def _rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def _scroll_parent(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


@pytest.fixture
def themed(qapp):
    apply_theme(qapp)
    yield
    qapp.setStyleSheet("")


@pytest.mark.parametrize("size", [(1366, 768), (910, 512)], ids=["1366x768", "910x512-at-150pc"])
def test_every_page_fits(qtbot, ctx, basics, ledger, ui_settings, themed, size) -> None:
    for day in (2, 3):
        register(ledger, basics, datetime(2026, 11, day, 9, 0).astimezone(), matter=LONG_MATTER)
    window = MainWindow(ctx, settings=ui_settings)
    show_active(qtbot, window)
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size, timeout=5_000)
    problems: list[str] = []
    for key in window.page_keys():
        page = window.open_page(key)
        wait_tasks(qtbot, ctx)
        QApplication.processEvents()
        assert window.size().toTuple() == size, f"{key}: the window cannot be made {size} (minimum too large)"
        page_rect = _rect_in(page, window)
        for scroll in page.findChildren(QScrollArea):
            if scroll.isVisible() and scroll.horizontalScrollBar().maximum() > 0:
                problems.append(f"{key}: {scroll.objectName() or type(scroll.widget()).__name__} scrolls sideways")
        for button in page.findChildren(QAbstractButton):
            if not button.isVisibleTo(page) or button.parentWidget() is None:
                continue
            scroll = _scroll_parent(button)
            if scroll is not None and scroll.widget() is not None and scroll.widget().isAncestorOf(button):
                # Inside a scrolled form: reachable by scrolling down, but never cut off at the side.
                viewport = scroll.viewport()
                r = _rect_in(button, viewport)
                if r.left() < 0 or r.right() > viewport.width():
                    problems.append(f"{key}: button {button.text()!r} is cut off at the side")
                continue
            if not button.isVisible() or button.window() is not window:
                continue  # e.g. inside a collapsed splitter or a table cell editor
            r = _rect_in(button, window)
            if not page_rect.contains(r):
                problems.append(f"{key}: button {button.text()!r} {r.getRect()} outside {page_rect.getRect()}")
        for name in KEY_BUTTONS.get(key, ()):
            button = getattr(page, name)
            assert button.isVisible(), (key, name)
            assert page_rect.contains(_rect_in(button, window)), (key, name)
            assert button.visibleRegion().boundingRect().size() == button.size(), (key, name, "partly hidden")
    assert not problems, "\n".join(problems)

"""The one look: readable contrast in both palettes, the stylesheet fills in completely, high contrast
switches from 设置 at once and is remembered, deadlines carry their level's colour, page-list icons exist,
and 工作台 shows last month's figures next to this month's."""

from __future__ import annotations

from datetime import datetime

import pytest
from factories import register
from PySide6.QtCore import Qt
from ui_helpers import show_active, wait_tasks

from heshi_station.ui import theme
from heshi_station.ui.main_window import MainWindow
from heshi_station.ui.models.opinion_table_model import DEADLINE_COLUMN


@pytest.mark.parametrize(("palette", "minimum"), [(theme.NORMAL, 4.5), (theme.HIGH_CONTRAST, 7.0)])
def test_every_text_colour_is_readable_on_its_background(palette, minimum) -> None:
    for fg, bg in theme.TEXT_PAIRS:
        ratio = theme.contrast_ratio(getattr(palette, fg), getattr(palette, bg))
        assert ratio >= minimum, (fg, bg, round(ratio, 2))


def test_contrast_ratio_is_the_wcag_one() -> None:
    assert theme.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("palette", [theme.NORMAL, theme.HIGH_CONTRAST])
def test_stylesheet_uses_the_palette_and_nothing_is_left_unfilled(palette) -> None:
    css = theme.stylesheet(palette)
    assert "$" not in css
    assert palette.late_back in css and palette.soon_back in css and palette.accent in css
    assert css.count("{") == css.count("}")


def test_every_page_has_its_icon(qapp) -> None:
    from heshi_station.ui.pages import PAGES

    for spec in PAGES:
        icon = theme.page_icon(spec.key)
        assert not icon.isNull(), spec.key
        assert not icon.pixmap(24, 24).isNull(), spec.key  # the SVG plugin can draw it


def test_high_contrast_switches_at_once_and_is_remembered(qtbot, qapp, ctx, ui_settings) -> None:
    window = MainWindow(ctx, settings=ui_settings)
    show_active(qtbot, window)
    page = window.open_page("settings")
    try:
        assert not page.high_contrast.isChecked()
        page.high_contrast.click()
        assert ui_settings.high_contrast() is True
        assert theme.current_palette() is theme.HIGH_CONTRAST
        assert theme.HIGH_CONTRAST.late_back in qapp.styleSheet()
        page.high_contrast.click()
        assert ui_settings.high_contrast() is False
        assert theme.NORMAL.late_back in qapp.styleSheet()
    finally:
        qapp.setStyleSheet("")
        theme._current = theme.NORMAL  # the next tests start from the normal look


def test_deadline_colours_by_level(qtbot, ctx, basics, ledger, ui_settings) -> None:
    register(ledger, basics, datetime(2026, 9, 1, 9, 0).astimezone())  # long overdue by now
    window = MainWindow(ctx, settings=ui_settings)
    show_active(qtbot, window)
    page = window.open_page("opinions")
    wait_tasks(qtbot, ctx)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    row = next(i for i in range(page.model.rowCount()) if page.model.record_at(i).overdue_level == "long_overdue")
    due = page.model.index(row, DEADLINE_COLUMN)
    assert due.data(Qt.ItemDataRole.BackgroundRole).color().name() == theme.NORMAL.late_back
    assert due.data(Qt.ItemDataRole.ForegroundRole).color().name() == theme.NORMAL.late_text
    assert page.model.index(row, 1).data(Qt.ItemDataRole.BackgroundRole) is None  # only the deadline cells
    assert theme.deadline_tone("due_soon") == theme.deadline_tone("due_today") == "soon"
    assert theme.deadline_tone("overdue") == theme.deadline_tone("long_overdue") == "late"
    assert theme.deadline_tone(None) == ""
    soon_fg, soon_bg = theme.deadline_brushes("due_soon")
    assert (soon_fg.color().name(), soon_bg.color().name()) == (theme.NORMAL.soon_text, theme.NORMAL.soon_back)
    assert theme.deadline_brushes(None) is None

    today = window.open_page("today")
    wait_tasks(qtbot, ctx)
    assert today.overdue_buttons["long_overdue"].property("deadline") == "late"
    assert today.overdue_buttons["due_soon"].property("deadline") == ""  # nothing due: no alarm colour


def test_today_cards_show_last_month_and_dash_for_rates_with_nothing_to_judge(qtbot, ctx, basics, ledger, ui_settings):
    today = ledger.today()
    last = today.replace(day=1)
    last = last.replace(month=last.month - 1) if last.month > 1 else last.replace(year=last.year - 1, month=12)
    register(ledger, basics, datetime(last.year, last.month, 3, 9, 0).astimezone())
    window = MainWindow(ctx, settings=ui_settings)
    show_active(qtbot, window)
    page = window.open_page("today")
    wait_tasks(qtbot, ctx)
    assert page.figure("receptions") == "0"
    assert page.previous_figure("receptions") == "上月 1"
    assert page.figure("on_time_rate") == "—"  # nothing closed this month: no rate to judge
    assert page.figure("satisfaction_rate") == "—"

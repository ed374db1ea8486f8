"""At 1366×768, at 100 % and 150 %, the opinion list keeps 状态, 主办单位 and 截止日期 in view (the content
column is elided first) and never scrolls sideways."""

from __future__ import annotations

from datetime import datetime

import pytest
from factories import LONG_MATTER, register
from PySide6.QtWidgets import QApplication
from ui_helpers import show_active, wait_tasks

from heshi_station.ui.main_window import MainWindow
from heshi_station.ui.startup import apply_font_scale


@pytest.mark.parametrize("percent", [100, 150])
def test_opinion_list_keeps_state_unit_and_deadline_visible(qtbot, ctx, basics, ledger, ui_settings, percent) -> None:
    for day in (2, 3):
        register(ledger, basics, datetime(2026, 11, day, 9, 0).astimezone(), matter=LONG_MATTER)
    app = QApplication.instance()
    base = app.font().pointSizeF()
    apply_font_scale(app, percent, base)
    try:
        window = MainWindow(ctx, settings=ui_settings)
        show_active(qtbot, window)
        window.resize(1366, 728)
        page = window.open_page("opinions")
        wait_tasks(qtbot, ctx)
        qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
        qtbot.wait(50)
        table = page.table
        viewport = table.viewport().width()
        for col in (4, 5, 6):  # 状态, 主办单位, 截止日期
            assert not table.isColumnHidden(col)
            assert table.columnViewportPosition(col) >= 0
            assert table.columnViewportPosition(col) + table.columnWidth(col) <= viewport, col
            text = page.model.index(0, col).data()
            assert table.fontMetrics().horizontalAdvance(text) <= table.columnWidth(col), (col, text)
        content = page.model.index(0, 1).data()
        assert table.fontMetrics().horizontalAdvance(content) > table.columnWidth(1)  # elided, not the others
        assert table.horizontalScrollBar().maximum() == 0
    finally:
        apply_font_scale(app, 100, base)

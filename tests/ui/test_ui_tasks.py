"""UiContext.run_task: results reach the GUI thread, failures are never lost, closed widgets are skipped."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QApplication, QLabel

from tests.ui.ui_helpers import wait_tasks


def test_result_for_a_widget_closed_meanwhile_is_dropped(qtbot, ctx) -> None:
    label = QLabel("等待")
    release = threading.Event()
    ctx.run_task(lambda: release.wait(10) and "结果", label.setText, label.setText)
    label.deleteLater()
    QApplication.processEvents()  # the label is gone before the task finishes
    release.set()
    wait_tasks(qtbot, ctx)  # would raise "Internal C++ object already deleted" from the Qt event loop


def test_result_and_failure_reach_their_callbacks(qtbot, ctx) -> None:
    seen: list[object] = []
    ctx.run_task(lambda: 41 + 1, seen.append)
    ctx.run_task(lambda: 1 / 0, seen.append, seen.append)
    wait_tasks(qtbot, ctx)
    assert 42 in seen and any(isinstance(x, ZeroDivisionError) for x in seen)

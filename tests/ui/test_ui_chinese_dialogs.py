"""Qt's own dialogs speak Chinese, file dialogs start in Documents and remember the last folder, and the mouse
wheel never changes a combo box or spin box the clerk did not click into."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from heshi_station.ui import file_dialogs, startup
from heshi_station.ui.pages.settings_page import SettingsPage


def test_qt_message_box_buttons_are_chinese(qapp) -> None:
    translator = startup.install_qt_translator(qapp, "zh_CN")
    assert translator is not None
    try:
        box = QMessageBox()
        box.setStandardButtons(
            QMessageBox.StandardButton.Ok
            | QMessageBox.StandardButton.Cancel
            | QMessageBox.StandardButton.Yes
            | QMessageBox.StandardButton.No
        )
        texts = {b: box.button(b).text().replace("&", "") for b in QMessageBox.StandardButton if box.button(b)}
        assert texts[QMessageBox.StandardButton.Ok].startswith("确定")
        assert texts[QMessageBox.StandardButton.Cancel].startswith("取消")
        assert texts[QMessageBox.StandardButton.Yes].startswith("是")
        assert texts[QMessageBox.StandardButton.No].startswith("否")
    finally:
        qapp.removeTranslator(translator)
    assert startup.install_qt_translator(qapp, "en") is None  # Qt's own texts are English already


@pytest.fixture
def wheel_guard(qapp):
    guard = startup.install_wheel_guard(qapp)
    yield guard
    qapp.removeEventFilter(guard)
    guard.setParent(None)
    guard.deleteLater()


def _wheel(widget, steps: int = -1) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(QPoint(int(centre.x()), int(centre.y())))),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_wheel_over_settings_changes_nothing_the_clerk_did_not_click(qtbot, ctx, ui_settings, wheel_guard) -> None:
    page = SettingsPage(ctx, settings=ui_settings)
    qtbot.addWidget(page)
    page.resize(800, 400)
    page.show()
    qtbot.waitExposed(page)
    page.save_station_button.setFocus()
    language_before = page.language.currentIndex()
    percent_before = page.font_percent.value()
    for _ in range(3):
        _wheel(page.language)
        _wheel(page.font_percent, steps=1)
    assert page.language.currentIndex() == language_before
    assert page.font_percent.value() == percent_before
    assert ui_settings.language() == "zh_CN"
    assert page.language.focusPolicy() == Qt.FocusPolicy.StrongFocus

    # Clicked into (focused), the box does take the wheel, as the clerk expects.
    page.font_percent.setFocus()
    qtbot.waitUntil(page.font_percent.hasFocus, timeout=3000)
    _wheel(page.font_percent, steps=1)
    assert page.font_percent.value() != percent_before


def _accept_file_dialog(choose: Path, seen: list[str]) -> None:
    def poll(left: int = 500) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QFileDialog):
            seen.append(dialog.directory().absolutePath())
            dialog.selectFile(str(choose))
            dialog.accept()
            return
        if left:
            QTimer.singleShot(10, lambda: poll(left - 1))

    QTimer.singleShot(0, poll)


def test_file_dialogs_start_in_documents_and_remember_the_last_folder(qtbot, qapp, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path / "home" / "文档"))
    QStandardPaths.setTestModeEnabled(False)
    (tmp_path / "home" / "文档").mkdir(parents=True)
    documents = file_dialogs.documents_folder()
    assert documents.is_dir()

    usb = tmp_path / "U盘"
    usb.mkdir()
    source = usb / "旧台账.xlsx"
    source.write_bytes(b"x")
    seen: list[str] = []
    _accept_file_dialog(source, seen)
    assert file_dialogs.open_file(None, "导入", "Excel 工作簿 (*.xlsx)") == source
    assert Path(seen[0]) == documents

    seen.clear()
    _accept_file_dialog(usb / "导出.xlsx", seen)
    assert file_dialogs.save_file(None, "导出", "导出.xlsx", "Excel 工作簿 (*.xlsx)") == usb / "导出.xlsx"
    assert Path(seen[0]) == usb  # the folder chosen last time
    assert file_dialogs.last_folder() == usb

    # The stick is taken out: back to Documents, no dialog in a folder that is gone.
    source.unlink()
    (usb / "导出.xlsx").unlink(missing_ok=True)
    usb.rmdir()
    assert file_dialogs.last_folder() == documents

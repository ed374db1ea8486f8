"""Starting the program: the wizard on first launch, the demo choice, and a real process that opens the window."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from ui_helpers import show_active

from heshi_station.ledger import reference_data
from heshi_station.ledger.context import Ledger
from heshi_station.ui.wizard import CHOICE_DEMO, CHOICE_STATION, FirstLaunchWizard

ROOT = Path(__file__).resolve().parents[2]


def test_wizard_saves_station_and_clerk(qtbot, tmp_path) -> None:
    led = Ledger.open(tmp_path / "new.sqlite3")
    try:
        wizard = FirstLaunchWizard(led)
        show_active(qtbot, wizard)
        qtbot.mouseClick(wizard.start_button, Qt.MouseButton.LeftButton)
        assert wizard.isVisible() and "必须填写" in wizard.form.errors.labels["name"].text()
        assert reference_data.get_station(led) is None
        wizard.form.name.setText("测试街道代表联络站")
        wizard.form.code.setText("T-09")
        wizard.form.clerk.setText("测试联络员")
        qtbot.mouseClick(wizard.start_button, Qt.MouseButton.LeftButton)
        assert wizard.choice == CHOICE_STATION and wizard.pages.currentIndex() == 1  # then: the reference data
        qtbot.mouseClick(wizard.later_button, Qt.MouseButton.LeftButton)
        assert not wizard.isVisible() and wizard.next_step == ""
        assert reference_data.get_station(led).code == "T-09"
        assert reference_data.get_setting(led, "clerk_name") == "测试联络员"
    finally:
        led.close()


def test_wizard_demo_choice_writes_nothing(qtbot, tmp_path) -> None:
    led = Ledger.open(tmp_path / "new.sqlite3")
    try:
        wizard = FirstLaunchWizard(led)
        show_active(qtbot, wizard)
        qtbot.mouseClick(wizard.demo_button, Qt.MouseButton.LeftButton)
        assert wizard.choice == CHOICE_DEMO and reference_data.get_station(led) is None
    finally:
        led.close()


def test_program_opens_the_window_on_a_ledger(tmp_path, ledger, basics) -> None:
    env = dict(os.environ, HESHI_QUIT_WHEN_SHOWN="1", QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    db = ledger.engine.url.database
    out = subprocess.run(
        [sys.executable, "-m", "heshi_station.cli", "--db", db],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "shown_after_s=" in out.stdout
    log = Path(env["HESHI_DATA_DIR"]) / "logs" / "heshi-station.log"
    assert log.is_file()


def test_exception_hook_logs_the_traceback(qapp, monkeypatch, tmp_path) -> None:
    from PySide6.QtWidgets import QMessageBox

    from heshi_station import paths
    from heshi_station.ui import startup

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[2]))
    path = startup.configure_logging()
    try:
        raise KeyError("boom-test")
    except KeyError as exc:
        startup.handle_uncaught(type(exc), exc, exc.__traceback__)
    for handler in __import__("logging").getLogger().handlers:
        handler.flush()
    assert path.parent == paths.log_dir()
    assert "boom-test" in path.read_text(encoding="utf-8")
    assert shown and "已保存的台账不受影响" in shown[0]


def test_demo_ledger_is_generated_in_a_worker_on_first_open(qtbot, monkeypatch, ui_settings) -> None:
    import argparse

    from heshi_station import paths
    from heshi_station.ui import app as ui_app

    monkeypatch.setattr(ui_app, "DEMO_SCALE", 15)
    assert not paths.demo_db_path().exists()
    window = ui_app.build_main_window(argparse.Namespace(demo=True, db=None), ui_settings)
    assert window is not None
    qtbot.addWidget(window)
    try:
        assert window.demo and "演示数据" in window.windowTitle()
        assert reference_data.get_station(window.ctx.ledger) is not None
        assert len(reference_data.list_deputies(window.ctx.ledger)) >= 24
    finally:
        window.ctx.wait_for_done(10_000)
        window.ctx.ledger.close()

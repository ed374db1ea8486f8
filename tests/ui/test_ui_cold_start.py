"""The window is shown before the ledger is opened: starting the program imports nothing of SQLAlchemy,
the sync stack or the report libraries until the shell is on screen, and ``attach`` then fills it in."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QLabel
from ui_helpers import show_active, wait_tasks

from heshi_station.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]

HEAVY = (
    "sqlalchemy",
    "alembic",
    "reportlab",
    "openpyxl",
    "requests",
    "pydantic",
    "keyring",
    "heshi_station.ledger.context",
)


def test_showing_the_window_imports_no_ledger_libraries(tmp_path) -> None:
    code = (
        "import argparse, sys\n"
        "from heshi_station.ui import app as ui_app\n"
        "qapp = ui_app.make_application()\n"
        "window = ui_app.start_window(argparse.Namespace(demo=False, db=None), ui_app.UiSettings())\n"
        "qapp.processEvents()\n"
        "assert window.isVisible()\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    env = {"QT_QPA_PLATFORM": "offscreen", "HESHI_DATA_DIR": str(tmp_path), "HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**__import__("os").environ, **env}, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_shell_then_attach_opens_the_last_page(qtbot, ctx, ui_settings) -> None:
    ui_settings.set_last_page("opinions")
    window = MainWindow(settings=ui_settings)
    show_active(qtbot, window)
    assert window.ctx is None and not window.nav.isEnabled()
    assert isinstance(window.stack.currentWidget(), QLabel)  # "正在打开台账…"
    attached = []
    window.ledger_attached.connect(lambda: attached.append(True))
    window.attach(ctx, db_path=Path(ctx.ledger.engine.url.database))
    wait_tasks(qtbot, ctx)
    assert attached and window.nav.isEnabled()
    assert window.current_key() == "opinions" and window.stack.currentWidget() is window.pages["opinions"]
    assert "代表联络站台账" in window.windowTitle() and ctx.parent_widget is window

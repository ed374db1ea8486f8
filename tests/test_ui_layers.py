"""Layers point one way: nothing outside heshi_station/ui imports PySide6 (checked in a clean process)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import heshi_station

ROOT = Path(__file__).resolve().parents[1]


def _non_ui_modules() -> list[str]:
    names = []
    for package_name in ("heshi_station", "heshi_protocol", "heshi_centre"):
        try:
            package = __import__(package_name)
        except ModuleNotFoundError:
            continue
        names.append(package_name)
        for info in pkgutil.walk_packages(package.__path__, package_name + "."):
            if info.name.startswith("heshi_station.ui") or ".migrations." in info.name:  # alembic-run scripts
                continue
            names.append(info.name)
    return names


def test_importing_every_non_ui_module_does_not_import_pyside6() -> None:
    modules = _non_ui_modules()
    assert "heshi_station.ledger.opinions" in modules and "heshi_station.cli" in modules
    assert heshi_station.__name__ == "heshi_station"
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print('QT:' + ','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("QT:"), out.stdout


def test_the_check_itself_sees_pyside6_when_ui_is_imported() -> None:
    # Guard against a check that can never fail: importing the window must show up.
    code = "import sys, heshi_station.ui.main_window; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "True", out.stderr

"""Where the ledger, its backups and the logs live on the station PC (platformdirs).

Lookup order for the data folder, first match wins:

1. ``HESHI_DATA_DIR`` (tests, the centre's deployments);
2. portable mode: when the installed program (a PyInstaller build) finds a marker file
   ``heshi-portable.txt`` (or ``portable.txt``) next to its executable, data lives in ``heshi-data/``
   beside the executable — the whole station on one USB stick;
3. the user data folder (``%LOCALAPPDATA%\\heshi-station`` on Windows, ``~/.local/share/heshi-station`` on
   Linux), which installers and upgrades never touch.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_dir, user_log_dir

APP_NAME = "heshi-station"
PORTABLE_MARKERS = ("heshi-portable.txt", "portable.txt")
PORTABLE_DATA_FOLDER = "heshi-data"


def program_dir() -> Path | None:
    """The folder holding the installed executable (None when running from source)."""
    if not getattr(sys, "frozen", False):
        return None
    return Path(sys.executable).resolve().parent


def portable_data_dir() -> Path | None:
    """``<program folder>/heshi-data`` when a portable marker file sits next to the executable, else None."""
    folder = program_dir()
    if folder is None or not any((folder / marker).is_file() for marker in PORTABLE_MARKERS):
        return None
    return folder / PORTABLE_DATA_FOLDER


def data_dir() -> Path:
    override = os.environ.get("HESHI_DATA_DIR")
    if override:
        return Path(override)
    return portable_data_dir() or Path(user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "ledger.sqlite3"


def demo_dir() -> Path:
    """The demo ledger's own folder: its backups and logs live here too, never beside the real ledger's."""
    return data_dir() / "demo"


def demo_db_path() -> Path:
    return demo_dir() / "demo-ledger.sqlite3"


def is_demo_ledger(path: Path | str) -> bool:
    try:
        return Path(path).resolve().parent == demo_dir().resolve()
    except OSError:
        return False


def log_dir() -> Path:
    override = os.environ.get("HESHI_DATA_DIR")
    if override:
        return Path(override) / "logs"
    portable = portable_data_dir()
    return portable / "logs" if portable else Path(user_log_dir(APP_NAME, appauthor=False))

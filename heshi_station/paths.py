"""Where the ledger, its backups and the logs live on the station PC (platformdirs).

``HESHI_DATA_DIR`` overrides the data folder (tests, portable setups).
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir, user_log_dir

APP_NAME = "heshi-station"


def data_dir() -> Path:
    override = os.environ.get("HESHI_DATA_DIR")
    return Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "ledger.sqlite3"


def demo_db_path() -> Path:
    return data_dir() / "demo" / "demo-ledger.sqlite3"


def log_dir() -> Path:
    override = os.environ.get("HESHI_DATA_DIR")
    return Path(override) / "logs" if override else Path(user_log_dir(APP_NAME, appauthor=False))

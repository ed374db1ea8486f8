"""The demo ledger's backups, window preferences and log never mix with the real ledger's."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from factories import set_up_basics

from heshi_station import paths
from heshi_station.backup import default_backup_folder, list_backups, take_backup
from heshi_station.ledger.context import Ledger
from heshi_station.ui.app import demo_ui_settings
from heshi_station.ui.settings import UiSettings
from heshi_station.ui.startup import configure_logging


def test_a_demo_backup_is_never_the_real_stations(ledger, basics) -> None:
    paths.demo_dir().mkdir(parents=True, exist_ok=True)
    demo = Ledger.open(paths.demo_db_path(), actor="演示联络员")
    try:
        set_up_basics(demo, "DEMO-01")
        taken = take_backup(demo)
        assert taken.path.parent == paths.demo_dir() / "backups"
    finally:
        demo.close()
    real_folder = default_backup_folder(ledger)
    assert real_folder == paths.data_dir() / "backups"
    assert list_backups(real_folder) == []  # nothing the real station could be offered to restore
    real = take_backup(ledger)
    assert [b.path for b in list_backups(paths.demo_dir() / "backups")] == [taken.path]
    assert real.path.parent == real_folder


def test_demo_preferences_and_log_are_its_own(qapp) -> None:
    real = UiSettings()
    real.set_language("zh_CN")
    real.set_font_percent(100)
    demo = demo_ui_settings()
    demo.set_language("en")
    demo.set_font_percent(150)
    demo.sync()
    assert UiSettings().language() == "zh_CN" and UiSettings().font_percent() == 100

    log_path = configure_logging(paths.demo_dir() / "logs")
    try:
        assert log_path.parent == paths.demo_dir() / "logs"
        assert Path(paths.log_dir()) != log_path.parent
        logging.getLogger("demo-test").warning("演示日志")
        for h in logging.getLogger().handlers:
            h.flush()
        assert "演示日志" in log_path.read_text(encoding="utf-8")
    finally:
        root = logging.getLogger()
        for h in [h for h in root.handlers if isinstance(h, RotatingFileHandler) and Path(h.baseFilename) == log_path]:
            root.removeHandler(h)
            h.close()


def test_the_demos_last_folder_is_its_own(qapp, tmp_path) -> None:
    from heshi_station.ui import file_dialogs
    from heshi_station.ui.settings import DEMO_PROPERTY

    real, demo = tmp_path / "real", tmp_path / "demo"
    real.mkdir()
    demo.mkdir()
    file_dialogs.remember_folder(real)
    qapp.setProperty(DEMO_PROPERTY, True)
    try:
        file_dialogs.remember_folder(demo)  # a file saved from the demo
        assert file_dialogs.last_folder() == demo
    finally:
        qapp.setProperty(DEMO_PROPERTY, False)
    assert file_dialogs.last_folder() == real  # the real station's dialogs still open where the clerk was

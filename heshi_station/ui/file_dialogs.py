"""File dialogs that start where the clerk keeps files and remember where they went last.

Guarantees:
- the first dialog opens in the clerk's Documents folder (``QStandardPaths.DocumentsLocation``; the home
  folder when there is none); after that each dialog opens in the folder last chosen in any dialog;
- the last folder is this PC's preference (QSettings ``files/last_folder``), never ledger data — the demo's
  is its own (``settings.preferences_application``); a folder that no longer exists (a USB stick taken out)
  falls back to Documents;
- a caller may give its own start folder (the backup folder for a restore); the chosen folder is still
  remembered;
- every function returns a ``Path`` or None when the clerk cancelled.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from heshi_station.ui.settings import ORGANISATION, preferences_application

LAST_FOLDER_KEY = "files/last_folder"


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


def _settings() -> QSettings:
    return QSettings(ORGANISATION, preferences_application())


def last_folder() -> Path:
    """The folder the next dialog opens in."""
    stored = _settings().value(LAST_FOLDER_KEY)
    if isinstance(stored, str) and stored and Path(stored).is_dir():
        return Path(stored)
    return documents_folder()


def remember_folder(folder: Path) -> None:
    settings = _settings()
    settings.setValue(LAST_FOLDER_KEY, str(folder))
    settings.sync()


def _start(start: Path | None, name: str = "") -> str:
    folder = start if start is not None and start.is_dir() else last_folder()
    return str(folder / name) if name else str(folder)


def open_file(parent: QWidget | None, title: str, file_filter: str, start: Path | None = None) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, title, _start(start), file_filter)
    if not chosen:
        return None
    remember_folder(Path(chosen).parent)
    return Path(chosen)


def save_file(
    parent: QWidget | None, title: str, suggested_name: str, file_filter: str, start: Path | None = None
) -> Path | None:
    chosen, _ = QFileDialog.getSaveFileName(parent, title, _start(start, suggested_name), file_filter)
    if not chosen:
        return None
    remember_folder(Path(chosen).parent)
    return Path(chosen)


def existing_folder(parent: QWidget | None, title: str, start: Path | None = None) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, title, _start(start))
    if not chosen:
        return None
    remember_folder(Path(chosen))
    return Path(chosen)

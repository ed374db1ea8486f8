"""Files that hold the station's personal data — the ledger, its backups, the log — readable by their owner
only (issue 11: they were created 0644).

Guarantees:
- ``create_private`` creates a missing file with mode 0600 before anything writes into it, so there is no
  moment when another account could read it; SQLite gives the ledger's ``-wal``/``-shm``/``-journal``
  files the mode of the database file, so they follow;
- ``make_private`` tightens an existing file to 0600 and never fails (a FAT USB stick has no modes; a file
  of another account is left as it is);
- on Windows both do nothing beyond creating the file: the files live in the user's own profile folder,
  whose access list already admits only that user.
"""

from __future__ import annotations

import contextlib
import os
import stat
from logging.handlers import RotatingFileHandler
from pathlib import Path

PRIVATE_MODE = stat.S_IRUSR | stat.S_IWUSR  # 0600


def create_private(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if it does not exist (an empty file is an empty SQLite database)."""
    with contextlib.suppress(FileExistsError):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE)
        os.close(fd)


def make_private(path: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        if stat.S_IMODE(os.stat(path).st_mode) != PRIVATE_MODE:
            os.chmod(path, PRIVATE_MODE)


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A rotating log whose every file (the current one and each one started at rollover) is 0600."""

    def _open(self):
        create_private(Path(self.baseFilename))
        make_private(Path(self.baseFilename))
        return super()._open()

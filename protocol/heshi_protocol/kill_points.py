"""Fault injection for the crash tests, in ONE place for the station and the centre.

``kill_point(name, variable)`` kills the running process with SIGKILL when the environment variable
``variable`` names this point (``HESHI_SYNC_KILL_AT`` on the station, ``HESHI_CENTRE_KILL_AT`` on the centre).
Guarantees: it does nothing unless that variable is set to exactly ``name``, and nothing at all in a frozen
(PyInstaller) build, so an installed program can never be made to kill itself by its environment.
"""

from __future__ import annotations

import os
import signal
import sys

STATION = "HESHI_SYNC_KILL_AT"
CENTRE = "HESHI_CENTRE_KILL_AT"


def kill_point(name: str, variable: str = STATION) -> None:
    if getattr(sys, "frozen", False):
        return
    if os.environ.get(variable) == name:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))

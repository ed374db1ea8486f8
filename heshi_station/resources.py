"""Where the application's bundled data files (``resources/``) live."""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: Environment variable that points at a resources directory, overriding every other lookup.
RESOURCES_ENV_VAR = "HESHI_RESOURCES"


def resources_dir() -> Path:
    """Return the directory that holds the bundled resources (``holidays/``, …).

    Lookup order, first match wins:

    1. ``$HESHI_RESOURCES`` if set and non-empty — lets tests and the centre's deployment point at
       other data without touching the install;
    2. ``<sys._MEIPASS>/resources`` when running from a PyInstaller bundle, where ``__file__`` points
       into the unpacked archive rather than the source tree;
    3. ``<repository root>/resources`` for a source checkout.

    The path is returned as is; it is not checked for existence, so a missing resource surfaces as a
    ``FileNotFoundError`` naming the full path when it is opened.
    """
    override = os.environ.get(RESOURCES_ENV_VAR)
    if override:
        return Path(override).expanduser()
    bundle_root = getattr(sys, "_MEIPASS", None)
    if bundle_root is not None:
        return Path(bundle_root) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"

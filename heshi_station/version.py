"""The program's version, from the installed package metadata (bundled into the PyInstaller build)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

DIST_NAME = "heshi-station"


def app_version() -> str:
    try:
        return version(DIST_NAME)
    except PackageNotFoundError:  # a source tree that was never installed
        return "0+unknown"

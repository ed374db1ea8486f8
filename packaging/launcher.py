"""Entry point of the frozen program (PyInstaller needs a script): the same as the ``heshi-station`` command."""

import sys

from heshi_station.cli import main

if __name__ == "__main__":
    sys.exit(main())

"""Run ``heshi-station`` in a subprocess with the in-memory keyring (seeded from HESHI_TEST_KEYRING)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.sync.memory_keyring import install

install()

from heshi_station.cli import main  # noqa: E402

sys.exit(main(sys.argv[1:]))

"""Console tests reuse the sync tests' real centre process, keyring and station-code fixtures."""

from tests.sync.conftest import _centres, centre, memory_keyring, own_centre, station_code  # noqa: F401

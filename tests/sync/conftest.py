"""Fixtures for sync tests: an in-memory keyring, and a REAL centre process on loopback against SQLite
or PostgreSQL (a fresh schema per test session; skipped with the reason only if PostgreSQL is unreachable).

Starting a centre process costs seconds, so ``centre`` is one process per backend for the whole session;
tests stay isolated because each uses its own station code (``station_code`` fixture). Tests that kill
or restart the centre use ``own_centre``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from heshi_centre.db import open_database
from tests.sync.centre_process import CentreProcess, drop_pg_schema, new_pg_schema, postgres_reachable
from tests.sync.memory_keyring import install


@pytest.fixture(autouse=True)
def memory_keyring():
    return install()


@dataclass
class Centre:
    process: CentreProcess
    factory: object
    database_url: str

    @property
    def url(self) -> str:
        return self.process.url


def _start(url: str, log: Path):
    engine, factory = open_database(url)
    return engine, Centre(CentreProcess(url, log_path=log).start(), factory, url)


def _database(backend: str, folder: Path):
    if backend == "postgres":
        if reason := postgres_reachable():
            pytest.skip(reason)
        return new_pg_schema()
    return f"sqlite+pysqlite:///{folder / 'centre.sqlite3'}", None


@pytest.fixture(scope="session")
def _centres(tmp_path_factory):
    running: dict[str, tuple] = {}

    def get(backend: str) -> Centre:
        if backend not in running:
            folder = tmp_path_factory.mktemp(f"centre-{backend}")
            url, schema = _database(backend, folder)
            engine, centre = _start(url, folder / "centre.log")
            running[backend] = (engine, centre, schema)
        return running[backend][1]

    yield get
    for engine, centre, schema in running.values():
        centre.process.stop()
        engine.dispose()
        if schema:
            drop_pg_schema(schema)


@pytest.fixture
def centre(request, _centres) -> Centre:
    """The session's centre for the backend named by the param (default sqlite)."""
    return _centres(getattr(request, "param", "sqlite"))


@pytest.fixture
def own_centre(request, tmp_path):
    """A centre process of this test's own (it may be killed and restarted)."""
    backend = getattr(request, "param", "sqlite")
    url, schema = _database(backend, tmp_path)
    engine, c = _start(url, tmp_path / "centre.log")
    yield c
    c.process.stop()
    engine.dispose()
    if schema:
        drop_pg_schema(schema)


@pytest.fixture
def station_code() -> str:
    return f"T-{uuid.uuid4().hex[:8]}"


BOTH_BACKENDS = pytest.mark.parametrize("centre", ["sqlite", "postgres"], indirect=True)
OWN_BOTH_BACKENDS = pytest.mark.parametrize("own_centre", ["sqlite", "postgres"], indirect=True)

"""Fixtures for sync tests: an in-memory keyring, and a REAL centre process on loopback against SQLite
or PostgreSQL (a fresh schema per test; skipped with the reason only if PostgreSQL is unreachable)."""

from __future__ import annotations

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


def _sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+pysqlite:///{tmp_path / 'centre.sqlite3'}"


@pytest.fixture
def centre_db(request, tmp_path):
    """(database URL, cleanup) for the backend named by the param (default sqlite)."""
    backend = getattr(request, "param", "sqlite")
    if backend == "postgres":
        if reason := postgres_reachable():
            pytest.skip(reason)
        url, schema = new_pg_schema()
        yield url
        drop_pg_schema(schema)
    else:
        yield _sqlite_url(tmp_path)


@pytest.fixture
def centre(centre_db, tmp_path):
    engine, factory = open_database(centre_db)
    proc = CentreProcess(centre_db, log_path=tmp_path / "centre.log").start()
    yield Centre(proc, factory, centre_db)
    proc.stop()
    engine.dispose()


BOTH_BACKENDS = pytest.mark.parametrize("centre_db", ["sqlite", "postgres"], indirect=True)

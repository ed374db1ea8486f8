"""Each centre worker's connection pool is sized by HESHI_CENTRE_DB_POOL / HESHI_CENTRE_DB_OVERFLOW, so N workers
can be kept under PostgreSQL's max_connections; a bad value is refused with the variable's name."""

from __future__ import annotations

import pytest

from heshi_centre.cli import main
from heshi_centre.db import make_engine
from heshi_centre.errors import SettingInvalid

URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def test_pool_size_comes_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("HESHI_CENTRE_DB_POOL", "3")
    monkeypatch.setenv("HESHI_CENTRE_DB_OVERFLOW", "1")
    engine = make_engine(URL)  # no connection is opened: the pool is only configured
    assert engine.pool.size() == 3
    assert engine.pool._max_overflow == 1
    engine.dispose()


def test_defaults_without_the_variables(monkeypatch) -> None:
    monkeypatch.delenv("HESHI_CENTRE_DB_POOL", raising=False)
    monkeypatch.delenv("HESHI_CENTRE_DB_OVERFLOW", raising=False)
    engine = make_engine(URL)
    assert engine.pool.size() == 10
    engine.dispose()


def test_a_bad_value_names_the_variable(monkeypatch) -> None:
    monkeypatch.setenv("HESHI_CENTRE_DB_POOL", "ten")
    with pytest.raises(SettingInvalid, match="HESHI_CENTRE_DB_POOL"):
        make_engine(URL)


def test_the_command_line_says_which_setting_is_wrong(monkeypatch, capsys) -> None:
    monkeypatch.setenv("HESHI_CENTRE_DB_OVERFLOW", "-1")
    assert main(["--database-url", URL, "migrate"]) == 2
    err = capsys.readouterr().err
    assert "HESHI_CENTRE_DB_OVERFLOW" in err and "Traceback" not in err

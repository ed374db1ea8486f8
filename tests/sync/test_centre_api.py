"""The centre's committed OpenAPI spec matches the app, the admin CLI works end to end, and schemathesis
finds no server error (5xx) on generated input — with and without valid credentials."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy.orm import sessionmaker

from heshi_centre import admin
from heshi_centre.app import OPENAPI_PATH, create_app, openapi_text


def test_committed_openapi_spec_matches_the_app():
    committed = json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))
    assert committed == create_app(sessionmaker()).openapi(), "run: uv run heshi-centre openapi --write"
    assert OPENAPI_PATH.read_text(encoding="utf-8") == openapi_text()
    assert {"/api/v1/push", "/api/v1/pull", "/api/v1/hello"} <= set(committed["paths"])


def _cli(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "heshi_centre.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_admin_cli(tmp_path: Path):
    env = {**os.environ, "DATABASE_URL": f"sqlite+pysqlite:///{tmp_path / 'c.sqlite3'}"}
    done = _cli(
        "add-station", "QB-JS-01", "金山街道代表联络站", "--district", "淇滨区", "--township", "金山街道", env=env
    )
    assert done.returncode == 0 and "已登记" in done.stdout
    again = _cli("add-station", "QB-JS-01", "重复", env=env)
    assert again.returncode == 2 and "已经登记过" in again.stderr
    first = _cli("issue-token", "QB-JS-01", env=env)
    token = first.stdout.strip()
    assert first.returncode == 0 and len(token) >= 40 and "只显示这一次" in first.stderr
    from heshi_centre.db import open_database
    from heshi_centre.models import StationToken

    engine, factory = open_database(env["DATABASE_URL"])
    with factory() as s:
        hashes = [t.token_hash for t in s.query(StationToken)]
    assert admin.hash_token(token) in hashes and token not in hashes, "only the hash is stored"
    assert (tmp_path / "c.sqlite3").read_bytes().find(token.encode()) == -1
    revoked = _cli("revoke-token", "QB-JS-01", env=env)
    assert revoked.returncode == 0 and "1 个令牌" in revoked.stdout
    bad = tmp_path / "units.csv"
    bad.write_text("单位名称,单位类型\n区水利局,部门\n,部门\n区民政局,不存在的类型\n", encoding="utf-8")
    loaded = _cli("load", "units", str(bad), env=env)
    assert (
        loaded.returncode == 2 and "第3行" in loaded.stderr and "第4行" in loaded.stderr and "未导入" in loaded.stderr
    )
    unknown = _cli("issue-token", "NOPE", env=env)
    assert unknown.returncode == 2 and "没有编码为 NOPE" in unknown.stderr
    engine.dispose()


def test_reference_data_from_xlsx(tmp_path: Path):
    from openpyxl import Workbook

    from heshi_centre.db import open_database
    from heshi_centre.models import CentreCategory, CentreUnit

    wb = Workbook()
    ws = wb.active
    ws.append(["单位名称", "单位类型", "上级单位"])
    ws.append(["区交通运输局", "department", "区人民政府"])
    ws.append(["区人民政府", "state_body", ""])
    path = tmp_path / "units.xlsx"
    wb.save(path)
    cats = tmp_path / "cats.csv"
    cats.write_text("意见类别,办理时限\n道路交通,15\n养老服务,20\n", encoding="utf-8-sig")
    engine, factory = open_database(f"sqlite+pysqlite:///{tmp_path / 'c.sqlite3'}")
    with factory.begin() as s:
        assert admin.load_reference(s, "units", path) == 2
        assert admin.load_reference(s, "categories", cats) == 2
    with factory.begin() as s:
        assert admin.load_reference(s, "units", path) == 0, "loading the same file again changes nothing"
        units = {u.name: u for u in s.query(CentreUnit)}
        assert units["区交通运输局"].parent_id == units["区人民政府"].id
        assert {c.name: c.time_limit_days for c in s.query(CentreCategory)} == {"道路交通": 15, "养老服务": 20}
    engine.dispose()


ADMIN_TOKEN = "schemathesis-admin-token"


@pytest.mark.slow
@pytest.mark.parametrize("own_centre", ["sqlite", "postgres"], indirect=True)
def test_schemathesis_finds_no_server_errors(own_centre):
    import schemathesis

    from tests.sync.centre_process import CentreProcess

    centre = own_centre
    centre.process.stop()
    centre.process = CentreProcess(
        centre.database_url, port=centre.process.port, env={"HESHI_CENTRE_ADMIN_TOKEN": ADMIN_TOKEN}
    ).start()
    with centre.factory.begin() as s:
        admin.add_station(s, "FUZZ-01", "模糊测试站")
        token = admin.issue_token(s, "FUZZ-01")
    station_headers = {"Authorization": f"Bearer {token}", "X-Heshi-Protocol": "1", "X-Heshi-Station": "FUZZ-01"}
    schema = schemathesis.openapi.from_dict(json.loads(OPENAPI_PATH.read_text(encoding="utf-8")))
    failures: list[str] = []
    seen: dict[str, set[int]] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        valid = station_headers if "admin" not in operation.path else {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        for headers in (None, valid):
            _fuzz(operation, centre.url, headers, failures, seen.setdefault(operation.path, set()))
    assert not failures, "\n".join(failures[:10])
    # With valid credentials the fuzzing reached the real work, not only the auth checks.
    assert 200 in seen["/api/v1/push"] and 200 in seen["/api/v1/pull"], seen


def _fuzz(operation, base_url: str, headers: dict | None, failures: list[str], seen: set[int]) -> None:
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(case=operation.as_strategy())
    def check(case):
        response = case.call(base_url=base_url, headers=headers, timeout=30)
        seen.add(response.status_code)
        if response.status_code >= 500:
            failures.append(f"{case.method} {case.path} -> {response.status_code}: {response.text[:200]}")

    check()

"""``heshi-centre load-holidays FILE``: the station's holiday-file format and checks at the centre, so a bad
table never reaches a station."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from heshi_protocol.holiday_file import _law_days


def _cli(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "heshi_centre.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["日期", "类型", "名称"])
        w.writerows(rows)
    return path


def test_load_holidays_file_is_checked_then_fed_to_stations(tmp_path: Path):
    from heshi_centre.db import open_database
    from heshi_centre.models import CentreHolidayYear

    env = {**os.environ, "DATABASE_URL": f"sqlite+pysqlite:///{tmp_path / 'c.sqlite3'}"}
    law = [[d.isoformat(), "放假", n] for d, n in sorted(_law_days()[2027].items())]
    bad = _csv(tmp_path / "bad.csv", [*law[1:], ["2027-02-13", "放假", "春节"], ["2027-02-13", "调休上班", "春节"]])
    refused = _cli("load-holidays", str(bad), env=env)
    assert refused.returncode == 2
    assert "缺少法定节假日 2027-01-01" in refused.stderr and f"第{len(law) + 2}行" in refused.stderr
    assert "未导入任何内容" in refused.stderr
    good = _csv(tmp_path / "2027.csv", [*law, ["2027-02-14", "调休上班", "春节"]])
    loaded = _cli("load-holidays", str(good), env=env)
    assert loaded.returncode == 0, loaded.stderr
    assert "1 个年份有变化" in loaded.stdout
    bundled = _cli("load-holidays", env=env)  # the bundled multi-year table passes the same checks
    assert bundled.returncode == 0, bundled.stderr
    engine, factory = open_database(env["DATABASE_URL"])
    with factory() as s:
        years = set(s.scalars(select(CentreHolidayYear.year)))
    engine.dispose()
    assert 2027 in years and {2004, 2026} <= years

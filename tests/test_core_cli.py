"""The command line: demo, stats --json, search and check as real processes and in-process; clear
messages and non-zero exits for bad input; demo data reproducible from its seed."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from heshi_station.cli import main
from heshi_station.demo.generator import generate
from heshi_station.ledger import stats
from heshi_station.ledger.context import Ledger
from tests.conftest import FIXED_NOW

REPO = Path(__file__).resolve().parents[1]
SUMMARY_KEYS = [
    "receptions",
    "people_received",
    "opinions_collected",
    "answered_on_spot",
    "transferred",
    "closed",
    "fed_back",
    "on_time_rate",
    "satisfaction_rate",
    "satisfied_only_rate",
]


def cli(*args: str) -> subprocess.CompletedProcess:
    exe = shutil.which("heshi-station", path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, "-m", "heshi_station.cli"]
    return subprocess.run([*cmd, *args], capture_output=True, text=True, cwd=REPO, timeout=600)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "demo.sqlite3"
    result = cli("demo", "--db", str(path), "--scale", "80", "--seed", "11")
    assert result.returncode == 0, result.stderr
    assert "接待 80 次" in result.stdout
    return path


@pytest.mark.slow
def test_stats_json_as_a_real_process(demo_db: Path) -> None:
    today = date.today()
    result = cli("stats", "--db", str(demo_db), "--month", f"{today.year}-{today.month:02d}", "--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert list(figures) == SUMMARY_KEYS
    led = Ledger.open(demo_db)
    try:
        assert figures == stats.monthly_stats(led, today.year, today.month).summary()
    finally:
        led.close()
    assert figures["receptions"] > 0


@pytest.mark.slow
def test_stats_text_search_and_check_as_real_processes(demo_db: Path) -> None:
    con = sqlite3.connect(demo_db)
    name, matter = con.execute(
        "SELECT v.name, r.matter FROM visitor v JOIN reception r ON r.id = v.reception_id LIMIT 1"
    ).fetchone()
    con.close()
    today = date.today()
    result = cli("stats", "--db", str(demo_db), "--month", f"{today.year}-{today.month}")
    assert result.returncode == 0 and "工作统计" in result.stdout and "按期办结率" in result.stdout
    result = cli("search", "--db", str(demo_db), name)
    assert result.returncode == 0, result.stderr
    assert name in result.stdout or matter[:20] in result.stdout
    result = cli("search", "--db", str(demo_db), "不可能出现的检索词组合")
    assert result.returncode == 0 and "没有找到" in result.stdout
    result = cli("check", "--db", str(demo_db))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "完整性检查：通过" in result.stdout and "数据库版本" in result.stdout


@pytest.mark.parametrize("month", ["2026-13", "202611", "11-2026", "2026/11", "二〇二六年十一月", "2026-0"])
def test_bad_month_gives_a_clear_message_and_nonzero_exit(tmp_path: Path, month: str, capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["stats", "--db", str(tmp_path / "x.sqlite3"), "--month", month])
    assert info.value.code != 0
    err = capsys.readouterr().err
    assert "月份格式应为 YYYY-MM" in err and month in err
    assert not (tmp_path / "x.sqlite3").exists()  # nothing was created


def test_bad_month_as_a_real_process(tmp_path: Path) -> None:
    result = cli("stats", "--db", str(tmp_path / "x.sqlite3"), "--month", "2026-13", "--json")
    assert result.returncode != 0
    assert "月份格式应为 YYYY-MM" in result.stderr and "Traceback" not in result.stderr


def test_refused_files_give_one_chinese_line_not_a_traceback(tmp_path: Path, capsys) -> None:
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_bytes("不是数据库".encode() * 100)
    for argv in (
        ["stats", "--db", str(bogus), "--month", "2026-11"],
        ["search", "--db", str(bogus), "道路"],
        ["check", "--db", str(bogus)],
    ):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith("错误：") and "不是台账数据库" in err
    assert bogus.read_bytes() == "不是数据库".encode() * 100
    assert main(["check", "--db", str(tmp_path / "missing.sqlite3")]) == 2
    assert "不存在" in capsys.readouterr().err


def test_check_reports_a_too_new_schema(tmp_path: Path, capsys) -> None:
    path = tmp_path / "l.sqlite3"
    Ledger.open(path).close()
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE alembic_version SET version_num = '0099'")
    con.close()
    assert main(["check", "--db", str(path)]) == 1
    assert "0099" in capsys.readouterr().out
    assert main(["stats", "--db", str(path), "--month", "2026-11"]) == 2
    assert "更新版本" in capsys.readouterr().err


def test_demo_refuses_an_existing_file(tmp_path: Path, capsys) -> None:
    path = tmp_path / "l.sqlite3"
    Ledger.open(path).close()
    assert main(["demo", "--db", str(path), "--scale", "5"]) == 2
    assert "已存在" in capsys.readouterr().err


# ------------------------------------------------------------------------------------ reproducible demo
def _content(path: Path) -> dict[str, list]:
    """Everything a clerk would see, without the random ids and recording times."""
    con = sqlite3.connect(path)
    q = {
        "deputies": "SELECT name, gender, level, constituency, phone, active FROM deputy",
        "units": "SELECT name, kind FROM handling_unit",
        "days": "SELECT day, start_time, end_time, place, topic FROM reception_day",
        "rota": "SELECT rd.day, d.name FROM rota r JOIN reception_day rd ON rd.id = r.reception_day_id "
        "JOIN deputy d ON d.id = r.deputy_id",
        "attendance": "SELECT d.name, a.day, a.status, a.activities FROM attendance a "
        "JOIN deputy d ON d.id = a.deputy_id",
        "receptions": "SELECT received_at, way, place, matter, confidential FROM reception",
        "visitors": "SELECT r.received_at, v.position, v.name, v.phone, v.village, v.group_size "
        "FROM visitor v JOIN reception r ON r.id = v.reception_id",
        "opinions": "SELECT o.content, o.route, o.state, o.due_date, o.closed_on, o.registered_on, u.name "
        "FROM opinion o LEFT JOIN handling_unit u ON u.id = o.lead_unit_id",
        "events": "SELECT o.content, o.registered_on, e.kind, e.occurred_at, e.note "
        "FROM opinion_event e JOIN opinion o ON o.id = e.opinion_id",
    }
    out = {k: sorted(con.execute(sql).fetchall(), key=repr) for k, sql in q.items()}
    con.close()
    return out


def _generate(path: Path, seed: int) -> dict[str, list]:
    led = Ledger.open(path, clock=lambda: FIXED_NOW, actor="演示")
    try:
        summary = generate(led, seed=seed, scale=40)
    finally:
        led.close()
    content = _content(path)
    assert summary.receptions == len(content["receptions"]) == 40
    assert summary.opinions == len(content["opinions"])
    return content


@pytest.mark.slow
def test_demo_is_reproducible_from_its_seed(tmp_path: Path) -> None:
    a = _generate(tmp_path / "a.sqlite3", seed=42)
    b = _generate(tmp_path / "b.sqlite3", seed=42)
    assert a == b
    c = _generate(tmp_path / "c.sqlite3", seed=43)
    assert c["receptions"] != a["receptions"] and c["deputies"] != a["deputies"]
    # a realistic station: deputies of all five levels, opinions in many states
    assert {d[2] for d in a["deputies"]} == {"national", "province", "city", "county", "township"}
    states = {o[2] for o in a["opinions"]}
    assert "closed" in states and len(states - {"closed", "withdrawn", "duplicate"}) >= 3, states
    # The stats of a demo station are the same every time too.
    led = Ledger.open(tmp_path / "a.sqlite3", clock=lambda: FIXED_NOW)
    led2 = Ledger.open(tmp_path / "b.sqlite3", clock=lambda: FIXED_NOW)
    try:
        # deputies are keyed by id (new in each file): compare their rows, not their ids
        def same_kept(m: stats.MonthlyStats) -> dict:
            return {**m.as_dict(), "per_deputy": sorted(tuple(sorted(v.items())) for v in m.per_deputy.values())}

        assert same_kept(stats.monthly_stats(led, 2026, 10)) == same_kept(stats.monthly_stats(led2, 2026, 10))
    finally:
        led.close()
        led2.close()


@pytest.mark.slow
def test_demo_cli_same_seed_same_counts(tmp_path: Path) -> None:
    outs = []
    for name in ("a", "b"):
        result = cli("demo", "--db", str(tmp_path / f"{name}.sqlite3"), "--scale", "30", "--seed", "7")
        assert result.returncode == 0, result.stderr
        outs.append(result.stdout.splitlines()[-1])
    assert outs[0] == outs[1] and "接待 30 次" in outs[0]

"""``reference_load`` on a real SQLite centre database (no server): the five deputy levels as people write
them, units with parents in any order, refusals per row, a filled template loading as it is, and the
font finder the 月报 uses."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from heshi_centre import admin
from heshi_centre.db import open_database
from heshi_centre.models import CentreCategory, CentreUnit, Change
from heshi_centre.reference_load import ReferenceRefused, check_file, load_file
from heshi_centre.reference_templates import template_workbook
from heshi_protocol import fonts
from heshi_protocol.reference_values import deputy_level_from_text
from heshi_protocol.vocab import DeputyLevel


@pytest.fixture
def factory(tmp_path: Path):
    engine, factory = open_database(f"sqlite+pysqlite:///{tmp_path / 'centre.sqlite3'}")
    yield factory
    engine.dispose()


@pytest.mark.parametrize(
    ("text", "level"),
    [("全国", "national"), ("全国人大代表", "national"), ("省级", "province"), ("省人大代表", "province"),
     ("市", "city"), ("市级", "city"), ("市人大代表", "city"), ("县(区)", "county"), ("县（区）", "county"),
     ("区级", "county"), ("县级人大代表", "county"), ("区", "county"), ("乡(镇)", "township"), ("乡镇", "township"),
     ("镇人大代表", "township"), ("township", "township")],
)  # fmt: skip
def test_every_level_is_read(text, level):
    assert deputy_level_from_text(text).value == level


def test_an_unknown_level_names_what_is_accepted():
    with pytest.raises(ValueError, match=r"村级.*全国、省、市、县\(区\)、乡\(镇\)"):
        deputy_level_from_text("村级")
    assert {deputy_level_from_text(lv.label) for lv in DeputyLevel} == set(DeputyLevel)


def test_units_with_parents_in_any_order_and_a_cycle_refused(factory, tmp_path):
    path = tmp_path / "units.csv"
    rows = "单位名称,单位类型,上级单位\n科室,政府部门,局\n局,政府部门,政府\n政府,一府一委两院,\n"
    path.write_text(rows, encoding="utf-8")
    with factory.begin() as s:
        assert load_file(s, "units", path).changed == 3
    with factory() as s:
        units = {u.name: u for u in s.scalars(select(CentreUnit))}
        feed = [c.payload["name"] for c in s.scalars(select(Change).order_by(Change.seq))]
    assert units["科室"].parent_id == units["局"].id and units["局"].parent_id == units["政府"].id
    assert feed == ["政府", "局", "科室"], "parents reach the feed before their children"
    cycle = tmp_path / "cycle.csv"
    cycle.write_text("单位名称,单位类型,上级单位\n甲,政府部门,乙\n乙,政府部门,甲\n丙,部门,\n", encoding="utf-8")
    with factory() as s:
        report = check_file(s, "units", cycle)
    assert [(p.row, p.column) for p in report.problems] == [(4, "单位类型")], "the bad kind first; cycle after"
    cycle.write_text("单位名称,单位类型,上级单位\n甲,政府部门,乙\n乙,政府部门,甲\n", encoding="utf-8")
    with factory() as s:
        assert {p.reason for p in check_file(s, "units", cycle).problems} == {"上级单位关系绕成了一个圈"}


def test_category_rows_and_header_problems(factory, tmp_path):
    path = tmp_path / "cats.csv"
    rows = "意见类别,办理时限,在用\n道路,15,是\n养老,0,\n环境,十五,\n道路,20,\n教育,10,也许\n"
    path.write_text(rows, encoding="utf-8")
    with factory.begin() as s, pytest.raises(ReferenceRefused) as refused:
        load_file(s, "categories", path)
    got = {(p.row, p.column) for p in refused.value.report.problems}
    assert got == {(3, "办理时限"), (4, "办理时限"), (5, "意见类别"), (6, "在用")}
    with factory() as s:
        assert s.scalars(select(CentreCategory)).all() == []
    header = tmp_path / "header.csv"
    header.write_text("类别,时限\n道路,15\n", encoding="utf-8")
    with factory() as s:
        problem = check_file(s, "categories", header).problems[0]
    assert problem.row == 1 and "缺少：意见类别、办理时限" in problem.reason
    broken = tmp_path / "old.xlsx"
    broken.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)  # an Excel 97 header, nothing after it
    with factory() as s:
        problem = check_file(s, "categories", broken).problems[0]
    assert problem.row == 0 and "old.xlsx 已损坏" in problem.reason, "read as the station's import reads files"


def test_a_filled_template_loads_as_it_is(factory, tmp_path):
    with factory.begin() as s:
        admin.add_station(s, "QB-01", "测试联络站", "测试区")
    wb = load_workbook(io.BytesIO(template_workbook("roster", ["QB-01"])))
    wb["数据"].append(["代表甲", "市", "男", "", "", "是", "QB-01"])
    wb["数据"].append(["代表乙", "乡(镇)", "女", "", "", "", "QB-01"])
    path = tmp_path / "roster.xlsx"
    wb.save(path)
    with factory.begin() as s:
        assert load_file(s, "roster", path).changed == 2


def test_the_font_is_found_or_the_message_says_how(monkeypatch, tmp_path):
    assert fonts.cjk_font_path().name.startswith("wqy-microhei")
    monkeypatch.setenv(fonts.FONT_ENV_VAR, str(tmp_path / "elsewhere.ttf"))
    monkeypatch.setattr(fonts, "SYSTEM_FONTS", ())
    monkeypatch.setattr(fonts, "__file__", str(tmp_path / "a" / "b" / "fonts.py"))
    with pytest.raises(fonts.FontMissing, match="HESHI_CJK_FONT"):
        fonts.cjk_font_path()


def test_a_roster_without_a_station_is_one_problem(factory, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("姓名,代表层级\n代表甲,市级\n代表乙,区级\n", encoding="utf-8")
    with factory() as s:
        problems = check_file(s, "roster", path).problems
    assert len(problems) == 1 and problems[0].column == "联络站编码" and "--station" in problems[0].reason

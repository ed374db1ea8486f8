"""Importing old Excel ledgers: a deliberately messy workbook gives exactly the expected row report;
nothing is written before the caller applies; re-import adds nothing; old years import without a calendar."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from heshi_station.cli import main
from heshi_station.ledger.queries import OpinionFilter, list_opinions
from heshi_station.ledger.receptions import list_receptions
from heshi_station.reports.excel_import import (
    DATE_FORMS,
    ImportFileError,
    RowProblem,
    match_header,
    parse_date,
    preview_import,
)
from heshi_station.reports.excel_import_writing import apply_import
from tests.factories import set_up_basics


def make_messy_workbook(path: Path) -> Path:
    """A village's own register: merged title rows, synonyms for headers, every date style, bad rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = "2019年来访登记"
    ws["A1"] = "东风村2019年群众来访登记表"
    ws.merge_cells("A1:H1")
    ws["A2"] = "填表单位：东风村委会"
    ws.merge_cells("A2:D2")
    ws.append([])
    ws.append(["序号", "日期", "群众姓名", "电话", "住址", "主要内容", "处理结果", "性别"])
    rows = [
        [1, "2019-11-05", "王一", 19900001111, "东风村", "村口路灯坏了", "已报修", "男"],  # 5 good
        [2, "2019.11.6", "王二", "199 0000 1112", "东风村", "水渠堵塞", "", "女"],  # 6 good
        [None] * 8,  # 7 blank
        [3, "2019/11/7", "王三", "1990000111", "东风村", "道路坑洼", "", ""],  # 8 bad phone
        [4, "2019年11月8日", "王四", "", "西山村", "低保咨询", "已解释政策", ""],  # 9 good
        [5, 43778, "王五", "", "西山村", "医保报销", "", ""],  # 10 good: Excel serial 2019-11-09
        [6, datetime(2019, 11, 10, 14, 30), "王六", "", "西山村", "垃圾清运", "", ""],  # 11 good, real date
        [7, "2027-01-01", "王七", "", "西山村", "未来的事", "", ""],  # 12 future
        [None, None, None, None, None, None, None, None],  # 13 blank
        [8, "2019-13-01", "王八", "", "西山村", "日期写错", "", ""],  # 14 bad date
        [9, "2019-11-12", "", "", "西山村", "没写名字", "", ""],  # 15 no name
        [10, "2019-11-13", "王十", "19900001110", "西山村", "", "", ""],  # 16 no matter
        [11, "2019-11-05", "王一", "19900001111", "东风村", "村口路灯坏了", "", "男"],  # 17 duplicate of row 5
        ["", "  ", " ", None, "", "", "", ""],  # 18 blank (spaces only)
        [12, "2019-11-14", "匿名", "", "", "反映干部作风问题", "", ""],  # 19 good (anonymous)
        [13, "2019-11-15", "王十三", "", "", "性别写错", "", "未知"],  # 20 bad gender
    ]
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


EXPECTED_PROBLEMS = [
    RowProblem(8, "联系电话“1990000111”有误：手机号码应为11位数字，这里是10位"),
    RowProblem(12, "接待日期 2027-01-01 晚于今天，不能登记未来的事"),
    RowProblem(14, f"接待日期“2019-13-01”不是有效的日期（可用格式：{DATE_FORMS}）"),
    RowProblem(15, "缺少来访人姓名（匿名来访请填写“匿名”）"),
    RowProblem(16, "缺少反映问题（内容）"),
    RowProblem(17, "与第5行内容完全相同（重复行）"),
    RowProblem(20, "性别“未知”应为男或女"),
]


def test_messy_workbook_gives_exactly_the_expected_row_report(ledger, tmp_path):
    set_up_basics(ledger)
    path = make_messy_workbook(tmp_path / "messy.xlsx")
    preview = preview_import(ledger, path)
    assert preview.header_row == 4
    assert preview.problems == EXPECTED_PROBLEMS
    assert [r.row_number for r in preview.rows] == [5, 6, 9, 10, 11, 19]
    assert preview.blank_rows == 3
    assert not preview.as_opinions
    assert preview.columns["date"] == "日期" and preview.columns["matter"] == "主要内容"
    assert preview.columns["outcome"] == "处理结果" and preview.columns["name"] == "群众姓名"
    by_row = {r.row_number: r for r in preview.rows}
    assert by_row[6].phone == "19900001112"
    assert by_row[10].received_at == datetime(2019, 11, 9, 9, 0)
    assert by_row[11].received_at == datetime(2019, 11, 10, 14, 30)
    assert by_row[19].anonymous and by_row[19].name == ""
    report = "\n".join(preview.report_lines())
    for p in EXPECTED_PROBLEMS:
        assert str(p) in report
    # previewing wrote nothing
    assert list_receptions(ledger) == []


def test_import_good_rows_then_again_adds_nothing(ledger, tmp_path):
    set_up_basics(ledger)
    path = make_messy_workbook(tmp_path / "messy.xlsx")
    result = apply_import(ledger, preview_import(ledger, path))
    assert (result.added, result.skipped_existing, result.failed) == (6, 0, ())
    recs = sorted(list_receptions(ledger), key=lambda r: r.received_at)
    assert [r.received_at.date() for r in recs] == [date(2019, 11, d) for d in (5, 6, 8, 9, 10, 14)]
    assert recs[0].outcome == "已报修" and recs[0].visitors[0].gender == "male"
    assert recs[-1].anonymous
    second = preview_import(ledger, path)
    assert second.rows == [] and len(second.already_imported) == 6
    assert apply_import(ledger, second).added == 0
    assert len(list_receptions(ledger)) == 6


def test_cli_imports_nothing_when_rows_are_bad_unless_asked(ledger, db_path, tmp_path, capsys):
    set_up_basics(ledger)
    path = make_messy_workbook(tmp_path / "messy.xlsx")
    ledger.close()  # the CLI opens the file itself
    assert main(["import-xlsx", "--db", str(db_path), str(path)]) == 1
    out = capsys.readouterr().out
    assert "第8行：联系电话“1990000111”有误" in out and "未导入任何数据" in out
    from heshi_station.ledger.context import Ledger

    check = Ledger.open(db_path)
    assert list_receptions(check) == []
    check.close()
    assert main(["import-xlsx", "--db", str(db_path), str(path), "--good-rows-only"]) == 0
    assert "已导入 6 行" in capsys.readouterr().out


def test_opinion_register_rows_become_opinions_even_in_years_without_calendar(ledger, tmp_path):
    b = set_up_basics(ledger)
    wb = Workbook()
    ws = wb.active
    ws.append(["意见建议办理台账"])
    ws.append(["登记日期", "反映人", "联系电话", "意见建议内容", "类别", "承办单位", "办理结果"])
    ws.append(["2003-05-06", "赵一", "19900002221", "修缮村小学围墙", "道路交通", "测试街道办事处", "已修缮完毕"])
    ws.append(["2003.5.7", "赵二", "19900002222", "增设公交站牌", "道路交通", "测试街道办事处", ""])
    ws.append(["2003.5.8", "赵三", "19900002223", "解释医保政策", "", "", "已当场解释"])
    path = tmp_path / "ops.xlsx"
    wb.save(path)
    preview = preview_import(ledger, path)
    assert preview.as_opinions and preview.problems == []
    assert apply_import(ledger, preview).added == 3
    ops = {o.content: o for o in list_opinions(ledger, OpinionFilter(month=(2003, 5)))}
    replied, open_item, on_spot = ops["修缮村小学围墙"], ops["增设公交站牌"], ops["解释医保政策"]
    # a result in a row with a unit is that unit's reply, never an answer on the spot
    assert replied.route == "transfer" and replied.lead_unit_id == b.units[0]
    assert replied.reply == "已修缮完毕" and replied.state == "replied"
    assert replied.category_name == "道路交通"
    assert open_item.route == "transfer" and open_item.state == "transferred"
    assert on_spot.route == "on_spot" and on_spot.state == "fed_back" and on_spot.reply == "已当场解释"
    # 2003 has no official table: 道路交通's 10 working days are counted on the statutory one, marked 暂定
    assert open_item.due_date == date(2003, 5, 21) and open_item.due_provisional
    # registered long before this month: historical records, paused, not overdue
    assert replied.paused and open_item.paused and not on_spot.paused


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("2019-11-05", datetime(2019, 11, 5, 9)),
        ("2019.11.5", datetime(2019, 11, 5, 9)),
        ("2019/11/5", datetime(2019, 11, 5, 9)),
        ("2019年11月5日", datetime(2019, 11, 5, 9)),
        ("2019年11月5日 14:20", datetime(2019, 11, 5, 14, 20)),
        ("20191105", datetime(2019, 11, 5, 9)),
        (43774, datetime(2019, 11, 5, 9)),
        ("43774", datetime(2019, 11, 5, 9)),
        (43774.5, datetime(2019, 11, 5, 12)),
        ("2019-02-30", None),
        ("去年", None),
    ],
)
def test_date_forms(text, want):
    assert parse_date(text) == want


def test_header_synonyms():
    assert match_header("接待 日期") == "date"
    assert match_header("来访人数") == "people"
    assert match_header("来访人姓名") == "name"
    assert match_header("联系电话") == "phone"
    assert match_header("意见建议") == "matter"
    assert match_header("办理情况") == "outcome"
    assert match_header("村（社区）") == "village"
    assert match_header("东风村2019年群众来访登记表") is None


def test_not_a_workbook_or_no_header(ledger, tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_text("not a workbook")
    with pytest.raises(ImportFileError, match=r"扩展名是 \.xlsx，但内容不是 Excel 工作簿"):
        preview_import(ledger, bad)
    wb = Workbook()
    wb.active.append(["随便", "什么"])
    wb.save(tmp_path / "y.xlsx")
    with pytest.raises(ImportFileError, match="没有找到表头"):
        preview_import(ledger, tmp_path / "y.xlsx")

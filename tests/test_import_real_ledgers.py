"""Importing real old ledgers: a WPS two-row header, 承办单位 as transfers, unit replies, merged dates, dates without
a year or with 上午/下午, remarks and unknown deputies kept, historical records that are not overdue on day one and
can be concluded in one step, CSV files, and one message of its own for each file that cannot be read."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from heshi_station.cli import main
from heshi_station.ledger import historical, reference_data
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import DeputyInput
from heshi_station.ledger.errors import ValidationFailed
from heshi_station.ledger.opinions import get_opinion
from heshi_station.ledger.queries import OpinionFilter, list_opinions, overdue_counts
from heshi_station.ledger.receptions import get_reception, list_receptions
from heshi_station.reports.excel_import import ImportFileError, RowProblem, preview_import
from heshi_station.reports.excel_import_writing import add_unknown_units, apply_import, guess_unit_kind
from tests.conftest import FIXED_NOW
from tests.factories import set_up_basics
from tests.ledger_workbooks import encrypted_xlsx, wps_opinion_register, xls_file


def _by_content(ledger: Ledger) -> dict:
    return {o.content: o for o in list_opinions(ledger, OpinionFilter())}


# ------------------------------------------------------------------------------------------ the register
def test_wps_two_row_header_is_read_as_one_header_with_units_and_results_apart(ledger, tmp_path):
    set_up_basics(ledger)
    preview = preview_import(ledger, wps_opinion_register(tmp_path / "register.xlsx"))
    assert preview.header_row == 3 and preview.header_rows == 2
    assert preview.as_opinions
    assert preview.columns["unit"] == "承办单位" and preview.columns["outcome"] == "办理结果"
    assert preview.columns["name"] == "姓名" and preview.columns["phone"] == "联系电话"
    assert preview.columns["remark"] == "备注"
    assert preview.problems == [RowProblem(8, "承办单位“区城市管理局”不在办理单位名录中（可一步添加后再导入）")]
    assert preview.unknown_units == {"区城市管理局": [8]}
    rows = {r.row_number: r for r in preview.rows}
    # the date merged over rows 5–7 belongs to each of them; 上午 alone is 09:00; the year comes from the title
    assert [rows[n].received_at for n in (5, 6, 7)] == [datetime(2019, 11, 5, 9, 0)] * 3
    assert rows[9].received_at == datetime(2019, 11, 20, 14, 30)
    assert rows[10].received_at == datetime(2019, 11, 25, 9, 0)
    assert [n for n, r in rows.items() if r.year_supplied] == [5, 6, 7, 10]
    assert rows[7].outcome == "当场解释了高龄补贴政策" and rows[7].lead_unit_id is None
    assert rows[5].outcome == "已修复路面" and rows[5].lead_unit_id is not None
    assert rows[9].unknown_deputies == ("赵六",) and rows[9].remark == "需协调体育部门"
    assert preview.historical_rows == [5, 6, 9, 10]
    report = "\n".join(preview.report_lines())
    assert "表头在第3至4行" in report
    assert (
        "日期没有写年份的 4 行（第5、6、7、10行）按标题“金山街道人大代表联络站2019年意见建议办理台账”中的 2019 年导入"
        in report
    )
    assert "第9行：接待代表“赵六”不在代表名册中" in report
    assert "不在办理单位名录中的承办单位 1 个：区城市管理局（第8行）" in report
    assert list_receptions(ledger) == []  # previewing wrote nothing


def test_units_become_transfers_results_become_unit_replies_and_old_items_are_not_overdue(ledger, tmp_path):
    b = set_up_basics(ledger)
    path = wps_opinion_register(tmp_path / "register.xlsx")
    added = add_unknown_units(ledger, preview_import(ledger, path))
    assert [(u.name, u.kind) for u in added] == [("区城市管理局", "department")]
    preview = preview_import(ledger, path)
    assert preview.problems == [] and preview.unknown_units == {}
    result = apply_import(ledger, preview)
    assert (result.added, result.failed) == (6, ())
    assert len(result.historical_opinion_ids) == 5
    ops = _by_content(ledger)
    units = {u.name: u.id for u in reference_data.list_units(ledger)}

    replied = get_opinion(ledger, ops["村口路面塌陷"].id)
    assert replied.route == "transfer" and replied.lead_unit_name == "区交通运输局"
    assert replied.reply == "已修复路面" and replied.state == "replied"
    kinds = [e.kind for e in replied.timeline]
    assert kinds == ["registered", "transferred", "replied", "paused"]
    assert "answered_on_spot" not in kinds

    open_item = get_opinion(ledger, ops["灌溉渠堵塞"].id)
    assert open_item.lead_unit_name == "区水利局" and open_item.state == "transferred" and open_item.paused
    assert any(e.kind == "note" and e.note == "原台账备注：群众多次反映" for e in open_item.timeline)

    on_spot = ops["咨询高龄补贴"]
    assert on_spot.route == "on_spot" and on_spot.reply == "当场解释了高龄补贴政策" and not on_spot.paused

    afternoon = get_reception(ledger, ops["小区路灯不亮"].reception_id)
    assert afternoon.received_at.replace(tzinfo=None) == datetime(2019, 11, 12, 15, 0)
    assert ops["小区路灯不亮"].lead_unit_id == units["区城市管理局"]

    station = get_opinion(ledger, ops["村里缺少健身器材"].id)
    assert station.route == "station" and station.paused
    rec = get_reception(ledger, station.reception_id)
    assert rec.deputy_ids == (b.deputies[0],)
    assert rec.outcome == "备注：需协调体育部门；接待代表（不在代表名册中）：赵六"

    two_units = get_opinion(ledger, ops["排水沟年久失修"].id)
    assert two_units.lead_unit_name == "区水利局" and two_units.assist_unit_names == ("测试街道办事处",)
    assert two_units.reply == "已清淤并加固沟渠"

    # 2019 deadlines are years past, yet nothing is overdue on the first day
    assert sum(overdue_counts(ledger).values()) == 0
    assert list_opinions(ledger, OpinionFilter(overdue="long_overdue")) == []
    assert sorted(historical.historical_opinion_ids(ledger)) == sorted(result.historical_opinion_ids)


def test_historical_records_are_concluded_in_one_step(ledger, tmp_path):
    set_up_basics(ledger)
    path = wps_opinion_register(tmp_path / "register.xlsx")
    add_unknown_units(ledger, preview_import(ledger, path))
    result = apply_import(ledger, preview_import(ledger, path))
    concluded = historical.conclude_historical(ledger)
    assert sorted(concluded) == sorted(result.historical_opinion_ids)
    for oid in concluded:
        op = get_opinion(ledger, oid)
        assert op.state == "closed" and op.closed_on == op.registered_on
        assert op.timeline[-1].data == {"historical": True}
    station = get_opinion(ledger, _by_content(ledger)["村里缺少健身器材"].id)
    assert [e.kind for e in station.timeline][-3:] == ["paused", "replied", "closed"]
    assert station.reply.startswith("历史记录：经核实已办结")
    assert historical.historical_opinion_ids(ledger) == []
    assert historical.conclude_historical(ledger) == []
    on_spot = _by_content(ledger)["咨询高龄补贴"]
    with pytest.raises(ValidationFailed, match="不是待核实的历史记录"):
        historical.conclude_historical(ledger, [on_spot.id])


def test_only_items_before_this_month_are_historical(ledger, tmp_path):
    b = set_up_basics(ledger)
    wb = Workbook()
    ws = wb.active
    ws.append(["登记日期", "反映人", "意见建议内容", "承办单位", "办理结果", "答复日期"])
    ws.append(["2026-11-03", "钱一", "本月转办的事", "区水利局", None, None])
    ws.append(["2026-10-30", "钱二", "上月转办的事", "区水利局", None, None])
    ws.append(["2026-10-08", "钱三", "上月已答复的事", "区交通运输局", "已处理", "2026-10-20"])
    ws.append(["2026-10-09", "钱四", "答复早于登记", "区交通运输局", "已处理", "2026-10-01"])
    path = tmp_path / "recent.xlsx"
    wb.save(path)
    preview = preview_import(ledger, path)
    assert preview.problems == [RowProblem(5, "答复日期 2026-10-01 早于接待日期 2026-10-09")]
    apply_import(ledger, preview)
    ops = _by_content(ledger)
    assert ops["本月转办的事"].state == "transferred" and not ops["本月转办的事"].paused
    assert ops["上月转办的事"].paused
    answered = get_opinion(ledger, ops["上月已答复的事"].id)
    reply = next(e for e in answered.timeline if e.kind == "replied")
    assert reply.occurred_at.date() == date(2026, 10, 20) and answered.lead_unit_id == b.units[1]
    assert set(historical.historical_opinion_ids(ledger)) == {ops["上月转办的事"].id, ops["上月已答复的事"].id}


def test_dates_without_a_year_and_no_year_in_the_title_are_bad_rows(ledger, tmp_path):
    set_up_basics(ledger)
    preview = preview_import(ledger, wps_opinion_register(tmp_path / "register.xlsx", year_in_title=False))
    reason = "没有写年份，标题、工作表名和文件名中都没有写年份（如“2019年”）：请在日期中写上年份"
    bad = {p.row_number: p.reason for p in preview.problems}
    assert sorted(bad) == [5, 6, 7, 8, 10]
    assert bad[5] == f"接待日期“11月5日上午”{reason}"
    assert bad[10] == f"接待日期“11月25日”{reason}"
    assert [r.row_number for r in preview.rows] == [9]


def test_same_named_deputies_are_not_guessed(ledger, tmp_path):
    set_up_basics(ledger)
    for level in ("city", "township"):
        reference_data.save_deputy(ledger, DeputyInput(name="张伟", level=level))
    wb = Workbook()
    wb.active.append(["接待日期", "来访人", "反映问题", "接待代表"])
    wb.active.append(["2026-11-02", "周一", "门前积水", "张伟、李四代表"])
    path = tmp_path / "r.xlsx"
    wb.save(path)
    preview = preview_import(ledger, path)
    assert [str(n) for n in preview.notes] == [
        "第2行：接待代表“张伟”在代表名册中有 2 位同名代表，无法确定是哪一位，未关联，姓名记入办理情况"
    ]
    apply_import(ledger, preview)
    rec = list_receptions(ledger)[0]
    assert rec.deputy_names == ("李四",) and "张伟" in rec.outcome


@pytest.mark.parametrize(
    ("name", "kind"),
    [("区交通运输局", "department"), ("金山街道办事处", "township_gov"), ("大河镇人民政府", "township_gov"),
     ("东风村村委会", "community"), ("区人民法院", "state_body"), ("区人大常委会办公室", "congress_office")],
)  # fmt: skip
def test_unit_kind_guessed_from_name(name, kind):
    assert guess_unit_kind(name).value == kind


# ------------------------------------------------------------------------------------------------- CSV
CSV_ROWS = [
    ["东风村来访登记（2019年）"],
    ["接待日期", "来访人", "联系电话", "反映问题", "办理情况"],
    ["2019/11/5 下午", "吴一", "19900004401", "村里路灯，晚上不亮，影响出行", "已联系供电所"],
    ["11月6日", "吴二", "", "低保咨询", ""],
]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ","), ("utf-8", ","), ("gb18030", ","), ("utf-16", "\t"), ("gb18030", ";")],
)
def test_csv_files_are_imported_in_every_encoding_clerks_have(ledger, tmp_path, encoding, delimiter):
    set_up_basics(ledger)
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter).writerows(CSV_ROWS)
    path = tmp_path / "登记.csv"
    path.write_bytes(buf.getvalue().encode(encoding))
    preview = preview_import(ledger, path)
    assert preview.file_kind == "csv" and preview.problems == [] and preview.header_row == 2
    assert [(r.received_at, r.name, r.matter, r.phone, r.outcome) for r in preview.rows] == [
        (datetime(2019, 11, 5, 15, 0), "吴一", "村里路灯，晚上不亮，影响出行", "19900004401", "已联系供电所"),
        (datetime(2019, 11, 6, 9, 0), "吴二", "低保咨询", "", ""),
    ]
    assert apply_import(ledger, preview).added == 2
    assert preview_import(ledger, path).already_imported == [3, 4]


# ----------------------------------------------------------------------------------- files that fail
def _truncated_xlsx(path: Path) -> Path:
    wb = Workbook()
    wb.active.append(["接待日期", "反映问题"])
    wb.save(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _zip_with(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return path


FILE_CASES = {
    "xls": (lambda d: xls_file(d / "旧台账.xls"), "是 Excel 97–2003 的 .xls 格式"),
    "et": (lambda d: xls_file(d / "旧台账.et"), "是 WPS 表格的 .et 格式"),
    "encrypted xls": (lambda d: xls_file(d / "加密.xls", encrypted=True), "设置了打开密码（文件已加密）"),
    "encrypted xlsx": (lambda d: encrypted_xlsx(d / "加密.xlsx"), "设置了打开密码（文件已加密）"),
    "damaged xlsx": (lambda d: _truncated_xlsx(d / "坏.xlsx"), "已损坏，无法读取（文件不完整"),
    "html as xls": (
        lambda d: _write(d / "导出.xls", "<html><body><table><tr><td>接待日期</td></tr></table></body></html>"),
        "是网页格式（HTML）的表格",
    ),
    "empty": (lambda d: _write(d / "空.xlsx", ""), "是空文件（0 字节）"),
    "text as xlsx": (
        lambda d: _write(d / "改名.xlsx", "接待日期,反映问题\n"),
        "的扩展名是 .xlsx，但内容不是 Excel 工作簿",
    ),
    "ods": (
        lambda d: _zip_with(d / "表.ods", {"mimetype": "x", "content.xml": "<x/>"}),
        "是 OpenDocument 表格（.ods）",
    ),
    "xlsb": (lambda d: _zip_with(d / "表.xlsb", {"xl/workbook.bin": "x"}), "是 Excel 二进制工作簿（.xlsb）"),
    "docx": (lambda d: _zip_with(d / "说明.docx", {"word/document.xml": "<x/>"}), "是 Word 文档，不是表格"),
    "broken xlsx inside": (
        lambda d: _zip_with(d / "内坏.xlsx", {"xl/workbook.xml": "<not-closed", "[Content_Types].xml": "<x"}),
        "已损坏，无法读取（",
    ),
}


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", sorted(FILE_CASES))
def test_each_unreadable_file_gets_its_own_message(ledger, tmp_path, case):
    make, expected = FILE_CASES[case]
    path = make(tmp_path)
    with pytest.raises(ImportFileError) as info:
        preview_import(ledger, path)
    message = str(info.value)
    assert expected in message and path.name in message
    assert "请确认是 .xlsx 格式" not in message


def test_messages_differ_between_kinds(ledger, tmp_path):
    messages = {}
    for case, (make, _) in FILE_CASES.items():
        folder = tmp_path / str(len(messages))
        folder.mkdir()
        path = make(folder)
        with pytest.raises(ImportFileError) as info:
            preview_import(ledger, path)
        messages[case] = str(info.value).replace(path.name, "FILE")
    # the two encrypted kinds share a sentence on purpose; all others say something of their own
    distinct = {m for c, m in messages.items() if c != "encrypted xls"}
    assert len(distinct) == len(messages) - 1


# -------------------------------------------------------------------------------------------------- CLI
def test_cli_adds_units_in_one_step_and_concludes_historical_records(ledger, db_path, tmp_path, capsys):
    set_up_basics(ledger)
    ledger.close()
    path = wps_opinion_register(tmp_path / "register.xlsx")
    assert main(["import-xlsx", "--db", str(db_path), str(path)]) == 1
    out = capsys.readouterr().out
    assert "第8行：承办单位“区城市管理局”不在办理单位名录中" in out and "--add-units" in out
    assert main(["import-xlsx", "--db", str(db_path), str(path), "--add-units"]) == 0
    out = capsys.readouterr().out
    assert "已添加办理单位 1 个：区城市管理局（政府部门）" in out
    assert "已导入 6 行" in out and "其中 5 条意见导入为历史记录" in out
    assert main(["import-xlsx", "--db", str(db_path), str(path), "--conclude-historical"]) == 0
    out = capsys.readouterr().out
    assert "已存在跳过 6 行" in out and "已将 5 条历史记录标记为已办结" in out
    check = Ledger.open(db_path, clock=lambda: FIXED_NOW)
    try:
        states = sorted(o.state for o in list_opinions(check, OpinionFilter()))
        assert states == ["closed"] * 5 + ["fed_back"]
    finally:
        check.close()


def test_cli_says_what_an_xls_file_is(ledger, db_path, tmp_path, capsys):
    ledger.close()
    assert main(["import-xlsx", "--db", str(db_path), str(xls_file(tmp_path / "旧.xls"))]) == 2
    assert "是 Excel 97–2003 的 .xls 格式" in capsys.readouterr().err

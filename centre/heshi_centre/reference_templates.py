"""Downloadable xlsx templates for the 基础数据 uploads.

Each workbook has:
- 数据: the header row ``reference_load`` reads (required columns marked), no data rows (an example left
  in by mistake would be loaded), and drop-down data validations on every coded column for 1000 rows;
- 可选值: the accepted values the drop-downs point at (the glossary's words, station codes);
- 说明: each column, whether it is required, what it accepts, and how the upload treats the file.
A template filled in and uploaded as it is passes the header check of ``reference_load.check_file``.
"""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from heshi_centre.reference_load import (
    ACTIVE_COLUMN,
    COLUMNS,
    KINDS,
    REQUIRED,
    STATION_COLUMN,
    TIME_LIMIT_RANGE,
)
from heshi_protocol import reference_values as rv
from heshi_protocol.holiday_file import DAY_OFF, MAKE_UP_WORKDAY

ROWS_WITH_DROPDOWNS = 1000
REQUIRED_FILL = PatternFill("solid", fgColor="FDE9D9")

NOTES: dict[str, dict[str, str]] = {
    "roster": {
        "姓名": "代表姓名，不超过50个字。同一联络站内按姓名对应：再次导入同名代表即更新其信息",
        "代表层级": "五级代表：" + rv.level_words(),
        "性别": "男 或 女，可留空",
        "选区": "不超过100个字，可留空",
        "电话": "只能有数字、空格、+、-、括号，可留空",
        ACTIVE_COLUMN: "是 或 否（留空为“是”）；填“否”表示该代表不再进站",
        STATION_COLUMN: "代表所属联络站的编码（可选值见下拉框）；不填此列时，整个文件属于上传时选择的联络站",
    },
    "units": {
        "单位名称": "不超过100个字，全市唯一。再次导入同名单位即更新",
        "单位类型": "可填：" + "、".join(rv.ACCEPTED_UNIT_KINDS),
        "上级单位": "上级单位的名称，须在本文件中或已在市中心单位表中；可留空",
        ACTIVE_COLUMN: "是 或 否（留空为“是”）",
    },
    "categories": {
        "意见类别": "不超过50个字，全市唯一。再次导入同名类别即更新其办理时限",
        "办理时限": f"{TIME_LIMIT_RANGE[0]}至{TIME_LIMIT_RANGE[1]}之间的整数，单位为工作日",
        ACTIVE_COLUMN: "是 或 否（留空为“是”）",
    },
    "holidays": {
        "日期": "如 2027-01-01；一个文件只放一年",
        "类型": f"{DAY_OFF}（放假的日子）或 {MAKE_UP_WORKDAY}（周末调休上班的日子）",
        "名称": "节日名称，如 元旦、春节，不超过30个字。当年落在工作日的法定节假日都必须列为放假",
    },
}


def _choices(kind: str, station_codes: list[str]) -> dict[str, list[str]]:
    """Column → the values its drop-down offers."""
    yes_no = list(rv.YES_NO)
    return {
        "roster": {
            "代表层级": rv.ACCEPTED_LEVELS,
            "性别": rv.ACCEPTED_GENDERS,
            ACTIVE_COLUMN: yes_no,
            **({STATION_COLUMN: station_codes} if station_codes else {}),
        },
        "units": {"单位类型": rv.ACCEPTED_UNIT_KINDS, ACTIVE_COLUMN: yes_no},
        "categories": {ACTIVE_COLUMN: yes_no},
        "holidays": {"类型": [DAY_OFF, MAKE_UP_WORKDAY]},
    }[kind]


def template_name(kind: str) -> str:
    return f"{KINDS[kind]}模板.xlsx"


def template_workbook(kind: str, station_codes: list[str] | None = None) -> bytes:
    """The xlsx template of ``kind`` (``station_codes``: the roster's 联络站编码 choices)."""
    if kind not in KINDS:
        raise KeyError(kind)
    headers = list(COLUMNS[kind])
    choices = _choices(kind, sorted(station_codes or []))
    wb = Workbook()
    data = wb.active
    data.title = "数据"
    data.append(headers)
    for i, header in enumerate(headers, start=1):
        cell = data.cell(row=1, column=i)
        cell.font = Font(bold=True)
        if header in REQUIRED[kind]:
            cell.fill = REQUIRED_FILL
        data.column_dimensions[get_column_letter(i)].width = max(12, 2.2 * len(header) + 4)
    data.freeze_panes = "A2"

    values = wb.create_sheet("可选值")
    for col, (header, options) in enumerate(choices.items(), start=1):
        values.cell(row=1, column=col, value=header).font = Font(bold=True)
        for row, option in enumerate(options, start=2):
            values.cell(row=row, column=col, value=option)
        letter = get_column_letter(col)
        dv = DataValidation(
            type="list",
            formula1=f"'可选值'!${letter}$2:${letter}${len(options) + 1}",
            allow_blank=header not in REQUIRED[kind],
            showErrorMessage=True,
            errorTitle="不在可选范围内",
            error=f"{header}只能从下拉列表中选择",
        )
        target = get_column_letter(headers.index(header) + 1)
        dv.add(f"{target}2:{target}{ROWS_WITH_DROPDOWNS + 1}")
        data.add_data_validation(dv)
    if kind == "categories":
        lo, hi = TIME_LIMIT_RANGE
        dv = DataValidation(
            type="whole",
            operator="between",
            formula1=str(lo),
            formula2=str(hi),
            showErrorMessage=True,
            errorTitle="办理时限",
            error=f"请填{lo}至{hi}之间的整数（工作日）",
        )
        letter = get_column_letter(headers.index("办理时限") + 1)
        dv.add(f"{letter}2:{letter}{ROWS_WITH_DROPDOWNS + 1}")
        data.add_data_validation(dv)

    notes = wb.create_sheet("说明")
    notes.append([f"{KINDS[kind]}导入说明"])
    notes["A1"].font = Font(bold=True, size=14)
    notes.append(["在“数据”表第2行起每行填一条；第一行列名不要改动。标色的列必须填写，带下拉框的列从下拉列表中选择。"])
    notes.append(
        ["上传时逐行检查：只要有一行有问题，整个文件都不导入，并列出每个有问题的行号、列和原因；改正后重新上传即可。"]
    )
    notes.append([])
    notes.append(["列名", "是否必填", "填写说明"])
    for cell in notes[5]:
        cell.font = Font(bold=True)
    for header in headers:
        notes.append([header, "必填" if header in REQUIRED[kind] else "可不填", NOTES[kind].get(header, "")])
    notes.column_dimensions["A"].width = 14
    notes.column_dimensions["B"].width = 10
    notes.column_dimensions["C"].width = 90
    out = BytesIO()
    wb.save(out)
    return out.getvalue()

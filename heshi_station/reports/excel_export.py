"""Monthly ledgers as ``.xlsx`` (openpyxl): title row, station/month row, frozen header, sensible widths,
real dates and numbers, masking honoured (the values come from the already-masked :class:`LedgerReport`).

The sheet is laid out so :mod:`heshi_station.reports.excel_import` reads it back (title rows above the
header are skipped there), which the round-trip test relies on.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import copy
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter

from heshi_station.reports.ledger_tables import Column, LedgerReport, TableSection

FONT_NAME = "宋体"
_thin = Side(style="thin", color="000000")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
HEAD_FILL = PatternFill("solid", fgColor="E6E6E6")
NUMBER_FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm", "int": "0", "float": "0.0"}


def _noop(done: int, total: int) -> None:
    pass


def _excel_width(col: Column) -> float:
    # ~1.8 mm per Excel character unit at 11 pt; Chinese characters take two units.
    return max(6.0, round(col.width_mm / 1.8 * 1.1, 1))


def _value(v, col: Column):
    if isinstance(v, datetime):
        return v.replace(tzinfo=None)
    if isinstance(v, str) and col.kind in ("int", "float") and v == "":
        return None
    return v


def _write_section(ws, sec: TableSection, row: int, progress: Callable[[int, int], None]) -> int:
    head_font = Font(name=FONT_NAME, bold=True, size=10)
    body_font = Font(name=FONT_NAME, size=10)
    for ci, col in enumerate(sec.columns, 1):
        c = ws.cell(row=row, column=ci, value=col.title)
        c.font, c.fill, c.border = head_font, HEAD_FILL, BORDER
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    header_row = row
    aligns = {
        col.title: Alignment(
            horizontal=col.align if col.align != "left" else "left", vertical="center", wrap_text=col.kind == "text"
        )
        for col in sec.columns
    }
    # Style each column once on a scratch cell, then copy its compact style array into every cell:
    # assigning Font/Border objects per cell makes openpyxl hash them each time (10,000 rows took ~13 s).
    scratch = ws.cell(row=header_row + 1, column=1)
    protos: list[tuple[StyleArray, StyleArray]] = []
    for col in sec.columns:
        scratch.font, scratch.border, scratch.alignment = body_font, BORDER, aligns[col.title]
        scratch.number_format = "General"
        plain = copy(scratch._style)
        scratch.number_format = NUMBER_FORMATS.get(col.kind, "General")
        protos.append((plain, copy(scratch._style)))
    total = len(sec.rows)
    for ri, values in enumerate(sec.rows, 1):
        r = header_row + ri
        for ci, (v, col) in enumerate(zip(values, sec.columns, strict=True), 1):
            c = ws.cell(row=r, column=ci, value=_value(v, col))
            numeric = col.kind in NUMBER_FORMATS and isinstance(v, (date, int, float))
            c._style = copy(protos[ci - 1][1 if numeric else 0])
        if ri % 500 == 0:
            progress(ri, total)
    if not sec.rows:
        scratch._style = StyleArray()
    return header_row


def report_to_workbook(report: LedgerReport, progress: Callable[[int, int], None] = _noop) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = report.title[:31]
    ncols = max(len(s.columns) for s in report.sections)
    ws.cell(row=1, column=1, value=f"{report.title}（{report.period_label}）").font = Font(
        name=FONT_NAME, bold=True, size=16
    )
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws.row_dimensions[1].height = 30
    sub = f"填报单位：{report.station_name}    所属月份：{report.period_label}"
    if report.masked:
        sub += "    （已隐去个人信息）"
    ws.cell(row=2, column=1, value=sub).font = Font(name=FONT_NAME, size=10)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncols)
    for ci, col in enumerate(report.sections[0].columns, 1):
        ws.column_dimensions[get_column_letter(ci)].width = _excel_width(col)
    if len(report.sections) == 1:
        header_row = _write_section(ws, report.main, 3, progress)
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
        ws.print_title_rows = f"{header_row}:{header_row}"
        last = header_row + len(report.main.rows)
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(ncols)}{max(last, header_row)}"
    else:
        row = 4
        for sec in report.sections:
            ws.cell(row=row, column=1, value=sec.heading).font = Font(name=FONT_NAME, bold=True, size=11)
            header_row = _write_section(ws, sec, row + 1, progress)
            row = header_row + len(sec.rows) + 2
    ws.page_setup.orientation = "landscape" if report.landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    note_row = ws.max_row + 2
    for i, note in enumerate(report.notes):
        ws.cell(row=note_row + i, column=1, value=note).font = Font(name=FONT_NAME, size=10)
    return wb


def export_report_xlsx(report: LedgerReport, out: Path | str, progress: Callable[[int, int], None] = _noop) -> Path:
    """Write the report to ``out`` (written to a temporary name first, so a failed save leaves no half file)."""
    out = Path(out)
    wb = report_to_workbook(report, progress)
    tmp = out.with_name(out.name + ".part")
    try:
        wb.save(tmp)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return out

"""The monthly ledgers as print-ready PDFs (A4; landscape for the wide registers).

The wide single-table registers (reception, opinions, attendance) are laid out and drawn by
:mod:`heshi_station.reports.pdf_register` (fast, linear in the rows); the sectioned 月度工作统计表 is built
with platypus tables here. Both: title, station and month; column header on every page; wrapped cells;
printed date and "第 x 页 共 y 页" on every page; 经办人 / 审核人 signature lines at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from io import BytesIO
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, KeepTogether, PageTemplate, Paragraph, Spacer

from heshi_station.reports.ledger_tables import Column, LedgerReport, TableSection, cell_text
from heshi_station.reports.pdf_base import (
    grid_table,
    make_canvas_class,
    para,
    signature_table,
    standard_footer,
    styles,
)
from heshi_station.reports.pdf_register import render_register_pdf

MARGIN_X = 15 * mm
MARGIN_TOP = 12 * mm
MARGIN_BOTTOM = 16 * mm

Progress = Callable[[int, int], None]


def _noop(done: int, total: int) -> None:
    pass


def _widths(columns: list[Column], available: float) -> list[float]:
    total = sum(c.width_mm for c in columns)
    return [available * c.width_mm / total for c in columns]


def _row_cells(row: list, columns: list[Column], st: dict) -> list[Paragraph]:
    out = []
    for value, col in zip(row, columns, strict=True):
        style = {"center": st["cell_center"], "right": st["cell_right"]}.get(col.align, st["cell"])
        out.append(para(cell_text(value, col), style))
    return out


class _Group(list):
    """Marker: a heading followed by a long table (flattened into the story)."""


def _sectioned_story(report: LedgerReport, width: float) -> list:
    st = styles(10)
    story: list = [
        para(f"{report.title}（{report.period_label}）", st["title"]),
        Spacer(1, 3 * mm),
        para(f"填报单位：{report.station_name}        所属月份：{report.period_label}", st["subtitle"]),
        Spacer(1, 2 * mm),
    ]
    for sec in report.sections:
        story.append(_section_table(sec, width, st))
    for note in report.notes:
        story.append(para(note, st["subtitle"]))
    story.append(KeepTogether([Spacer(1, 6 * mm), signature_table(width)]))
    return story


def _section_table(sec: TableSection, width: float, st: dict) -> KeepTogether | _Group:
    widths = _widths(sec.columns, width)
    data = [[para(c.title, st["head"]) for c in sec.columns]]
    data += [_row_cells(r, sec.columns, st) for r in sec.rows]
    t = grid_table(data, widths, repeatRows=1)
    heading = para(sec.heading, st["heading"]) if sec.heading else Spacer(1, 2 * mm)
    if len(sec.rows) <= 12:
        return KeepTogether([heading, t])
    return _Group([heading, t])  # long: let it break across pages (header row repeats)


def _flatten(story: list) -> list:
    out = []
    for item in story:
        out.extend(item) if isinstance(item, _Group) else out.append(item)
    return out


def render_report_pdf(
    report: LedgerReport,
    out: Path | str | None = None,
    *,
    printed_on: date | None = None,
    progress: Progress = _noop,
) -> bytes | None:
    """Write the report as PDF to ``out`` (a path), or return the PDF bytes when ``out`` is None."""
    printed_on = printed_on or report.printed_on or date.today()
    target = BytesIO() if out is None else str(out)
    if len(report.sections) == 1 and report.landscape:
        render_register_pdf(report, target, printed_on, progress)
    else:
        page = landscape(A4) if report.landscape else A4
        doc = BaseDocTemplate(
            target,
            pagesize=page,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=f"{report.station_name}{report.period_label}{report.title}",
            author=report.station_name,
            creator="heshi-station",
        )
        width = page[0] - 2 * MARGIN_X
        canvas_class = make_canvas_class(standard_footer(printed_on, report.station_name))
        doc.addPageTemplates(
            [
                PageTemplate(
                    "all", [Frame(MARGIN_X, MARGIN_BOTTOM, width, page[1] - MARGIN_TOP - MARGIN_BOTTOM, 0, 0, 0, 0)]
                )
            ]
        )
        story = _flatten(_sectioned_story(report, width))
        doc.build(story, canvasmaker=canvas_class)
    progress(1, 1)
    if out is None:
        return target.getvalue()
    return None

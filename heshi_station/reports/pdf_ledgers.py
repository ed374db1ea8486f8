"""The monthly registers as print-ready PDFs (A4; landscape for the wide registers).

Layout guarantees (each checked by reading the PDF back in the tests):
- the title, station and month head the first page; the column header is drawn at the top of every page
  that carries register rows;
- every cell's text is wrapped inside its cell (a cell too tall for one page is split across pages rather
  than cut off);
- every page has the printed date and "第 x 页 共 y 页"; the register ends with its totals and the
  经办人 / 审核人 signature lines.

Rows are laid out in chunks of :data:`CHUNK_ROWS` small tables, so a 2,000-row month costs linear time
(one big reportlab table would be re-measured at every page break).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from io import BytesIO
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from heshi_station.reports.ledger_tables import Column, LedgerReport, TableSection, cell_text
from heshi_station.reports.pdf_base import (
    FONT,
    GRID_STYLE,
    grid_table,
    make_canvas_class,
    para,
    signature_table,
    standard_footer,
    styles,
)

CHUNK_ROWS = 25
MARGIN_X = 15 * mm
MARGIN_TOP = 12 * mm
MARGIN_BOTTOM = 16 * mm
TITLE_BLOCK = 22 * mm

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


MAX_CELL_LINES = 12  # a taller cell is continued in the next row(s); three such rows fill a landscape page


SPLIT_CELL_LINES = 30  # only a cell longer than this (most of a page) is split at all


def _cell_pieces(text: str, col: Column) -> list[str]:
    """Split text into pieces of at most about MAX_CELL_LINES printed lines each (9 pt CJK ≈ 3.3 mm per char)."""
    per_line = max(int(col.width_mm / 3.3), 1)
    if sum(len(line) // per_line + 1 for line in text.split("\n")) <= SPLIT_CELL_LINES:
        return [text]
    budget = per_line * MAX_CELL_LINES
    pieces, current, used = [], "", 0
    for line in text.split("\n"):
        cost = (len(line) // per_line + 1) * per_line
        while cost > budget - used and len(line) > 0:
            room = max(budget - used - per_line, 0) // per_line * per_line
            if room <= 0:
                pieces.append(current)
                current, used = "", 0
                continue
            current += line[:room]
            pieces.append(current)
            current, used, line = "", 0, line[room:]
            cost = (len(line) // per_line + 1) * per_line
        current = f"{current}\n{line}" if current else line
        used += cost
    pieces.append(current)
    return [p for p in pieces if p] or [""]


def _expand_tall_row(row: list, columns: list[Column]) -> list[list]:
    """One register row, or several when a cell would be taller than a page: the first carries every cell;
    the continuation rows carry the rest of the long text(s) and “（续）” in the first column."""
    pieces = [_cell_pieces(cell_text(v, c), c) if c.kind == "text" else [v] for v, c in zip(row, columns, strict=True)]
    height = max(len(p) for p in pieces)
    if height == 1:
        return [row]
    out = []
    for i in range(height):
        out.append([p[i] if i < len(p) else "" for p in pieces])
        if i:
            out[-1][0] = "（续）"
    return out


def _chunks(rows: list[list], columns: list[Column]):
    """Runs of at most CHUNK_ROWS printed rows (a page-tall row counts as its continuation rows)."""
    run: list[list] = []
    for row in rows:
        for printed in _expand_tall_row(row, columns):
            run.append(printed)
            if len(run) >= CHUNK_ROWS:
                yield run
                run = []
    if run:
        yield run


class _BodyTable(Table):
    """A chunk of register rows; tells the page template that this page carries rows (so it gets a header)."""

    progress: Callable[[], None] | None = None

    def draw(self):
        self.canv._heshi_rows_on_page = True
        super().draw()
        if self.progress:
            self.progress()


def _ticker(drawn: list[int], n: int, total: int, progress: Progress) -> Callable[[], None]:
    def tick() -> None:
        drawn[0] += n
        progress(drawn[0], total)

    return tick


def _register_story(report: LedgerReport, width: float, progress: Progress) -> list:
    section = report.main
    st = styles(9)
    widths = _widths(section.columns, width)
    story: list = []
    rows = section.rows
    if not rows:
        empty = _BodyTable([[para("本月无记录", st["cell_center"])]], colWidths=[width])
        empty.setStyle(GRID_STYLE)
        story.append(empty)
    drawn = [0]
    for chunk in _chunks(rows, section.columns):
        # Rows are never cut across pages (a row cut in two reads badly on an inspected register); a row
        # taller than a page was already turned into continuation rows by _expand_tall_row.
        t = _BodyTable([_row_cells(r, section.columns, st) for r in chunk], colWidths=widths)
        t.setStyle(GRID_STYLE)

        t.progress = _ticker(drawn, len(chunk), len(rows), progress)
        story.append(t)
    tail = [Spacer(1, 4 * mm)]
    for note in report.notes:
        tail.append(para(note, st["subtitle"]))
    tail.append(signature_table(width))
    story.append(KeepTogether(tail))
    return story


def _register_doc(report: LedgerReport, target, printed_on: date) -> tuple[BaseDocTemplate, Table, float]:
    page = landscape(A4) if report.landscape else A4
    pw, ph = page
    width = pw - 2 * MARGIN_X
    st = styles(9)
    head = grid_table([[para(c.title, st["head"]) for c in report.main.columns]], _widths(report.main.columns, width))
    _, head_h = head.wrap(width, ph)
    body_bottom = MARGIN_BOTTOM
    first_top = ph - MARGIN_TOP - TITLE_BLOCK - head_h
    later_top = ph - MARGIN_TOP - head_h

    def begin(canv, doc):
        canv._heshi_rows_on_page = False

    def first_page(canv, doc):
        begin(canv, doc)
        _draw_title(canv, report, pw, ph)

    def end_page(canv, doc, top):
        if getattr(canv, "_heshi_rows_on_page", False):
            head.drawOn(canv, MARGIN_X, top)

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

    def frame(top: float, fid: str) -> Frame:
        return Frame(MARGIN_X, body_bottom, width, top - body_bottom, 0, 0, 0, 0, id=fid)

    doc.addPageTemplates(
        [
            PageTemplate(
                "first",
                [frame(first_top, "f1")],
                onPage=first_page,
                onPageEnd=lambda c, d: end_page(c, d, first_top),
                autoNextPageTemplate="later",
            ),
            PageTemplate(
                "later",
                [frame(later_top, "f2")],
                onPage=begin,
                onPageEnd=lambda c, d: end_page(c, d, later_top),
            ),
        ]
    )
    return doc, head, width


def _draw_title(canv, report: LedgerReport, pw: float, ph: float) -> None:
    canv.saveState()
    canv.setFont(FONT, 18)
    canv.drawCentredString(pw / 2, ph - MARGIN_TOP - 8 * mm, f"{report.title}（{report.period_label}）")
    canv.setFont(FONT, 10)
    y = ph - MARGIN_TOP - 17 * mm
    canv.drawString(MARGIN_X, y, f"填报单位：{report.station_name}")
    right = f"所属月份：{report.period_label}"
    if report.masked:
        right = "（已隐去个人信息）  " + right
    canv.drawRightString(pw - MARGIN_X, y, right)
    canv.restoreState()


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
    canvas_class = make_canvas_class(standard_footer(printed_on, report.station_name))
    if len(report.sections) == 1 and report.landscape:
        doc, _, width = _register_doc(report, target, printed_on)
        story = _register_story(report, width, progress)
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

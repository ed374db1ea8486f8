"""Fast layout and drawing of a single-table register (the wide monthly ledgers) straight onto the canvas.

Why not platypus tables: a reportlab ``Table`` of ``Paragraph`` cells measures every cell again at every
page break; a 2,000-row month took tens of seconds. Here each cell is wrapped once with cached glyph
widths, pages are laid out in one pass (so "page x of y" is known before drawing), and text is drawn line
by line. Guarantees (checked by the tests reading the PDF back):

- the column header is drawn at the top of every page that carries rows; the title, station and month
  head the first page; every page has the printed date and "第 x 页 共 y 页";
- every cell's text is wrapped inside its cell (Chinese line-breaking: closing punctuation never starts a
  line; Latin words and numbers are kept whole when they fit); nothing is cut off: a row that does not
  fit on the rest of a page moves to the next page, and a row taller than a whole page continues on the
  next page as a row marked “（续）” in the first column;
- the register ends with its totals and the 经办人 / 审核人 signature lines;
- the rows of voided records (``TableSection.struck_rows``) are struck through, their number and last
  column (which carries the 作废 mark and reason) left legible.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from heshi_station.reports.ledger_tables import Column, LedgerReport, cell_text
from heshi_station.reports.pdf_base import ensure_font

FONT_SIZE = 9
LEADING = 12.2
PAD_X = 2.5
PAD_TOP = 2.5
PAD_BOTTOM = 3.0
MARGIN_X = 15 * mm
MARGIN_TOP = 12 * mm
MARGIN_BOTTOM = 16 * mm
TITLE_BLOCK = 22 * mm
TAIL_BLOCK = 30 * mm
MIN_SPLIT_LINES = 3
CONTINUED = "（续）"
NO_LINE_START = set("，。、；：？！）》」』”’〕】,.;:?!)]}%…·")
NO_LINE_END = set("（《「『“‘〔【([{")
_WORD = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz*-.:/@_")

Progress = Callable[[int, int], None]


class _Widths:
    """Glyph advance widths of the bundled font at 1 pt, cached per character."""

    def __init__(self, font: str) -> None:
        self.font = font
        self.cache: dict[str, float] = {}
        self.texts: dict[str, float] = {}  # short strings repeat a lot (dates, places, labels)

    def char(self, ch: str) -> float:
        w = self.cache.get(ch)
        if w is None:
            w = self.cache[ch] = pdfmetrics.stringWidth(ch, self.font, 1)
        return w

    def text(self, s: str) -> float:
        w = self.texts.get(s)
        if w is None:
            cache = self.cache
            w = sum(cache[c] if c in cache else self.char(c) for c in s)
            if len(s) <= 24:
                self.texts[s] = w
        return w


def wrap_text(text: str, width: float, size: float, widths: _Widths) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` points (explicit newlines are kept)."""
    limit = width / size
    if "\n" not in text and widths.text(text) <= limit:
        return [text]  # most cells fit on one line
    out: list[str] = []
    for para in text.split("\n"):
        line, used = "", 0.0
        i, n = 0, len(para)
        while i < n:
            ch = para[i]
            if ch in _WORD:
                j = i
                while j < n and para[j] in _WORD:
                    j += 1
                word = para[i:j]
                ww = widths.text(word)
                if used + ww <= limit:
                    line, used, i = line + word, used + ww, j
                    continue
                if ww <= limit and line:
                    out.append(line)
                    line, used, i = word, ww, j
                    continue
            cw = widths.char(ch)
            if used + cw > limit and line:
                if (ch in NO_LINE_START or line[-1] in NO_LINE_END) and len(line) > 1:
                    # pull the last character down: no closing mark starts a line, no opening mark ends one
                    out.append(line[:-1])
                    line, used = line[-1], widths.char(line[-1])
                else:
                    out.append(line)
                    line, used = "", 0.0
            line, used, i = line + ch, used + cw, i + 1
        out.append(line)
    return out


@dataclass
class PlacedRow:
    """One printed row on one page: the lines of each cell, its top (y) and height."""

    source_index: int  # index of the register row it comes from
    cells: list[list[str]]
    top: float
    height: float
    continued: bool = False


@dataclass
class Page:
    number: int
    rows: list[PlacedRow] = field(default_factory=list)
    table_top: float = 0.0
    tail_top: float | None = None  # where the totals and signatures go, on the last page


@dataclass
class RegisterLayout:
    page_size: tuple[float, float]
    col_x: list[float]  # left edge of each column, then the right edge of the table
    header: list[list[str]]
    header_height: float
    pages: list[Page]


def _row_height(lines: int) -> float:
    return max(lines, 1) * LEADING + PAD_TOP + PAD_BOTTOM


def layout_register(report: LedgerReport) -> RegisterLayout:
    """Pure layout: where every row of the register goes (no drawing)."""
    font = ensure_font()
    widths = _Widths(font)
    pw, ph = landscape(A4) if report.landscape else A4
    columns: list[Column] = report.main.columns
    total_mm = sum(c.width_mm for c in columns)
    table_w = pw - 2 * MARGIN_X
    col_w = [table_w * c.width_mm / total_mm for c in columns]
    col_x = [MARGIN_X]
    for w in col_w:
        col_x.append(col_x[-1] + w)
    inner = [w - 2 * PAD_X for w in col_w]
    header = [wrap_text(c.title, inner[i], FONT_SIZE, widths) for i, c in enumerate(columns)]
    header_h = _row_height(max(len(h) for h in header))

    pages: list[Page] = []

    def new_page() -> Page:
        top = ph - MARGIN_TOP - (TITLE_BLOCK if not pages else 0)
        page = Page(number=len(pages) + 1, table_top=top)
        pages.append(page)
        return page

    page = new_page()
    y = page.table_top - header_h
    full_body = ph - MARGIN_TOP - header_h - MARGIN_BOTTOM
    source_rows = report.main.rows or []
    for index, row in enumerate(source_rows):
        cells = [
            wrap_text(cell_text(v, c), inner[i], FONT_SIZE, widths)
            for i, (v, c) in enumerate(zip(row, columns, strict=True))
        ]
        continued = False
        while True:
            lines = max(len(c) for c in cells)
            h = _row_height(lines)
            if y - h >= MARGIN_BOTTOM:
                page.rows.append(PlacedRow(index, cells, y, h, continued))
                y -= h
                break
            room = math.floor((y - MARGIN_BOTTOM - PAD_TOP - PAD_BOTTOM) / LEADING)
            if h <= full_body or room < MIN_SPLIT_LINES:
                page = new_page()
                y = page.table_top - header_h
                continue
            # taller than a page: print what fits here, continue the rest on the next page
            head = [c[:room] for c in cells]
            page.rows.append(PlacedRow(index, head, y, _row_height(room), continued))
            cells = [c[room:] for c in cells]
            cells[0] = [CONTINUED]
            continued = True
            page = new_page()
            y = page.table_top - header_h
    if not source_rows:
        page.rows.append(PlacedRow(-1, [["本月无记录"]] + [[] for _ in columns[1:]], y, _row_height(1)))
        y -= _row_height(1)
    if y - TAIL_BLOCK < MARGIN_BOTTOM:
        page = new_page()
        page.table_top = ph - MARGIN_TOP - (0 if page.number > 1 else TITLE_BLOCK)
        page.tail_top = page.table_top
    else:
        page.tail_top = y - 5 * mm
    return RegisterLayout((pw, ph), col_x, header, header_h, pages)


# ---------------------------------------------------------------------------------------------- drawing
class _PageText:
    """All cell text of one page in a single PDF text object (BT … ET).

    Emitting ``Tm``/``Tf``/``Tj`` operators directly is several times faster than one ``drawString``
    per line; the glyph encoding (subset and codes) still comes from reportlab's TrueType font, so the
    embedded subsets and the ToUnicode map are exactly those ``drawString`` would produce.
    """

    def __init__(self, c: Canvas, font: str, widths: _Widths, encoded: dict[str, list[tuple[int, str]]]) -> None:
        self.c, self.widths = c, widths
        self.font = pdfmetrics.getFont(font)
        self.doc = c._doc
        self.ops = ["BT"]
        self.subset: int | None = None
        self.size = fp_str(FONT_SIZE)
        self.encoded = encoded  # shared by all pages of the document

    def line(self, x: float, y: float, text: str) -> None:
        ops = self.ops
        ops.append(f"1 0 0 1 {fp_str(x)} {fp_str(y)} Tm")
        parts = self.encoded.get(text)
        if parts is None:
            # a character keeps its subset and code for the whole document, so the encoding can be reused
            parts = [(sub, f"({self.c._escape(codes)}) Tj") for sub, codes in self.font.splitString(text, self.doc)]
            if len(text) <= 24:
                self.encoded[text] = parts
        for subset, op in parts:
            if subset != self.subset:
                ops.append(f"{self.font.getSubsetInternalName(subset, self.doc)} {self.size} Tf")
                self.subset = subset
            ops.append(op)

    def cell(
        self, lines: list[str], x0: float, x1: float, top: float, height: float, align: str, strike: list | None = None
    ) -> None:
        """Draw a cell's lines; with ``strike``, also collect a strike-through segment for each line."""
        if not lines:
            return
        block = len(lines) * LEADING
        inner_top = top - PAD_TOP - max(height - PAD_TOP - PAD_BOTTOM - block, 0) / 2
        baseline = inner_top - LEADING + (LEADING - FONT_SIZE) / 2 + 1.6
        for text in lines:
            if text:
                if align == "center":
                    x = (x0 + x1) / 2 - self.widths.text(text) * FONT_SIZE / 2
                elif align == "right":
                    x = x1 - PAD_X - self.widths.text(text) * FONT_SIZE
                else:
                    x = x0 + PAD_X
                self.line(x, baseline, text)
                if strike is not None:
                    strike.append((x, baseline + FONT_SIZE * 0.32, self.widths.text(text) * FONT_SIZE))
            baseline -= LEADING

    def flush(self) -> None:
        self.ops.append("ET")
        self.c._code.append("\n".join(self.ops))


def _draw_title(c: Canvas, report: LedgerReport, pw: float, ph: float, font: str) -> None:
    c.setFont(font, 18)
    c.drawCentredString(pw / 2, ph - MARGIN_TOP - 8 * mm, f"{report.title}（{report.period_label}）")
    c.setFont(font, 10)
    y = ph - MARGIN_TOP - 17 * mm
    c.drawString(MARGIN_X, y, f"填报单位：{report.station_name}")
    right = f"所属月份：{report.period_label}"
    if report.masked:
        right = "（已隐去个人信息）  " + right
    c.drawRightString(pw - MARGIN_X, y, right)


def _draw_tail(c: Canvas, report: LedgerReport, top: float, pw: float, font: str) -> None:
    c.setFont(font, 10)
    y = top - 4 * mm
    for note in report.notes:
        c.drawString(MARGIN_X, y, note)
        y -= 14
    y -= 14
    c.setFont(font, 11)
    width = pw - 2 * MARGIN_X
    slots = [("经办人（签字）：", 0.0), ("审核人（签字）：", 0.36), ("日期：", 0.72)]
    c.setLineWidth(0.6)
    for label, at in slots:
        x = MARGIN_X + width * at
        c.drawString(x, y, label)
        lx = x + pdfmetrics.stringWidth(label, font, 11) + 2
        c.line(lx, y - 2, MARGIN_X + width * (at + 0.3), y - 2)


def _draw_footer(
    c: Canvas, report: LedgerReport, printed_on: date, number: int, total: int, pw: float, font: str
) -> None:
    c.setFont(font, 8.5)
    c.drawString(MARGIN_X, 8 * mm, f"打印日期：{printed_on:%Y年%m月%d日}")
    c.drawCentredString(pw / 2, 8 * mm, f"第 {number} 页  共 {total} 页")
    c.drawRightString(pw - MARGIN_X, 8 * mm, report.station_name)


def draw_register(
    report: LedgerReport, target, printed_on: date, layout: RegisterLayout, progress: Progress | None = None
) -> None:
    font = ensure_font()
    widths = _Widths(font)
    pw, ph = layout.page_size
    columns = report.main.columns
    struck = report.main.struck_rows
    c = Canvas(target, pagesize=(pw, ph), initialFontName=font, initialFontSize=FONT_SIZE)
    c.setTitle(f"{report.station_name}{report.period_label}{report.title}")
    c.setAuthor(report.station_name)
    c.setCreator("heshi-station")
    xs = layout.col_x
    total = len(layout.pages)
    encoded: dict[str, list[tuple[int, str]]] = {}
    for page in layout.pages:
        if page.number == 1:
            _draw_title(c, report, pw, ph, font)
        if page.rows:
            top = page.table_top
            bottom = page.rows[-1].top - page.rows[-1].height
            hh = layout.header_height
            c.setFillGray(0.9)
            c.rect(xs[0], top - hh, xs[-1] - xs[0], hh, stroke=0, fill=1)
            c.setFillGray(0)
            text = _PageText(c, font, widths, encoded)
            for i, lines in enumerate(layout.header):
                text.cell(lines, xs[i], xs[i + 1], top, hh, "center")
            strikes: list[tuple[float, float, float]] = []
            for placed in page.rows:
                if placed.source_index < 0:  # the empty month's single message spans the table
                    text.cell(placed.cells[0], xs[0], xs[-1], placed.top, placed.height, "center")
                    continue
                voided = placed.source_index in struck
                for i, lines in enumerate(placed.cells):
                    # A voided row is struck through, except its number and the last column (the 作废 mark
                    # and reason), which stay legible.
                    strike = strikes if voided and 0 < i < len(columns) - 1 else None
                    text.cell(lines, xs[i], xs[i + 1], placed.top, placed.height, columns[i].align, strike)
            text.flush()
            if strikes:
                c.setLineWidth(0.7)
                for x, y, w in strikes:
                    c.line(x, y, x + w, y)
            c.setLineWidth(0.5)
            path = c.beginPath()
            for y in [top, top - hh] + [r.top - r.height for r in page.rows]:
                path.moveTo(xs[0], y)
                path.lineTo(xs[-1], y)
            empty = page.rows[0].source_index < 0
            for i, x in enumerate(xs):
                path.moveTo(x, top)
                path.lineTo(x, top - hh if empty and 0 < i < len(xs) - 1 else bottom)
            c.drawPath(path, stroke=1, fill=0)
        if page.tail_top is not None:
            _draw_tail(c, report, page.tail_top, pw, font)
        _draw_footer(c, report, printed_on, page.number, total, pw, font)
        c.showPage()
        if progress:
            progress(page.number, total)
    c.save()


def render_register_pdf(
    report: LedgerReport, out: Path | str | BytesIO, printed_on: date, progress: Progress | None = None
) -> RegisterLayout:
    layout = layout_register(report)
    draw_register(report, str(out) if isinstance(out, Path) else out, printed_on, layout, progress)
    return layout

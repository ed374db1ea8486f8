"""Shared PDF machinery: the embedded CJK font, paragraph styles, "page x of y" and the page furniture.

Guarantees:
- every PDF uses only the bundled TrueType font, embedded as a subset (reportlab writes it as a
  ``FontFile2`` stream with an ``ABCDEF+`` name); the canvas's initial font is that font too, so no
  standard (unembedded) font such as Helvetica is ever referenced;
- all user text goes through :func:`para`, which escapes markup and wraps Chinese text inside its cell.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Table, TableStyle

from heshi_station.fonts import cjk_font_path

FONT = "HeshiCJK"
_font_lock = threading.Lock()


class FontMissing(RuntimeError):
    """The bundled CJK font file is not where the installation put it."""


def ensure_font() -> str:
    """Register the bundled font with reportlab once per process; returns its reportlab name."""
    with _font_lock:
        if FONT in pdfmetrics.getRegisteredFontNames():
            return FONT
        path = cjk_font_path()
        if not path.exists():
            raise FontMissing(f"找不到打印用的中文字体文件：{path}。请重新安装本程序。")
        pdfmetrics.registerFont(TTFont(FONT, str(path)))
        # Bold/italic markup must map back to the same (only) face, or reportlab would look up Helvetica.
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT)
        return FONT


def styles(size: float = 9) -> dict[str, ParagraphStyle]:
    ensure_font()
    lead = size * 1.35
    base = ParagraphStyle("cell", fontName=FONT, fontSize=size, leading=lead, wordWrap="CJK", alignment=TA_LEFT)
    return {
        "cell": base,
        "cell_center": ParagraphStyle("cell_center", parent=base, alignment=TA_CENTER),
        "cell_right": ParagraphStyle("cell_right", parent=base, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", parent=base, alignment=TA_CENTER, fontSize=size, leading=lead),
        "title": ParagraphStyle("title", fontName=FONT, fontSize=18, leading=24, alignment=TA_CENTER, wordWrap="CJK"),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10, leading=14),
        "heading": ParagraphStyle("heading", parent=base, fontSize=11, leading=16, spaceBefore=8, spaceAfter=4),
        "body": ParagraphStyle("body", parent=base, fontSize=12, leading=20),
        "notice": ParagraphStyle("notice", parent=base, fontSize=14, leading=26, firstLineIndent=28),
    }


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A wrapped paragraph of user text (escaped: a “<” typed by the clerk is printed, not parsed)."""
    safe = escape(text or "").replace("\r\n", "\n").replace("\n", "<br/>")
    return Paragraph(safe, style)


GRID_STYLE = [
    ("FONTNAME", (0, 0), (-1, -1), FONT),
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
    ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
]
HEAD_BACKGROUND = colors.Color(0.9, 0.9, 0.9)


def grid_table(data: list[list], widths: list[float], *, header: bool = True, **kw) -> Table:
    t = Table(data, colWidths=widths, **kw)
    style = list(GRID_STYLE)
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_BACKGROUND))
    t.setStyle(TableStyle(style))
    return t


def make_canvas_class(footer: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """A canvas that knows the page count when it draws each page's footer ("第 x 页 共 y 页").

    Pages are kept until ``save`` (the usual reportlab two-pass recipe); the initial font is the
    embedded CJK font so no page preamble references a standard font.
    """

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            # BaseDocTemplate passes initialFontName=None explicitly, which would mean Helvetica.
            kwargs["initialFontName"] = kwargs.get("initialFontName") or ensure_font()
            kwargs["initialFontSize"] = kwargs.get("initialFontSize") or 9
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict] = []

        def showPage(self):  # noqa: N802 (reportlab's name)
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._saved_pages)
            for n, state in enumerate(self._saved_pages, 1):
                self.__dict__.update(state)
                footer(self, n, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def standard_footer(printed_on: date, left_note: str = "") -> Callable[[Canvas, int, int], None]:
    """Bottom line of every page: printed date on the left, 第 x 页 共 y 页 in the middle."""

    def draw(c: Canvas, page: int, total: int) -> None:
        width, _ = c._pagesize
        c.saveState()
        c.setFont(FONT, 8.5)
        c.drawString(15 * mm, 8 * mm, f"打印日期：{printed_on:%Y年%m月%d日}")
        c.drawCentredString(width / 2, 8 * mm, f"第 {page} 页  共 {total} 页")
        if left_note:
            c.drawRightString(width - 15 * mm, 8 * mm, left_note)
        c.restoreState()

    return draw


def signature_table(width: float, size: float = 11) -> Table:
    """经办人 / 审核人 / 日期 signature lines, drawn as underlined blanks."""
    st = ParagraphStyle("sig", fontName=ensure_font(), fontSize=size, leading=size * 1.6)
    labels = ("经办人（签字）：", "审核人（签字）：", "日期：")
    cells = [c for label in labels for c in (para(label, st), "")]
    # Each label's column is as wide as the label itself (plus the cell padding), so it never wraps; the
    # blanks to sign on share what is left.
    label_widths = [pdfmetrics.stringWidth(label, st.fontName, size) + 14 for label in labels]
    blank = max(width - sum(label_widths), 0) / 3
    t = Table([cells], colWidths=[w for lw in label_widths for w in (lw, blank)])
    t.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),  # even empty cells set a font: never the default Helvetica
                ("LINEBELOW", (1, 0), (1, 0), 0.6, colors.black),
                ("LINEBELOW", (3, 0), (3, 0), 0.6, colors.black),
                ("LINEBELOW", (5, 0), (5, 0), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("TOPPADDING", (0, 0), (-1, -1), 14),
            ]
        )
    )
    return t

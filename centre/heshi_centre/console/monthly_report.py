"""月报: the city's (or a district's) monthly report as a print-ready A4 PDF.

Figures: exactly the 全市概览's (``overview.city_overview``, same definitions, same role scope — a 县区人大
user gets its own district's report, a 承办单位 none): per district and station, the month's receptions,
people received, opinions collected, transferred, closed and fed back, on-time rate and satisfaction.

PDF guarantees: A4 portrait; only the CJK font (文泉驿微米黑, found through ``heshi_protocol.fonts`` — the
station's own file, not a copy) embedded as a subset, never an unembedded standard font; the title, the
month, the date generated and "第 x 页 共 y 页" on every page; the table's header repeats on each page; the
signature block is kept on one page together with the definitions before it, so it never stands alone.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from datetime import date
from io import BytesIO
from urllib.parse import quote
from xml.sax.saxutils import escape

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy.orm import Session, sessionmaker

from heshi_centre.console import accounts, overview
from heshi_centre.console.accounts import CurrentUser, Role
from heshi_centre.console.scope import Forbidden, require
from heshi_protocol.fonts import cjk_font_path

FONT = "HeshiCJK"  # the station's reportlab name for the same file: registering it twice is harmless
_font_lock = threading.Lock()
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
COLUMNS = [
    ("联络站", None),
    ("进站代表", "deputies"),
    ("接待次数", "receptions"),
    ("接待群众", "people"),
    ("收集意见", "opinions"),
    ("转办", "transferred"),
    ("办结", "closed"),
    ("已反馈", "fed_back"),
    ("按期办结率", "on_time_rate"),
    ("满意率", "satisfaction_rate"),
]


class BadMonth(ValueError):
    pass


def parse_month(text: str) -> tuple[int, int]:
    m = MONTH_RE.match((text or "").strip())
    if not m or not 2000 <= int(m.group(1)) <= 2100 or not 1 <= int(m.group(2)) <= 12:
        raise BadMonth(f"月份应写成 2026-11 这样的格式，而不是“{(text or '')[:20]}”")
    return int(m.group(1)), int(m.group(2))


def month_figures(session: Session, user: CurrentUser, month: str, today: date) -> dict:
    """The month's figures: city (or the district) total, per district, per station."""
    require(user, Role.ADMIN, Role.DISTRICT, Role.READONLY, what="查看月报")
    year, _ = parse_month(month)
    data = overview.city_overview(session, user, year, today)
    city: dict = defaultdict(int)
    districts = []
    for d in data["districts"]:
        d_sum: dict = defaultdict(int)
        stations = []
        for s in d["stations"]:
            m = next((r for r in s["months"] if r["month"] == month), {})
            counts = {k: int(m.get(k, 0)) for k in overview.COUNTS}
            for k, v in counts.items():
                d_sum[k] += v
            d_sum["deputies"] += s["deputies"]
            stations.append(
                {"code": s["code"], "name": s["name"], "deputies": s["deputies"], **overview.finish_counts(counts)}
            )
        for k, v in d_sum.items():
            city[k] += v
        districts.append(
            {
                "district": d["district"],
                "station_count": len(stations),
                "deputies": d_sum["deputies"],
                **overview.finish_counts(d_sum),
                "stations": stations,
            }
        )
    scope = user.district if user.role == Role.DISTRICT else "全市"
    return {
        "month": month,
        "scope": scope,
        "title": f"{scope}人大代表联络站工作月报",
        "generated_on": today.isoformat(),
        "total": {
            "station_count": sum(d["station_count"] for d in districts),
            "deputies": city["deputies"],
            **overview.finish_counts(city),
        },
        "districts": districts,
        "definitions": data["definitions"],
    }


# -- PDF ------------------------------------------------------------------------------------------------


def _ensure_font() -> str:
    with _font_lock:
        if FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(FONT, str(cjk_font_path())))
            # Bold/italic markup maps back to the only face, or reportlab would reach for Helvetica.
            pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT)
    return FONT


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:.1f}%"


def _numbered_canvas(header: str, footer_left: str) -> type[Canvas]:
    class NumberedCanvas(Canvas):
        """Draws the running header and "第 x 页 共 y 页" once the page count is known."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.setFont(FONT, 9)  # the initial font must be ours: no Helvetica reference in the file
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for n, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                width, _ = A4
                self.setFont(FONT, 8.5)
                self.setFillColor(colors.HexColor("#555555"))
                self.drawString(18 * mm, 287 * mm, header)
                self.drawString(18 * mm, 10 * mm, footer_left)
                self.drawRightString(width - 18 * mm, 10 * mm, f"第 {n} 页  共 {total} 页")
                super().showPage()
            super().save()

    return NumberedCanvas


def report_pdf(fig: dict) -> bytes:
    """The month's report as A4 PDF bytes."""
    _ensure_font()
    base = ParagraphStyle("b", fontName=FONT, fontSize=9, leading=12.5, wordWrap="CJK")
    title = ParagraphStyle("t", parent=base, fontSize=18, leading=26, alignment=TA_CENTER)
    sub = ParagraphStyle("s", parent=base, fontSize=10.5, leading=16, alignment=TA_CENTER)
    body = ParagraphStyle("p", parent=base, fontSize=10.5, leading=17, firstLineIndent=21)
    head = ParagraphStyle("h", parent=base, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4)
    cell = ParagraphStyle("c", parent=base, fontSize=8.5, leading=11)
    num = ParagraphStyle("n", parent=cell, alignment=TA_RIGHT)
    year, mon = parse_month(fig["month"])
    month_text = f"{year}年{mon}月"
    t = fig["total"]
    story = [
        Paragraph(escape(fig["title"]), title),
        Paragraph(f"{month_text}　　生成日期：{escape(fig['generated_on'])}", sub),
        Spacer(1, 5 * mm),
        Paragraph(
            escape(
                f"{month_text}，{fig['scope']}共有 {t['station_count']} 个联络站、{t['deputies']} 名进站代表；"
                f"接待 {t['receptions']} 次、群众 {t['people']} 人次，收集意见 {t['opinions']} 件，转办 "
                f"{t['transferred']} 件，办结 {t['closed']} 件，已反馈 {t['fed_back']} 件；按期办结率 "
                f"{_pct(t['on_time_rate'])}，满意率 {_pct(t['satisfaction_rate'])}。"
            ),
            body,
        ),
        Paragraph("各县区、联络站情况", head),
    ]

    def row(label: str, r: dict, bold: bool = False) -> list:
        values = [
            r["deputies"],
            r["receptions"],
            r["people"],
            r["opinions"],
            r["transferred"],
            r["closed"],
            r["fed_back"],
            _pct(r["on_time_rate"]),
            _pct(r["satisfaction_rate"]),
        ]
        return [Paragraph(escape(label), cell), *(Paragraph(escape(str(v)), num) for v in values)]

    data = [[Paragraph(escape(h), ParagraphStyle("hd", parent=cell, alignment=TA_CENTER)) for h, _ in COLUMNS]]
    shaded = []
    data.append(row(f"{fig['scope']}合计", t))
    shaded.append((len(data) - 1, "#f3e5e5"))
    for d in fig["districts"]:
        if fig["scope"] == "全市":
            data.append(row(f"{d['district']}（{d['station_count']}个站）", d))
            shaded.append((len(data) - 1, "#eeeeee"))
        for s in d["stations"]:
            data.append(row(f"　{s['name']}", s))
    widths = [44 * mm] + [14 * mm] * 7 + [18.5 * mm] * 2
    table = Table(data, colWidths=widths, repeatRows=1)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dddddd")),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    style += [("BACKGROUND", (0, r), (-1, r), colors.HexColor(c)) for r, c in shaded]
    table.setStyle(TableStyle(style))
    story.append(table)

    closing = [Paragraph("指标口径", head)]
    closing += [Paragraph(escape(f"{d['figure']}：{d['definition']}"), cell) for d in fig["definitions"]]
    sign = Table(
        [["填报单位（盖章）：", "", "负责人：", ""], ["填报人：", "", "报送日期：", "　　年　　月　　日"]],
        colWidths=[32 * mm, 58 * mm, 22 * mm, 58 * mm],
        rowHeights=[12 * mm, 12 * mm],
    )
    sign.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTSIZE", (0, 0), (-1, -1), 10.5),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (1, 0), (1, -1), 0.5, colors.black),
                ("LINEBELOW", (3, 0), (3, 0), 0.5, colors.black),
            ]
        )
    )
    # The definitions and the signature block move to a new page together: the block is never alone.
    story.append(KeepTogether([Spacer(1, 4 * mm), *closing, Spacer(1, 8 * mm), sign]))

    out = BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"{fig['title']} {month_text}",
        author="市人大代表联络服务中心",
        initialFontName=FONT,
    )
    canvas = _numbered_canvas(f"{fig['title']} · {month_text}", f"生成日期：{fig['generated_on']}")
    doc.build(story, canvasmaker=canvas)
    return out.getvalue()


# -- routes ---------------------------------------------------------------------------------------------


def _last_month(today: date) -> str:
    y, m = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{y:04d}-{m:02d}"


def add_routes(router: APIRouter, factory: sessionmaker[Session], reading, *, page, ip_of) -> None:
    """GET /report (the page; with ?month=YYYY-MM the PDF) and GET /api/report?month= (the figures). The
    figures are read through ``reading`` (web's: the user, and a session on the read replica if one is set);
    the export's audit line is written on the primary (``factory``)."""

    def form(request: Request, user: CurrentUser, error: str = "", status: int = 200, month: str = "") -> Response:
        return page(request, "report.html", user, status=status, error=error, month=month or _last_month(date.today()))

    @router.get("/api/report")
    def report_json(request: Request, month: str = "") -> Response:
        with reading(request) as (user, s):
            try:
                fig = month_figures(s, user, month or _last_month(date.today()), date.today())
            except BadMonth as exc:
                return JSONResponse({"code": "bad_month", "message": str(exc)}, 400)
        return JSONResponse(fig)

    @router.get("/report")
    def report(request: Request, month: str = "") -> Response:
        with reading(request) as (user, s):  # one session check, whichever way the page goes
            if user.role == Role.UNIT:
                raise Forbidden("承办单位账号不能查看月报")
            if not month:
                return form(request, user)
            try:
                fig = month_figures(s, user, month, date.today())
            except BadMonth as exc:
                return form(request, user, str(exc), 400, month[:20])
        with factory.begin() as s:
            accounts.audit(s, user, "export_monthly_report", month, ip=ip_of(request))
        body = report_pdf(fig)
        y, m = parse_month(month)
        name = f"{fig['scope']}联络站工作月报-{y}年{m}月.pdf"
        return Response(
            body,
            media_type="application/pdf",
            headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
        )

"""Single-item forms as PDFs: 转办单 (transfer slip), 督办单 (supervision slip for an overdue item),
接待公告 (public notice of a reception day) and a deputy's yearly 履职情况统计.

Same guarantees as the registers: A4, the bundled font embedded as a subset, page x of y, printed date.
Data comes only from ledger read operations. The 转办单 carries its transfer date and a readable number
(station code, year, sequence: ``ledger.transfer_numbers``). The signature block is kept on one page with
the last rows above it, so it never stands alone on a page.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, KeepTogether, PageTemplate, Spacer, Table

from heshi_protocol.workdays import CalendarYearMissing
from heshi_station.ledger import attendance, opinions, reference_data, stats
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import OpinionRecord
from heshi_station.ledger.errors import LedgerError
from heshi_station.ledger.transfer_numbers import transfer_number
from heshi_station.reports.masking import Masker
from heshi_station.reports.pdf_base import (
    GRID_STYLE,
    HEAD_BACKGROUND,
    grid_table,
    make_canvas_class,
    para,
    standard_footer,
    styles,
)

MARGIN = 20 * mm
WEEKDAYS = "一二三四五六日"


class NotOverdue(LedgerError):
    """A 督办单 was asked for an opinion that is not overdue."""


def _build(story: list, out: Path | str | None, title: str, station: str, printed_on: date) -> bytes | None:
    target = BytesIO() if out is None else str(out)
    width, height = A4
    doc = BaseDocTemplate(
        target,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author=station,
        creator="heshi-station",
    )
    frame = Frame(MARGIN, MARGIN, width - 2 * MARGIN, height - 2 * MARGIN, 0, 0, 0, 0)
    doc.addPageTemplates([PageTemplate("form", [frame])])
    doc.build(story, canvasmaker=make_canvas_class(standard_footer(printed_on, station)))
    return target.getvalue() if out is None else None


def _station(ledger: Ledger) -> str:
    st = reference_data.get_station(ledger)
    return st.name if st else "代表联络站"


def _field_table(pairs: list[tuple[str, str]], width: float) -> Table:
    st = styles(11)
    data = [[para(k, st["cell_center"]), para(v, st["cell"])] for k, v in pairs]
    t = grid_table(data, [width * 0.2, width * 0.8], header=False)
    t.setStyle(
        [
            *GRID_STYLE,
            ("BACKGROUND", (0, 0), (0, -1), HEAD_BACKGROUND),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ]
    )
    return t


def _opinion_pairs(o: OpinionRecord, m: Masker) -> list[tuple[str, str]]:
    units = o.lead_unit_name + (f"（协办：{'、'.join(o.assist_unit_names)}）" if o.assist_unit_names else "")
    return [
        ("登记日期", f"{o.registered_on:%Y年%m月%d日}"),
        ("反映人", m.name(o.proposer_name) or "匿名"),
        ("联系电话", m.phone(o.proposer_phone)),
        ("所在村(社区)", o.village),
        ("意见类别", o.category_name),
        ("接待代表", "、".join(o.deputy_names)),
        ("意见建议内容", m.matter(o.content, o.confidential)),
        ("承办单位", units or "（未转办）"),
        ("办理期限", f"{o.due_text('%Y年%m月%d日')}前" if o.due_date else "（未设定）"),
    ]


def _closing(pairs: list[tuple[str, str]], width: float, sign: Table) -> list:
    """The last field rows and the signature block, kept together: the block never starts a page alone."""
    body, tail = pairs[:-1], pairs[-1:]
    story: list = [_field_table(body, width)] if body else []
    story.append(KeepTogether([_field_table(tail, width), sign]))
    return story


def _sign_row(width: float, left: str, right: str) -> Table:
    st = styles(11)
    t = Table([[para(left, st["cell"]), para(right, st["cell"])]], colWidths=[width / 2, width / 2])
    t.setStyle([("FONTNAME", (0, 0), (-1, -1), st["cell"].fontName), ("TOPPADDING", (0, 0), (-1, -1), 18)])
    return t


def transfer_slip_pdf(
    ledger: Ledger, opinion_id: str, out: Path | str | None = None, *, mask: bool = False, printed_on=None
) -> bytes | None:
    """The 转办单 sent with a transferred opinion to its handling unit."""
    o = opinions.get_opinion(ledger, opinion_id)
    numbered = transfer_number(ledger, opinion_id)
    station = _station(ledger)
    width = A4[0] - 2 * MARGIN
    st = styles(11)
    pairs = _opinion_pairs(o, Masker(mask))
    pairs.insert(-2, ("转办日期", f"{numbered.transferred_on:%Y年%m月%d日}" if numbered else "（未转办）"))
    pairs.append(
        (
            "办理要求",
            "请认真研究办理，于办理期限内将办理结果书面反馈本联络站，并答复反映人。如需延期，请提前说明理由。",
        )
    )
    number = numbered.number if numbered else "（未转办）"
    story = [
        para(f"{station}", st["subtitle"]),
        para("人大代表联络站意见建议转办单", st["title"]),
        Spacer(1, 2 * mm),
        para(f"编号：{number}", ParagraphStyle("no", parent=st["subtitle"], alignment=TA_RIGHT)),
        Spacer(1, 2 * mm),
        *_closing(
            pairs,
            width,
            _sign_row(width, "联络站（盖章）：\n\n经办人：", "承办单位签收人：\n\n签收日期：　　年　　月　　日"),
        ),
    ]
    return _build(story, out, "意见建议转办单", station, printed_on or ledger.today())


def urge_slip_pdf(
    ledger: Ledger, opinion_id: str, out: Path | str | None = None, *, mask: bool = False, printed_on=None
) -> bytes | None:
    """The 督办单 for an overdue opinion; raises :class:`NotOverdue` when the opinion is not overdue."""
    o = opinions.get_opinion(ledger, opinion_id)
    if o.overdue_level not in ("overdue", "long_overdue") or o.due_date is None:
        raise NotOverdue(f"这条意见没有超期（{o.state_label}），不需要督办单。")
    today = ledger.today()
    try:
        late = f"{ledger.calendar().working_days_between(o.due_date, today)} 个工作日"
    except CalendarYearMissing:
        late = f"{(today - o.due_date).days} 天（日历年份缺失，按自然日计）"
    station = _station(ledger)
    width = A4[0] - 2 * MARGIN
    st = styles(11)
    pairs = _opinion_pairs(o, Masker(mask))
    pairs += [
        ("当前状态", f"{o.state_label}（{o.overdue_label}）"),
        ("已超期", late),
        ("督办次数", f"第 {o.urge_count + 1} 次督办"),
        (
            "督办意见",
            f"该件已超过办理期限{late}，请承办单位高度重视，于收到本督办单后5个工作日内办结，"
            "并将办理结果书面反馈本联络站。",
        ),
    ]
    story = [
        para(station, st["subtitle"]),
        para("人大代表联络站意见建议督办单", st["title"]),
        Spacer(1, 4 * mm),
        *_closing(
            pairs,
            width,
            _sign_row(width, "联络站（盖章）：\n\n督办人：", "承办单位签收人：\n\n签收日期：　　年　　月　　日"),
        ),
    ]
    return _build(story, out, "意见建议督办单", station, printed_on or ledger.today())


def reception_notice_pdf(
    ledger: Ledger, reception_day_id: str, out: Path | str | None = None, *, printed_on=None
) -> bytes | None:
    """The 接待公告 posted before a reception day: date, time, place, topic and the deputies on duty."""
    rd = attendance.get_reception_day(ledger, reception_day_id)
    station = _station(ledger)
    st = styles(14)
    when = f"{rd.day:%Y年%m月%d日}（星期{WEEKDAYS[rd.day.weekday()]}）{rd.start_time:%H:%M}—{rd.end_time:%H:%M}"
    topic = f"本次接待主题：{rd.topic}。" if rd.topic else ""
    text = (
        f"为密切人大代表同人民群众的联系，倾听群众呼声，反映群众意愿，定于{when}在{rd.place}"
        f"开展人大代表接待选民活动。{topic}届时，以下代表将到站接待："
    )
    deputies = "、".join(rd.deputy_names)
    right = ParagraphStyle("right", parent=st["notice"], alignment=TA_RIGHT, firstLineIndent=0)
    story = [
        Spacer(1, 12 * mm),
        para("接 待 公 告", ParagraphStyle("big", parent=st["title"], fontSize=28, leading=40)),
        Spacer(1, 10 * mm),
        para(text, st["notice"]),
        Spacer(1, 3 * mm),
        para(deputies, ParagraphStyle("dep", parent=st["notice"], fontSize=18, leading=30)),
        Spacer(1, 3 * mm),
        para("欢迎广大群众届时前来反映意见和建议。", st["notice"]),
        Spacer(1, 20 * mm),
        para(station, right),
        para(f"{(printed_on or ledger.today()):%Y年%m月%d日}", right),
    ]
    return _build(story, out, "接待公告", station, printed_on or ledger.today())


def deputy_yearly_pdf(
    ledger: Ledger, year: int, out: Path | str | None = None, *, deputy_id: str | None = None, printed_on=None
) -> bytes | None:
    """Each deputy's (or one deputy's) 履职情况统计 for a calendar year."""
    rows = stats.deputy_yearly(ledger, year, deputy_id)
    station = _station(ledger)
    width = A4[0] - 2 * MARGIN
    st = styles(10)
    heads = ["代表", "层级", "进站出席(次)", "请假(次)", "缺席(次)", "参加接待(次)", "接待群众(人)", "收集意见(条)"]
    data = [[para(h, st["head"]) for h in heads]]
    for r in rows:
        vals = [
            r.name,
            r.level_label,
            r.attendances,
            r.leaves,
            r.absences,
            r.receptions,
            r.people_received,
            r.opinions_collected,
        ]
        data.append([para(str(v), st["cell_center"]) for v in vals])
    if not rows:
        data.append([para("（无代表）", st["cell_center"])] + [""] * 7)
    widths = [width * w for w in (0.16, 0.1, 0.12, 0.1, 0.1, 0.14, 0.14, 0.14)]
    title = f"人大代表{year}年度履职情况统计"
    if deputy_id and rows:
        title = f"{rows[0].name}代表{year}年度履职情况统计"
    story = [
        para(title, st["title"]),
        Spacer(1, 3 * mm),
        para(f"填报单位：{station}", st["subtitle"]),
        Spacer(1, 3 * mm),
        grid_table(data, widths, repeatRows=1),
    ]
    return _build(story, out, title, station, printed_on or ledger.today())

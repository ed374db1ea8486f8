"""Printed forms of the deputies' duties (issue 14): the 代表履职档案 (one section per deputy, plus a station
summary), the 述职测评表 of one report-back and the 民生实事项目票决结果 with each voting deputy's signature line.

Same guarantees as the other forms (``pdf_forms``): A4, only the bundled font (embedded as a subset),
page x of y and the printed date; data comes only from ledger read operations.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer, Table

from heshi_protocol.figures import format_rate
from heshi_station.ledger.archive import DeputyArchive, StationArchive, deputy_archives
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.duty_dto import ProjectVoteRecord, ReportBackRecord
from heshi_station.ledger.project_votes import get_project_vote
from heshi_station.ledger.report_backs import get_report_back
from heshi_station.reports.pdf_base import FONT, GRID_STYLE, HEAD_BACKGROUND, grid_table, para, styles
from heshi_station.reports.pdf_forms import MARGIN, _build, _field_table, _station

WIDTH = A4[0] - 2 * MARGIN


def _signatures() -> Table:
    """经办人 / 审核人 / 日期 lines, with label columns wide enough to keep each label on one line."""
    st = styles(10)
    cells = [
        para("经办人（签字）：", st["cell"]),
        "",
        para("审核人（签字）：", st["cell"]),
        "",
        para("日期：", st["cell"]),
        "",
    ]
    t = Table([cells], colWidths=[WIDTH * w for w in (0.22, 0.12, 0.22, 0.12, 0.09, 0.23)])
    t.setStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            *[("LINEBELOW", (i, 0), (i, 0), 0.6, colors.black) for i in (1, 3, 5)],
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("TOPPADDING", (0, 0), (-1, -1), 14),
        ]
    )
    return t


def rate_text(rate: float | None) -> str:
    """The one shared rate format (``heshi_protocol.figures.format_rate``): "—" when nothing was rated."""
    return format_rate(rate)


def _hours(h: float) -> str:
    return f"{h:g}"


def _archive_section(a: DeputyArchive, station: str) -> list:
    st = styles(10)
    story = [
        para(f"{a.name}代表{a.year}年度履职档案", st["title"]),
        Spacer(1, 2 * mm),
        para(f"联络站：{station}　　代表层级：{a.level_label}　　选区：{a.constituency or '—'}", st["subtitle"]),
        Spacer(1, 3 * mm),
        para("一、进站接待", st["heading"]),
        _field_table(
            [
                ("进站履职", f"出席 {a.attendances} 次，请假 {a.leaves} 次，缺席 {a.absences} 次"),
                ("参加接待", f"{a.receptions} 次，接待群众 {a.people_received} 人"),
                ("收集意见建议", f"{a.opinions_raised} 条"),
            ],
            WIDTH,
        ),
        para("二、履职活动", st["heading"]),
    ]
    heads = [label for label, _ in a.activity_labels()]
    story.append(
        grid_table(
            [[para(h, st["head"]) for h in heads], [para(str(n), st["cell_center"]) for _, n in a.activity_labels()]],
            [WIDTH / len(heads)] * len(heads),
        )
    )
    met = "已达到" if a.contact_target_met else "未达到"
    story += [
        Spacer(1, 2 * mm),
        para(f"联系选民 {a.contacts} 次，本站年度要求不少于 {a.contact_target} 次，{met}。", st["cell"]),
        para("三、述职测评", st["heading"]),
    ]
    heads = ("述职日期", "地点", "到会选民", "满意", "基本满意", "不满意", "满意率", "测评结果")
    rows = [[para(h, st["head"]) for h in heads]]
    for rb in a.report_backs:
        vals = [f"{rb.day:%Y-%m-%d}", rb.place, rb.voters_present, rb.satisfied, rb.basically, rb.dissatisfied,
                rate_text(rb.satisfaction_rate), rb.result_label]  # fmt: skip
        rows.append([para(str(v), st["cell_center"]) for v in vals])
    if not a.report_backs:
        rows.append([para("（本年度无述职）", st["cell_center"])] + [""] * 7)
    t = grid_table(rows, [WIDTH * w for w in (0.13, 0.23, 0.1, 0.08, 0.1, 0.09, 0.11, 0.16)])
    if not a.report_backs:
        t.setStyle([*GRID_STYLE, ("SPAN", (0, 1), (-1, 1)), ("BACKGROUND", (0, 0), (-1, 0), HEAD_BACKGROUND)])
    story += [
        t,
        para("四、票决与培训", st["heading"]),
        _field_table(
            [
                ("民生实事票决", f"参加票决 {a.votes} 次"),
                (
                    "培训",
                    f"参加培训 {a.trainings_attended} 次，共 {_hours(a.training_hours)} 学时；"
                    f"请假 {a.training_leaves} 次，缺席 {a.training_absences} 次",
                ),
            ],
            WIDTH,
        ),
        Spacer(1, 8 * mm),
        _signatures(),
    ]
    return story


SUMMARY_HEADS = ("代表", "进站出席", "参加接待", "收集意见", "视察调研", "会议", "联系选民", "述职", "票决", "培训学时")


def summary_row(a: DeputyArchive) -> list[str]:
    acts = a.activities
    return [
        a.name, str(a.attendances), str(a.receptions), str(a.opinions_raised),
        str(acts["inspection"] + acts["research"]), str(acts["meeting"]),
        f"{a.contacts}/{a.contact_target}{'' if a.contact_target_met else '（未达）'}",
        str(len(a.report_backs)), str(a.votes), _hours(a.training_hours),
    ]  # fmt: skip


def _summary(arch: StationArchive) -> list:
    st = styles(9)
    rows = [[para(h, st["head"]) for h in SUMMARY_HEADS]]
    rows += [[para(v, st["cell_center"]) for v in summary_row(a)] for a in arch.deputies]
    if not arch.deputies:
        rows.append([para("（无代表）", st["cell_center"])] + [""] * (len(SUMMARY_HEADS) - 1))
    widths = [WIDTH * w for w in (0.13, 0.09, 0.09, 0.09, 0.09, 0.07, 0.14, 0.07, 0.07, 0.16)]
    return [
        para(f"{arch.station_name}{arch.year}年度代表履职情况汇总", styles()["title"]),
        Spacer(1, 3 * mm),
        para(f"联系选民一栏为“次数/年度要求”，本站要求每位代表每年不少于 {arch.contact_target} 次。", st["subtitle"]),
        Spacer(1, 3 * mm),
        grid_table(rows, widths, repeatRows=1),
    ]


def archive_pdf(
    ledger: Ledger, year: int, out: Path | str | None = None, *, deputy_id: str | None = None, printed_on=None
) -> bytes | None:
    """The 代表履职档案 of every deputy (station summary first, then one section per deputy) or of one deputy."""
    arch = deputy_archives(ledger, year, deputy_id)
    story: list = [] if deputy_id else _summary(arch)
    for a in arch.deputies:
        if story:
            story.append(PageBreak())
        story += _archive_section(a, arch.station_name)
    title = f"{year}年度代表履职档案"
    if deputy_id and arch.deputies:
        title = f"{arch.deputies[0].name}代表{year}年度履职档案"
    return _build(story, out, title, arch.station_name, printed_on or ledger.today())


# ---------------------------------------------------------------------------------------------- 述职测评表
def report_back_sheet(rb: ReportBackRecord, station: str) -> list:
    st = styles(11)
    counted = rb.ballots_counted
    return [
        para(station, st["subtitle"]),
        para("人大代表述职测评表", st["title"]),
        Spacer(1, 4 * mm),
        _field_table(
            [
                ("述职代表", rb.deputy_name),
                ("述职日期", f"{rb.day:%Y年%m月%d日}"),
                ("述职地点", rb.place),
                ("到会选民", f"{rb.voters_present} 人"),
                ("述职报告摘要", rb.summary),
                ("收回选票", f"{counted} 张（有效 {counted - rb.invalid} 张，无效 {rb.invalid} 张）"),
                ("测评结果", f"满意 {rb.satisfied} 票，基本满意 {rb.basically} 票，不满意 {rb.dissatisfied} 票"),
                ("满意率", f"{rate_text(rb.satisfaction_rate)}（满意与基本满意占有效票）"),
                ("测评结论", rb.result_label),
            ],
            WIDTH,
        ),
        Spacer(1, 10 * mm),
        _signatures(),
    ]


def report_back_pdf(ledger: Ledger, report_back_id: str, out: Path | str | None = None, *, printed_on=None):
    rb = get_report_back(ledger, report_back_id)
    station = _station(ledger)
    return _build(report_back_sheet(rb, station), out, "人大代表述职测评表", station, printed_on or ledger.today())


# ------------------------------------------------------------------------------------------------ 票决结果
def _yuan(amount: int) -> str:
    return f"{amount / 10000:,.2f}"


def vote_result_story(v: ProjectVoteRecord, station: str) -> list:
    st = styles(10)
    heads = ("序号", "项目名称", "实施单位", "预算(万元)", "赞成", "反对", "弃权", "结果")
    rows = [[para(h, st["head"]) for h in heads]]
    for p in v.projects:
        vals = [p.position + 1, p.name, p.sponsor, _yuan(p.budget_yuan), p.votes_for, p.votes_against, p.abstain,
                "通过" if p.adopted else "未通过"]  # fmt: skip
        rows.append([para(str(x), st["cell_center"]) for x in vals])
    adopted = "、".join(p.name for p in v.adopted) or "无"
    signs = [[para(f"{i + 1}. {name}", st["cell"]), ""] for i, name in enumerate(v.deputy_names)]
    sign_table = Table(
        [[para("参加票决代表", st["head"]), para("签名", st["head"])], *signs], colWidths=[WIDTH * 0.4, WIDTH * 0.6]
    )
    sign_table.setStyle([*GRID_STYLE, ("BACKGROUND", (0, 0), (-1, 0), HEAD_BACKGROUND)])
    return [
        para(station, st["subtitle"]),
        para(f"{v.year}年度民生实事项目人大代表票决结果", styles()["title"]),
        Spacer(1, 3 * mm),
        para(
            f"票决日期：{v.day:%Y年%m月%d日}　地点：{v.place or '—'}　全体代表 {v.deputies_total} 人，"
            f"参加票决 {len(v.deputy_ids)} 人；通过规则：赞成票达到{v.rule_label}。",
            st["cell"],
        ),
        Spacer(1, 3 * mm),
        grid_table(rows, [WIDTH * w for w in (0.07, 0.25, 0.2, 0.12, 0.08, 0.08, 0.08, 0.12)], repeatRows=1),
        Spacer(1, 3 * mm),
        para(f"票决通过的项目：{adopted}。", st["cell"]),
        Spacer(1, 5 * mm),
        sign_table,
        Spacer(1, 8 * mm),
        _signatures(),
    ]


def vote_result_pdf(ledger: Ledger, vote_id: str, out: Path | str | None = None, *, printed_on: date | None = None):
    v = get_project_vote(ledger, vote_id)
    station = _station(ledger)
    title = f"{v.year}年度民生实事项目票决结果"
    return _build(vote_result_story(v, station), out, title, station, printed_on or ledger.today())

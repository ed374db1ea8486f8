"""The monthly ledgers as plain tables: one description shared by the PDF and the Excel export.

Each ``build_*`` function reads the ledger only through its public read operations and returns a
:class:`LedgerReport` (title, station, period, columns, rows of Python values). Masking is applied here,
so neither renderer can leak a masked value. Rows are in register order (oldest first).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from heshi_protocol.figures import definition_lines, figure, format_rate
from heshi_station.ledger import attendance, reference_data, stats
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import OpinionRecord, ReceptionRecord
from heshi_station.ledger.queries import OpinionFilter, list_opinions
from heshi_station.ledger.report_queries import OpinionBrief, opinion_briefs, receptions_in
from heshi_station.reports.masking import Masker

Progress = Callable[[int, int], None]


class LedgerKind(StrEnum):
    RECEPTION = "reception"
    OPINIONS = "opinions"
    ATTENDANCE = "attendance"
    SUMMARY = "summary"

    @property
    def label(self) -> str:
        return KIND_TITLES[self]


KIND_TITLES = {
    LedgerKind.RECEPTION: "选民接待登记台账",
    LedgerKind.OPINIONS: "意见建议办理台账",
    LedgerKind.ATTENDANCE: "代表进站履职台账",
    LedgerKind.SUMMARY: "月度工作统计表",
}


@dataclass(frozen=True)
class Column:
    """A register column: its printed heading, its share of the page width (mm on A4) and its value kind."""

    title: str
    width_mm: float
    kind: str = "text"  # text | date | datetime | int | float | percent
    align: str = "left"  # left | center | right


@dataclass
class TableSection:
    heading: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    # Rows of voided records (作废), by index in ``rows``: printed struck through, with the mark still legible.
    struck_rows: set[int] = field(default_factory=set)


CORRECTED_MARK = "【已更正】"
VOIDED_MARK = "【作废】"


def record_mark(*, voided: bool, void_reason: str, corrected: bool) -> str:
    """The first line of a register row's last column for a voided or corrected record ("" for neither)."""
    if voided:
        return f"{VOIDED_MARK}{void_reason}" if void_reason else VOIDED_MARK
    return CORRECTED_MARK if corrected else ""


def _marked(mark: str, text: str) -> str:
    return "\n".join(p for p in (mark, text) if p)


@dataclass
class LedgerReport:
    kind: LedgerKind
    title: str
    station_name: str
    period_label: str  # e.g. 2026年11月
    landscape: bool
    sections: list[TableSection]
    masked: bool = False
    notes: list[str] = field(default_factory=list)
    printed_on: date | None = None  # the ledger's today when the report was built

    @property
    def main(self) -> TableSection:
        return self.sections[0]


def period_label(year: int, month: int) -> str:
    return f"{year}年{month}月"


def _station_name(ledger: Ledger) -> str:
    st = reference_data.get_station(ledger)
    return st.name if st else "（未设置联络站）"


def _noop(done: int, total: int) -> None:
    pass


# -------------------------------------------------------------------------------------- reception register
RECEPTION_COLUMNS = [
    Column("序号", 10, "int", "center"),
    Column("接待时间", 22, "datetime", "center"),
    Column("接待方式", 17, "text", "center"),
    Column("来访人", 20),
    Column("联系电话", 25, "text", "center"),
    Column("村(社区)", 20),
    Column("人数", 10, "int", "center"),
    Column("反映问题", 65),
    Column("类别", 16, "text", "center"),
    Column("接待代表", 22),
    Column("办理情况", 40),
]


def outcome_text(r: ReceptionRecord, briefs: list[OpinionBrief]) -> str:
    """The 办理情况 column: the outcome typed at the desk, then what became of each opinion raised."""
    parts = [r.outcome] if r.outcome else []
    for b in briefs:
        unit = f"（{b.lead_unit_name}）" if b.lead_unit_name else ""
        parts.append(f"{b.route_label}{unit}：{b.state_label}")
    return "\n".join(parts)


def reception_row(n: int, r: ReceptionRecord, m: Masker, briefs: list[OpinionBrief] = ()) -> list:
    mark = record_mark(voided=r.voided, void_reason=m.matter(r.void_reason, r.confidential), corrected=r.revision > 0)
    names = "匿名" if r.anonymous else m.names([v.name for v in r.visitors])
    phone = next((v.phone for v in r.visitors if v.phone), "")
    village = next((v.village for v in r.visitors if v.village), "")
    return [
        n,
        r.received_at.replace(tzinfo=None),
        r.way_label,
        names,
        m.phone(phone),
        village,
        r.people,
        m.matter(r.matter, r.confidential),
        r.category_name,
        "、".join(r.deputy_names),
        _marked(mark, m.matter(outcome_text(r, list(briefs)), r.confidential)),
    ]


def month_receptions(ledger: Ledger, year: int, month: int) -> list[ReceptionRecord]:
    start, end = attendance.month_bounds(year, month)
    return receptions_in(ledger, start, end)  # oldest first, as the register runs


def build_reception_register(
    ledger: Ledger, year: int, month: int, *, mask: bool, progress: Progress = _noop
) -> LedgerReport:
    records = month_receptions(ledger, year, month)
    m = Masker(mask)
    briefs = opinion_briefs(ledger, [r.id for r in records])
    rows = []
    for i, r in enumerate(records, 1):
        rows.append(reception_row(i, r, m, briefs.get(r.id, [])))
        if i % 200 == 0:
            progress(i, len(records))
    live = [r for r in records if not r.voided]
    note = f"本月接待 {len(live)} 次，{sum(r.people for r in live)} 人次。"
    if len(live) < len(records):
        note += f"另有作废记录 {len(records) - len(live)} 条（已划去，不计入）。"
    struck = {i for i, r in enumerate(records) if r.voided}
    return LedgerReport(
        LedgerKind.RECEPTION,
        KIND_TITLES[LedgerKind.RECEPTION],
        _station_name(ledger),
        period_label(year, month),
        True,
        [TableSection("", RECEPTION_COLUMNS, rows, struck)],
        masked=mask,
        notes=[note],
    )


# ---------------------------------------------------------------------------------------- opinion register
OPINION_COLUMNS = [
    Column("序号", 10, "int", "center"),
    Column("登记日期", 19, "date", "center"),
    Column("反映人", 16),
    Column("联系电话", 25, "text", "center"),
    Column("意见建议内容", 58),
    Column("类别", 15, "text", "center"),
    Column("办理方式", 15, "text", "center"),
    Column("主办(协办)单位", 28),
    Column("办理期限", 19, "date", "center"),
    Column("办理结果", 40),
    Column("反馈及满意度", 22, "text", "center"),
]
# 10+19+16+25+58+15+15+28+19+40+22 = 267 mm: A4 landscape less two 15 mm margins.


def month_opinions(ledger: Ledger, year: int, month: int, progress: Progress = _noop) -> list[OpinionRecord]:
    f = OpinionFilter(month=(year, month))
    out: list[OpinionRecord] = []
    page = 500
    while True:
        chunk = list_opinions(ledger, f, offset=len(out), limit=page)
        out.extend(chunk)
        progress(len(out), 0)
        if len(chunk) < page:
            break
    out.reverse()
    return out


def _units(o: OpinionRecord) -> str:
    if not o.lead_unit_name:
        return ""
    if o.assist_unit_names:
        return f"{o.lead_unit_name}（协办：{'、'.join(o.assist_unit_names)}）"
    return o.lead_unit_name


def _feedback(o: OpinionRecord) -> str:
    parts = []
    if o.fed_back_on:
        parts.append(f"{o.fed_back_on:%m-%d}反馈")
    if o.satisfaction_label:
        parts.append(o.satisfaction_label)
    return "\n".join(parts) or o.state_label


def opinion_row(n: int, o: OpinionRecord, m: Masker) -> list:
    result = o.reply or ("" if o.state in ("registered", "voided") else o.state_label)
    if o.overdue_label and not o.reply:
        result = f"{o.state_label}（{o.overdue_label}）"
    mark = record_mark(
        voided=o.state == "voided", void_reason=m.matter(o.void_reason, o.confidential), corrected=o.revision > 0
    )
    return [
        n,
        o.registered_on,
        m.name(o.proposer_name) or "匿名",
        m.phone(o.proposer_phone),
        m.matter(o.content, o.confidential),
        o.category_name,
        o.route_label,
        _units(o),
        o.due_text() if o.due_provisional else o.due_date,
        _marked(mark, m.matter(result, o.confidential)),
        _feedback(o),
    ]


def build_opinion_register(
    ledger: Ledger, year: int, month: int, *, mask: bool, progress: Progress = _noop
) -> LedgerReport:
    records = month_opinions(ledger, year, month, progress)
    m = Masker(mask)
    rows = [opinion_row(i, o, m) for i, o in enumerate(records, 1)]
    closed = sum(1 for o in records if o.state == "closed")
    struck = {i for i, o in enumerate(records) if o.state == "voided"}
    note = f"本月登记意见建议 {len(records) - len(struck)} 条，其中已办结 {closed} 条。"
    if struck:
        note += f"另有作废记录 {len(struck)} 条（已划去，不计入）。"
    return LedgerReport(
        LedgerKind.OPINIONS,
        KIND_TITLES[LedgerKind.OPINIONS],
        _station_name(ledger),
        period_label(year, month),
        True,
        [TableSection("", OPINION_COLUMNS, rows, struck)],
        masked=mask,
        notes=[note],
    )


# ------------------------------------------------------------------------------------- attendance register
ATTENDANCE_COLUMNS = [
    Column("序号", 10, "int", "center"),
    Column("日期", 20, "date", "center"),
    Column("代表姓名", 20, "text", "center"),
    Column("出勤情况", 15, "text", "center"),
    Column("到站时间", 16, "text", "center"),
    Column("离站时间", 16, "text", "center"),
    Column("时长(小时)", 17, "float", "center"),
    Column("履职内容", 74),
    Column("接待群众\n(人)", 19, "int", "center"),
    Column("收集意见\n(条)", 19, "int", "center"),
    Column("请假事由", 41),
]


def build_attendance_register(
    ledger: Ledger, year: int, month: int, *, mask: bool, progress: Progress = _noop
) -> LedgerReport:
    start, end = attendance.month_bounds(year, month)
    records = attendance.list_attendance(ledger, start, end)
    rows = [
        [
            i,
            a.day,
            a.deputy_name,
            a.status_label,
            a.arrived_at.strftime("%H:%M") if a.arrived_at else "",
            a.left_at.strftime("%H:%M") if a.left_at else "",
            a.hours,
            a.activities,
            a.people_received,
            a.opinions_collected,
            a.leave_reason,
        ]
        for i, a in enumerate(records, 1)
    ]
    present = sum(1 for a in records if a.status == "present")
    return LedgerReport(
        LedgerKind.ATTENDANCE,
        KIND_TITLES[LedgerKind.ATTENDANCE],
        _station_name(ledger),
        period_label(year, month),
        True,
        [TableSection("", ATTENDANCE_COLUMNS, rows)],
        masked=False,  # deputies are public office holders: nothing on this register is masked
        notes=[f"本月安排进站 {len(records)} 人次，出席 {present} 人次。"],
    )


# ------------------------------------------------------------------------------------------ monthly summary
def _deputy_labels(per_deputy: dict[str, dict], levels: dict[str, str]) -> dict[str, str]:
    """Each deputy's name on paper; two deputies of one name get their level (and, if still alike, a number)."""
    names = Counter(v["name"] for v in per_deputy.values())
    labels = {did: v["name"] if names[v["name"]] == 1 else f"{v['name']}（{levels.get(did, '')}）"
              for did, v in per_deputy.items()}  # fmt: skip
    seen = Counter(labels.values())
    counter: Counter[str] = Counter()
    for did, label in labels.items():
        if seen[label] > 1:
            counter[label] += 1
            labels[did] = f"{label}{counter[label]}"
    return labels


def build_monthly_summary(
    ledger: Ledger, year: int, month: int, *, mask: bool = False, progress: Progress = _noop
) -> LedgerReport:
    s = stats.monthly_stats(ledger, year, month)
    two = [Column("项目", 90), Column("数量", 90, "int", "center")]
    headline = TableSection(
        "一、主要指标",
        [Column("项目", 90), Column("数值", 90, "text", "center")],
        [
            ["接待群众（批次）", str(s.receptions)],
            ["接待群众（人次）", str(s.people_received)],
            ["收集意见建议（条）", str(s.opinions_collected)],
            ["当场答复（条）", str(s.answered_on_spot)],
            ["转办（条）", str(s.transferred)],
            ["办结（条）", str(s.closed)],
            ["反馈群众（条）", str(s.fed_back)],
            [figure("on_time_rate").name, f"{format_rate(s.on_time_rate)}（{s.on_time}/{s.on_time_rated}）"],
            [figure("satisfaction_rate").name, f"{format_rate(s.satisfaction_rate)}（{s.satisfied}/{s.rated}）"],
            [
                figure("satisfied_only_rate").name,
                f"{format_rate(s.satisfied_only_rate)}（{s.satisfied_only}/{s.rated}）",
            ],
        ],
    )
    per_cat = TableSection("二、意见建议分类", two, [[k, v] for k, v in s.per_category.items()])
    per_unit = TableSection("三、转办单位", two, [[k, v] for k, v in s.transferred_per_unit.items()])
    three = [
        Column("村(社区)", 72),
        Column("接待批次", 36, "int", "center"),
        Column("人次", 36, "int", "center"),
        Column("意见建议(条)", 36, "int", "center"),
    ]
    per_village = TableSection(
        "四、分村(社区)情况",
        three,
        [[k, v["receptions"], v["people"], v["opinions"]] for k, v in s.per_village.items()],
    )
    dep_cols = [
        Column("代表", 72),
        Column("参加接待(次)", 36, "int", "center"),
        Column("接待群众(人)", 36, "int", "center"),
        Column("收集意见(条)", 36, "int", "center"),
    ]
    labels = _deputy_labels(s.per_deputy, stats.deputy_level_labels(ledger, list(s.per_deputy)))
    per_deputy = TableSection(
        "五、代表履职情况",
        dep_cols,
        [[labels[k], v["receptions"], v["people"], v["opinions"]] for k, v in s.per_deputy.items()],
    )
    sections = [headline, per_cat, per_unit, per_village, per_deputy]
    for sec in sections[1:]:
        if not sec.rows:
            sec.rows = [["（本月无）"] + [""] * (len(sec.columns) - 1)]
    return LedgerReport(
        LedgerKind.SUMMARY,
        KIND_TITLES[LedgerKind.SUMMARY],
        _station_name(ledger),
        period_label(year, month),
        False,
        sections,
        masked=mask,
        notes=[f"本表数字截至 {s.as_of.isoformat()}。统计口径：", *definition_lines()],
    )


BUILDERS = {
    LedgerKind.RECEPTION: build_reception_register,
    LedgerKind.OPINIONS: build_opinion_register,
    LedgerKind.ATTENDANCE: build_attendance_register,
    LedgerKind.SUMMARY: build_monthly_summary,
}


def build_report(
    ledger: Ledger, kind: LedgerKind | str, year: int, month: int, *, mask: bool, progress: Progress = _noop
) -> LedgerReport:
    """The table form of one monthly ledger (``kind`` as a :class:`LedgerKind` or its value)."""
    report = BUILDERS[LedgerKind(kind)](ledger, year, month, mask=mask, progress=progress)
    report.printed_on = ledger.today()
    return report


def cell_text(value, column: Column) -> str:
    """How a value reads on paper (the Excel export keeps real dates and numbers instead)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)

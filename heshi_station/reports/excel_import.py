"""Importing the Excel ledgers stations already keep (reception registers and opinion registers).

Two steps, so nothing is written until the clerk decides:

1. :func:`preview_import` reads the workbook (no writes): finds the header row below any title rows or
   merged cells, recognises columns by their usual names and synonyms, parses each row, and lists EVERY
   bad row with its Excel row number and the reason. Rows already imported before (same content) are
   listed separately and will be skipped.
2. :func:`apply_import` writes the good rows through ``receptions.register_reception`` in one
   ``ledger.batch()``; the caller calls it only after the clerk chose "import the good rows" (or there were
   no bad rows). "Import nothing" is simply not calling it.

What an imported row becomes (what a clerk expects from an old paper/Excel ledger):
- every row is one reception (date, visitor, phone, village, people, matter, 办理情况 as the outcome);
  a date without a time is recorded at 09:00;
- a row of an **opinion register** (the sheet has an opinion or handling-unit column, or the caller says
  ``kind="opinions"``) also becomes one opinion: with a handling result it is recorded as answered
  (route 当场答复, the result as the answer, so it counts as fed back and is not shown as open); without a
  result it is an open item handled at the station (站内协调) whose deadline is counted in working days when
  the holiday calendar has that year, else in calendar days (×7/5) — old years never block an import;
- the same row content imported again (from this file or another) adds nothing: each reception carries
  ``source_key`` = a hash of the row's date, visitor, phone and matter, independent of the file.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel

from heshi_protocol.vocab import Gender, ReceptionWay, Route
from heshi_protocol.workdays import CalendarYearMissing
from heshi_station.ledger import receptions, reference_data
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import OpinionInput, ReceptionInput, VisitorInput
from heshi_station.ledger.errors import LedgerError, ValidationFailed
from heshi_station.ledger.opinions import DEFAULT_TIME_LIMIT_DAYS
from heshi_station.ledger.report_queries import existing_source_keys
from heshi_station.ledger.validation import future_problem, normalise_phone, phone_problem

DEFAULT_TIME = time(9, 0)
HEADER_SEARCH_ROWS = 20

#: field → the column names stations use for it (after removing spaces; full-width brackets normalised).
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号", "顺序号"),
    "date": ("接待日期", "接待时间", "来访日期", "来访时间", "登记日期", "登记时间", "反映日期", "日期", "时间"),
    "name": ("来访人", "来访人姓名", "群众姓名", "姓名", "反映人", "来访群众", "来访者", "提出人", "反映人姓名"),
    "phone": ("联系电话", "电话", "手机", "手机号", "手机号码", "联系方式", "电话号码"),
    "matter": (
        "反映问题",
        "主要内容",
        "意见建议",
        "意见建议内容",
        "反映内容",
        "来访事由",
        "诉求内容",
        "问题",
        "内容",
        "主要问题",
        "建议内容",
    ),
    "outcome": ("办理情况", "处理结果", "办理结果", "处理情况", "答复情况", "办理答复情况", "答复意见"),
    "village": (
        "村(社区)",
        "村社区",
        "村居",
        "所在村",
        "村组",
        "住址",
        "地址",
        "家庭住址",
        "所在村(社区)",
        "单位或住址",
    ),
    "gender": ("性别",),
    "people": ("人数", "来访人数", "接待人数"),
    "way": ("接待方式", "来访方式", "方式", "形式"),
    "category": ("类别", "问题类别", "意见类别", "分类", "类型"),
    "deputies": ("接待代表", "参加代表", "参与代表", "值班代表", "代表"),
    "unit": ("承办单位", "主办单位", "办理单位", "主办(协办)单位", "转办单位", "责任单位"),
    "place": ("接待地点", "地点"),
    "clerk": ("登记人", "经办人", "记录人", "联络员"),
}
OPINION_MARKERS = {"unit"}
OPINION_HEADERS = {"意见建议", "意见建议内容", "建议内容"}

WAY_SYNONYMS = {
    "": ReceptionWay.AT_STATION,
    "来访": ReceptionWay.AT_STATION,
    "来站": ReceptionWay.AT_STATION,
    "接待日": ReceptionWay.AT_STATION,
    "接待": ReceptionWay.AT_STATION,
    "上门": ReceptionWay.HOME_VISIT,
    "走访": ReceptionWay.HOME_VISIT,
    "入户走访": ReceptionWay.HOME_VISIT,
    "电话": ReceptionWay.PHONE,
    "来电": ReceptionWay.PHONE,
    "信件": ReceptionWay.LETTER,
    "来信": ReceptionWay.LETTER,
    "网上": ReceptionWay.ONLINE,
    "微信": ReceptionWay.ONLINE,
    "扫码": ReceptionWay.ONLINE,
}

_DATE_RE = re.compile(
    r"^\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?"
    r"(?:\s*[T ]?\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：]\s*(\d{1,2}))?\s*分?)?\s*$"
)
_COMPACT_DATE_RE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")


class ImportFileError(LedgerError):
    """The workbook cannot be read as a ledger at all (not a workbook, no header row found, …)."""


@dataclass(frozen=True)
class RowProblem:
    row_number: int  # as Excel shows it
    reason: str

    def __str__(self) -> str:
        return f"第{self.row_number}行：{self.reason}"


@dataclass
class ImportRow:
    row_number: int
    received_at: datetime
    matter: str
    name: str = ""
    phone: str = ""
    village: str = ""
    gender: str = ""
    people: int = 1
    way: str = ReceptionWay.AT_STATION.value
    outcome: str = ""
    category_id: str | None = None
    deputy_ids: list[str] = field(default_factory=list)
    place: str = ""
    clerk: str = ""
    anonymous: bool = False
    source_key: str = ""


@dataclass
class ImportPreview:
    path: str
    sheet: str
    header_row: int
    columns: dict[str, str]  # field → the header text it was recognised from
    as_opinions: bool
    rows: list[ImportRow]  # good rows not imported before
    problems: list[RowProblem]  # every bad row, in row order
    already_imported: list[int]  # row numbers whose content is already in the ledger
    blank_rows: int = 0

    @property
    def has_problems(self) -> bool:
        return bool(self.problems)

    def report_lines(self) -> list[str]:
        kind = (
            "意见建议办理台账（每行登记接待并形成一条意见）" if self.as_opinions else "接待登记台账（每行登记一次接待）"
        )
        found = "、".join(f"{h}→{FIELD_LABELS[f]}" for f, h in self.columns.items() if f != "seq")
        lines = [
            f"文件：{self.path}（工作表“{self.sheet}”，表头在第{self.header_row}行）",
            f"识别为：{kind}",
            f"识别的列：{found}",
            f"可导入 {len(self.rows)} 行；有问题 {len(self.problems)} 行；"
            f"已导入过（将跳过） {len(self.already_imported)} 行；空行 {self.blank_rows} 行。",
        ]
        if self.problems:
            lines.append("有问题的行：")
            lines.extend(f"  {p}" for p in self.problems)
        return lines


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped_existing: int
    failed: tuple[RowProblem, ...] = ()


FIELD_LABELS = {
    "seq": "序号",
    "date": "接待日期",
    "name": "来访人",
    "phone": "联系电话",
    "matter": "反映问题",
    "outcome": "办理情况",
    "village": "村(社区)",
    "gender": "性别",
    "people": "人数",
    "way": "接待方式",
    "category": "类别",
    "deputies": "接待代表",
    "unit": "承办单位",
    "place": "接待地点",
    "clerk": "登记人",
}


# ------------------------------------------------------------------------------------------------ parsing
def normalise_header(text) -> str:
    s = str(text or "")
    s = s.replace("（", "(").replace("）", ")").replace("：", "").replace(":", "").replace("*", "")
    return re.sub(r"\s+", "", s)


def match_header(text) -> str | None:
    """The field a header cell names: an exact synonym, else the longest synonym it contains."""
    h = normalise_header(text)
    if not h:
        return None
    best: tuple[int, str] | None = None
    for fld, names in HEADER_SYNONYMS.items():
        for n in names:
            if h == n:
                return fld
            if n in h and (best is None or len(n) > best[0]):
                best = (len(n), fld)
    return best[1] if best and len(h) <= 12 else None


def find_header(rows: list[tuple]) -> tuple[int, dict[str, int], dict[str, str]] | None:
    """(index in rows, field → column index, field → header text) of the best header among the first rows."""
    best = None
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cols: dict[str, int] = {}
        texts: dict[str, str] = {}
        for ci, v in enumerate(row):
            fld = match_header(v) if isinstance(v, str) else None
            if fld and fld not in cols:
                cols[fld], texts[fld] = ci, str(v).strip()
        if "date" in cols and "matter" in cols and (best is None or len(cols) > len(best[1])):
            best = (i, cols, texts)
    return best


def parse_date(value) -> datetime | None:
    """A reception time from what people type or Excel stores; None when it cannot be read."""
    if isinstance(value, datetime):
        return value if value.time() != time(0, 0) else datetime.combine(value.date(), DEFAULT_TIME)
    if isinstance(value, date):
        return datetime.combine(value, DEFAULT_TIME)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not 1 <= value < 2958466:
            return None
        d = from_excel(value)
        return (
            d
            if isinstance(d, datetime) and d.time() != time(0, 0)
            else datetime.combine(d.date() if isinstance(d, datetime) else d, DEFAULT_TIME)
        )
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d{5}(\.\d+)?", text):
            return parse_date(float(text))
        m = _DATE_RE.match(text) or _COMPACT_DATE_RE.match(text)
        if not m:
            return None
        g = m.groups()
        try:
            day = date(int(g[0]), int(g[1]), int(g[2]))
            if len(g) > 3 and g[3] is not None:
                return datetime.combine(day, time(int(g[3]), int(g[4])))
        except ValueError:
            return None
        return datetime.combine(day, DEFAULT_TIME)
    return None


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value).strip()


def row_key(received_at: datetime, name: str, phone: str, matter: str) -> str:
    """File-independent identity of a row's content (whitespace-insensitive)."""
    norm = "\x1f".join(
        [
            received_at.strftime("%Y-%m-%dT%H:%M"),
            re.sub(r"\s+", "", name),
            normalise_phone(phone),
            re.sub(r"\s+", "", matter),
        ]
    )
    return "xlsx:" + hashlib.sha256(norm.encode("utf-8")).hexdigest()[:40]


@dataclass
class _Lookups:
    today: date
    categories: dict[str, str]
    deputies: dict[str, str]


def _parse_row(n: int, values: dict[str, object], look: _Lookups) -> tuple[ImportRow | None, list[str]]:
    reasons: list[str] = []
    raw_date = values.get("date")
    when = parse_date(raw_date)
    if raw_date in (None, ""):
        reasons.append("缺少接待日期")
    elif when is None:
        reasons.append(
            f"接待日期“{cell_text(raw_date)}”无法识别（可用格式：2019-11-05、2019.11.5、2019/11/5、2019年11月5日）"
        )
    elif p := future_problem(when, look.today):
        reasons.append(f"接待{p}")
    matter = cell_text(values.get("matter"))
    if not matter:
        reasons.append("缺少反映问题（内容）")
    elif len(matter) > receptions.MAX_TEXT:
        reasons.append(f"反映问题超过{receptions.MAX_TEXT}字")
    name = cell_text(values.get("name"))
    anonymous = name in ("匿名", "不愿透露", "无名")
    if not name:
        reasons.append("缺少来访人姓名（匿名来访请填写“匿名”）")
    phone = normalise_phone(cell_text(values.get("phone")))
    if p := phone_problem(phone):
        reasons.append(f"联系电话“{phone}”有误：{p}")
    gender_text = cell_text(values.get("gender"))
    gender = ""
    if gender_text:
        try:
            gender = Gender.from_label(gender_text).value
        except ValueError:
            reasons.append(f"性别“{gender_text}”应为男或女")
    people_raw = values.get("people")
    people = 1
    if people_raw not in (None, ""):
        try:
            people = int(float(cell_text(people_raw)))
            if not 1 <= people <= 999:
                raise ValueError
        except ValueError:
            reasons.append(f"人数“{cell_text(people_raw)}”应为1至999的整数")
            people = 1
    way_text = normalise_header(cell_text(values.get("way")))
    way = WAY_SYNONYMS.get(way_text)
    if way is None:
        try:
            way = ReceptionWay.from_label(way_text)
        except ValueError:
            reasons.append(f"接待方式“{way_text}”不认识（可填：{'、'.join(ReceptionWay.labels())}）")
    if reasons:
        return None, reasons
    deputy_ids = [
        look.deputies[d] for d in re.split(r"[、，,;；\s]+", cell_text(values.get("deputies"))) if d in look.deputies
    ]
    assert when is not None and way is not None
    return (
        ImportRow(
            row_number=n,
            received_at=when,
            matter=matter,
            name="" if anonymous else name,
            phone=phone,
            village=cell_text(values.get("village")),
            gender=gender,
            people=people,
            way=way.value,
            outcome=cell_text(values.get("outcome")),
            category_id=look.categories.get(cell_text(values.get("category"))),
            deputy_ids=list(dict.fromkeys(deputy_ids)),
            place=cell_text(values.get("place")),
            clerk=cell_text(values.get("clerk")),
            anonymous=anonymous,
            source_key=row_key(when, name, phone, matter),
        ),
        [],
    )


def preview_import(
    ledger: Ledger, path: Path | str, *, kind: str | None = None, progress: Callable[[int, int], None] | None = None
) -> ImportPreview:
    """Read and check the workbook without writing anything (see the module docstring)."""
    path = Path(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError as exc:
        raise ImportFileError(f"找不到文件：{path}") from exc
    except Exception as exc:  # openpyxl raises many kinds for a non-workbook
        raise ImportFileError(
            f"无法读取 Excel 文件 {path.name}：请确认是 .xlsx 格式（旧的 .xls 请先另存为 .xlsx）"
        ) from exc
    try:
        ws = wb.worksheets[0]
        for candidate in wb.worksheets:
            head = list(candidate.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True))
            if find_header(head):
                ws = candidate
                break
        all_rows = list(ws.iter_rows(values_only=True))
    finally:
        wb.close()
    found = find_header(all_rows)
    if found is None:
        raise ImportFileError(
            f"在“{ws.title}”的前{HEADER_SEARCH_ROWS}行里没有找到表头：至少需要“接待日期（日期/时间）”和"
            "“反映问题（主要内容/意见建议）”两列。"
        )
    header_index, cols, texts = found
    as_opinions = kind == "opinions" or (
        kind is None and (bool(OPINION_MARKERS & cols.keys()) or texts.get("matter", "") in OPINION_HEADERS)
    )
    look = _Lookups(
        today=ledger.today(),
        categories={c.name: c.id for c in reference_data.list_categories(ledger)},
        deputies={d.name: d.id for d in reference_data.list_deputies(ledger)},
    )
    good: list[ImportRow] = []
    problems: list[RowProblem] = []
    blank = 0
    seen: dict[str, int] = {}
    data_rows = all_rows[header_index + 1 :]
    for offset, row in enumerate(data_rows):
        n = header_index + 2 + offset  # Excel's 1-based row number
        values = {f: (row[ci] if ci < len(row) else None) for f, ci in cols.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for f, v in values.items() if f != "seq"):
            blank += 1
            continue
        parsed, reasons = _parse_row(n, values, look)
        if parsed is not None and parsed.source_key in seen:
            reasons = [f"与第{seen[parsed.source_key]}行内容完全相同（重复行）"]
            parsed = None
        if parsed is None:
            problems.append(RowProblem(n, "；".join(reasons)))
            continue
        seen[parsed.source_key] = n
        good.append(parsed)
        if progress and offset % 1000 == 0:
            progress(offset, len(data_rows))
    existing = existing_source_keys(ledger, [r.source_key for r in good])
    return ImportPreview(
        path=str(path),
        sheet=ws.title,
        header_row=header_index + 1,
        columns={f: texts[f] for f in sorted(cols, key=cols.get)},
        as_opinions=as_opinions,
        rows=[r for r in good if r.source_key not in existing],
        problems=problems,
        already_imported=[r.row_number for r in good if r.source_key in existing],
        blank_rows=blank,
    )


# ---------------------------------------------------------------------------------------------- writing
def _due_date(ledger: Ledger, on: date, days: int) -> date:
    try:
        return ledger.calendar().add_working_days(on, days)
    except CalendarYearMissing:
        return on + timedelta(days=math.ceil(days * 7 / 5))


def _visitors(r: ImportRow) -> list[VisitorInput]:
    """“张三、李四” is two visitors; the first carries the phone, gender and the rest of the head count."""
    names = [n for n in re.split(r"[、，,；;]+", r.name) if n.strip()] or [r.name]
    extra = len(names) - 1
    first = VisitorInput(
        name=names[0].strip(), gender=r.gender, phone=r.phone, village=r.village, group_size=max(r.people - extra, 1)
    )
    return [first] + [VisitorInput(name=n.strip(), village=r.village) for n in names[1:]]


def _reception_input(ledger: Ledger, r: ImportRow, as_opinions: bool, limits: dict[str, int]) -> ReceptionInput:
    opinions = []
    if as_opinions:
        if r.outcome:
            opinions.append(OpinionInput(content=r.matter, route=Route.ON_SPOT.value, answer=r.outcome))
        else:
            days = limits.get(r.category_id or "", DEFAULT_TIME_LIMIT_DAYS)
            opinions.append(
                OpinionInput(
                    content=r.matter,
                    route=Route.STATION.value,
                    time_limit_days=days,
                    due_date=_due_date(ledger, r.received_at.date(), days),
                )
            )
    return ReceptionInput(
        received_at=r.received_at.astimezone() if r.received_at.tzinfo is None else r.received_at,
        way=r.way,
        matter=r.matter,
        visitors=_visitors(r),
        deputy_ids=r.deputy_ids,
        category_id=r.category_id,
        place=r.place,
        clerk_name=r.clerk or "Excel导入",
        anonymous=r.anonymous,
        outcome=r.outcome,
        opinions=opinions,
        source_key=r.source_key,
    )


def apply_import(
    ledger: Ledger, preview: ImportPreview, *, progress: Callable[[int, int], None] | None = None
) -> ImportResult:
    """Write the preview's good rows (one batch; each row whole or not at all). Idempotent per row content."""
    limits = {c.id: c.time_limit_days for c in reference_data.list_categories(ledger)}
    present = existing_source_keys(ledger, [r.source_key for r in preview.rows])
    added, skipped, failed = 0, len(preview.already_imported), []
    total = len(preview.rows)
    with ledger.batch():
        for i, r in enumerate(preview.rows, 1):
            if r.source_key in present:
                skipped += 1
                continue
            try:
                receptions.register_reception(ledger, _reception_input(ledger, r, preview.as_opinions, limits))
            except ValidationFailed as exc:
                failed.append(RowProblem(r.row_number, "；".join(f"{e.label}{e.message}" for e in exc.errors)))
                continue
            added += 1
            if progress and i % 200 == 0:
                progress(i, total)
    if progress:
        progress(total, total)
    return ImportResult(added, skipped, tuple(failed))

"""Importing the Excel (and CSV) ledgers stations already keep: reception registers and opinion registers.

Two steps, so nothing is written until the clerk decides:

1. :func:`preview_import` reads the file (no writes): finds the header (one or two rows) below any title rows,
   recognises columns by their usual names and synonyms, parses each row, and lists EVERY bad row with its
   row number and the reason, plus notes that do not block the row (a deputy not on the roster, a remark
   kept, the year taken from the title). Rows already imported before (same content) are listed separately.
2. ``excel_import_writing.apply_import`` writes the good rows through the ledger's operations in one
   ``ledger.batch()``, each row whole or not at all; the caller calls it only after the clerk chose "import the
   good rows" (or there were no bad rows). "Import nothing" is simply not calling it.

What an imported row becomes (what a clerk expects from an old paper/Excel ledger):
- every row is one reception (date, visitor, phone, village, people, matter, 办理情况 as the outcome); a date
  without a time is recorded at 09:00 (上午 09:00, 下午 15:00); the 备注 column is kept in the outcome
  (“备注：…”) and on the opinion's history, and deputies not on the roster are kept there by name;
- a row of an **opinion register** (the sheet has an opinion or handling-unit column, or the caller says
  ``kind="opinions"``) also becomes one opinion:
  - with a 承办单位: transferred (转办) to that unit, matched by name (several units: the first leads, the
    others assist); a unit not in the ledger's list makes the row bad and is listed in
    ``ImportPreview.unknown_units`` — ``excel_import_writing.add_unknown_units`` adds them in one step. A
    办理情况 in such a row is that unit's reply (办理答复, dated by an 答复日期 column, else the registration date);
  - without a unit, a 办理情况 is an answer on the spot (当场答复); no result at all leaves it open at the
    station (站内协调). Deadlines are counted in working days, or ×7/5 calendar days for a year the
    holiday calendar lacks, so old years never block an import;
  - an item registered **before the current month** that is still open is a **historical record**: its clock
    is paused from the start (``ledger.historical``), so it is not 严重超期 on day one, and
    ``historical.conclude_historical`` marks them concluded in one step;
- the same row content imported again (from this file or another) adds nothing: each reception carries
  ``source_key`` = a hash of the row's date, visitor, phone and matter, independent of the file.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from heshi_protocol.vocab import Gender, ReceptionWay, Route
from heshi_station.ledger import receptions, reference_data
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.report_queries import existing_source_keys
from heshi_station.ledger.validation import future_problem, normalise_phone, phone_problem
from heshi_station.reports.import_header import (
    FIELD_LABELS,
    HEADER_SEARCH_ROWS,
    HEADER_SYNONYMS,
    Header,
    find_header,
    match_header,
    normalise_header,
    title_year,
)
from heshi_station.reports.import_values import (
    DATE_FORMS,
    DEFAULT_TIME,
    DITTO,
    cell_text,
    parse_date,
    read_date,
    read_time,
    split_names,
    split_units,
    unit_key,
)
from heshi_station.reports.sheet_files import ImportFileError, SheetGrid, is_blank, read_grids

__all__ = [
    "DATE_FORMS",
    "DEFAULT_TIME",
    "FIELD_LABELS",
    "HEADER_SEARCH_ROWS",
    "HEADER_SYNONYMS",
    "ImportFileError",
    "ImportPreview",
    "ImportResult",
    "ImportRow",
    "RowProblem",
    "cell_text",
    "match_header",
    "normalise_header",
    "parse_date",
    "preview_import",
    "row_key",
]  # fmt: skip

OPINION_MARKERS = {"unit", "assist"}
OPINION_HEADERS = {"意见建议", "意见建议内容", "建议内容"}
IMPORT_CLERK = "Excel导入"

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
    lead_unit_id: str | None = None
    assist_unit_ids: list[str] = field(default_factory=list)
    unit_names: tuple[str, ...] = ()  # as written in the sheet (lead first)
    reply_at: datetime | None = None
    remark: str = ""
    unknown_deputies: tuple[str, ...] = ()  # names not (or not uniquely) on the roster, kept as text
    historical: bool = False  # registered before the current month and still open after import
    year_supplied: bool = False  # the date had no year; the title's was used

    def route(self, as_opinions: bool) -> Route | None:
        """What the row's opinion becomes (None: a reception register row has no opinion)."""
        if not as_opinions:
            return None
        if self.lead_unit_id:
            return Route.TRANSFER
        return Route.ON_SPOT if self.outcome else Route.STATION

    def kept_text(self) -> str:
        """The reception's outcome with what the ledger has no field for: the remark and unknown deputies."""
        parts = [self.outcome] if self.outcome else []
        if self.remark:
            parts.append(f"备注：{self.remark}")
        if self.unknown_deputies:
            parts.append(f"接待代表（不在代表名册中）：{'、'.join(self.unknown_deputies)}")
        return "；".join(parts)


@dataclass
class ImportPreview:
    path: str
    sheet: str
    header_row: int  # 1-based, the first header row
    columns: dict[str, str]  # field → the header text it was recognised from
    as_opinions: bool
    rows: list[ImportRow]  # good rows not imported before
    problems: list[RowProblem]  # every bad row, in row order
    already_imported: list[int]  # row numbers whose content is already in the ledger
    blank_rows: int = 0
    already_imported_keys: list[str] = field(default_factory=list)  # their row keys
    notes: list[RowProblem] = field(default_factory=list)  # facts about good rows the clerk should know
    unknown_units: dict[str, list[int]] = field(default_factory=dict)  # unit name → rows naming it
    header_rows: int = 1
    year: int | None = None  # the year used for dates without one
    year_source: str = ""
    file_kind: str = "xlsx"
    kind: str | None = None  # what the caller asked for (None: decided from the header)

    @property
    def has_problems(self) -> bool:
        return bool(self.problems)

    @property
    def historical_rows(self) -> list[int]:
        return [r.row_number for r in self.rows if r.historical]

    def report_lines(self) -> list[str]:
        kind = (
            "意见建议办理台账（每行登记接待并形成一条意见）" if self.as_opinions else "接待登记台账（每行登记一次接待）"
        )
        found = "、".join(f"{h}→{FIELD_LABELS[f]}" for f, h in self.columns.items() if f != "seq")
        where = (
            f"表头在第{self.header_row}至{self.header_row + 1}行"
            if self.header_rows == 2
            else f"表头在第{self.header_row}行"
        )
        lines = [
            f"文件：{self.path}（工作表“{self.sheet}”，{where}）",
            f"识别为：{kind}",
            f"识别的列：{found}",
            f"可导入 {len(self.rows)} 行；有问题 {len(self.problems)} 行；"
            f"已导入过（将跳过） {len(self.already_imported)} 行；空行 {self.blank_rows} 行。",
        ]
        if self.unknown_units:
            names = "；".join(f"{n}（第{_row_list(rows)}行）" for n, rows in self.unknown_units.items())
            lines.append(
                f"不在办理单位名录中的承办单位 {len(self.unknown_units)} 个：{names}。可一步添加这些单位后再导入。"
            )
        if supplied := [r.row_number for r in self.rows if r.year_supplied]:
            lines.append(
                f"日期没有写年份的 {len(supplied)} 行（第{_row_list(supplied)}行）"
                f"按{self.year_source}中的 {self.year} 年导入。"
            )
        if remarks := [r.row_number for r in self.rows if r.remark]:
            lines.append(
                f"备注列有内容的 {len(remarks)} 行（第{_row_list(remarks)}行）：备注记入接待的办理情况（“备注：…”）"
                + ("，并作为补充说明记入意见的办理记录。" if self.as_opinions else "。")
            )
        if hist := self.historical_rows:
            lines.append(
                f"历史记录 {len(hist)} 行：登记在本月以前且未办结，导入后暂停计时（不算超期），"
                "核实后可一步标记为已办结。"
            )
        if self.problems:
            lines.append("有问题的行：")
            lines.extend(f"  {p}" for p in self.problems)
        if self.notes:
            lines.append("提示（不影响导入）：")
            lines.extend(f"  {p}" for p in self.notes)
        return lines


def _row_list(rows: list[int], limit: int = 20) -> str:
    shown = "、".join(map(str, rows[:limit]))
    return shown + ("等" if len(rows) > limit else "")


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped_existing: int
    failed: tuple[RowProblem, ...] = ()
    historical_opinion_ids: tuple[str, ...] = ()  # opinions imported as historical records
    opinion_ids: tuple[str, ...] = ()  # every opinion the import added


# ------------------------------------------------------------------------------------------------ parsing
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
    deputies: dict[str, list[str]]  # name → ids (two deputies may share a name)
    units: dict[str, str]  # unit_key(name) → id
    year: int | None
    year_reason: str
    as_opinions: bool

    @property
    def month_start(self) -> date:
        return self.today.replace(day=1)


@dataclass
class _Parsed:
    row: ImportRow | None
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unknown_units: list[str] = field(default_factory=list)


def _date_reason(label: str, raw, reading) -> str:
    return f"{label}“{cell_text(raw)}”{reading.problem}"


def _received_at(values: dict, look: _Lookups, reasons: list[str], notes: list[str]) -> datetime | None:
    raw = values.get("date")
    if is_blank(raw):
        reasons.append("缺少接待日期")
        return None
    reading = read_date(raw, year=look.year, year_missing_reason=look.year_reason)
    when = reading.value
    if when is None:
        reasons.append(_date_reason("接待日期", raw, reading))
        return None
    raw_time = values.get("time")
    if not is_blank(raw_time):
        if isinstance(raw_time, datetime):
            at = raw_time.time()
        elif isinstance(raw_time, time):
            at = raw_time
        else:
            at = read_time(cell_text(raw_time))
        if at is None:
            reasons.append(f"时间“{cell_text(raw_time)}”无法识别（如“14:30”“下午3点”“上午”）")
            return None
        when = datetime.combine(when.date(), at)
    if p := future_problem(when, look.today):
        reasons.append(f"接待{p}")
        return None
    return when


def _without_year(raw) -> bool:
    return isinstance(raw, str) and read_date(raw, year=2000).year_supplied


def _match_deputies(text: str, look: _Lookups) -> tuple[list[str], list[str], list[str]]:
    """(ids, names kept as text, notes) for the deputies a cell names."""
    ids, kept, notes = [], [], []
    for name in split_names(text):
        candidates = look.deputies.get(name) or (look.deputies.get(name[:-2]) if name.endswith("代表") else None)
        if candidates and len(candidates) == 1:
            ids.append(candidates[0])
            continue
        kept.append(name)
        if candidates:
            notes.append(
                f"接待代表“{name}”在代表名册中有 {len(candidates)} 位同名代表，无法确定是哪一位，"
                "未关联，姓名记入办理情况"
            )
        else:
            notes.append(f"接待代表“{name}”不在代表名册中，未关联，姓名记入办理情况（可先在代表名册中添加后再导入）")
    return list(dict.fromkeys(ids)), kept, notes


def _units(values: dict, look: _Lookups) -> tuple[str | None, list[str], list[str], list[str]]:
    """(lead id, assist ids, names as written, unknown names) of a row's 承办单位 and 协办单位 cells."""
    lead, assist = split_units(cell_text(values.get("unit")))
    more_lead, more_assist = split_units(cell_text(values.get("assist")))
    assist = assist + more_lead + more_assist
    if not lead and assist:
        lead, assist = assist[:1], assist[1:]
    names = list(dict.fromkeys(lead + assist))
    unknown = [n for n in names if unit_key(n) not in look.units]
    lead_id = look.units.get(unit_key(lead[0])) if lead else None
    assist_ids = [look.units[unit_key(n)] for n in assist if unit_key(n) in look.units]
    return lead_id, [i for i in dict.fromkeys(assist_ids) if i != lead_id], names, unknown


def _parse_row(n: int, values: dict[str, object], look: _Lookups) -> _Parsed:
    out = _Parsed(None)
    reasons, notes = out.reasons, out.notes
    when = _received_at(values, look, reasons, notes)
    matter = cell_text(values.get("matter"))
    if not matter:
        reasons.append("缺少反映问题（内容）")
    elif len(matter) > receptions.MAX_TEXT:
        reasons.append(f"反映问题超过{receptions.MAX_TEXT}字")
    name = cell_text(values.get("name"))
    anonymous = name in ("匿名", "不愿透露", "无名")
    if not name:
        reasons.append("缺少来访人姓名（匿名来访请填写“匿名”）")
    raw_phone = cell_text(values.get("phone"))
    phone = normalise_phone(raw_phone)
    if re.fullmatch(r"\d(\.\d+)?[eE]\+?\d+", phone):
        reasons.append(
            f"联系电话“{raw_phone}”被 Excel 存成了科学计数法，号码已经丢失：请在原表中把电话列设为“文本”并重新填写"
        )
    elif p := phone_problem(phone):
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
    if not is_blank(people_raw):
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
    outcome = cell_text(values.get("outcome"))
    lead_id, assist_ids, unit_names, unknown = None, [], [], []
    reply_at = None
    if look.as_opinions:
        lead_id, assist_ids, unit_names, unknown = _units(values, look)
        for u in unknown:
            reasons.append(f"承办单位“{u}”不在办理单位名录中（可一步添加后再导入）")
        out.unknown_units = unknown
        raw_reply = values.get("reply_date")
        if unit_names and outcome and not is_blank(raw_reply):
            reading = read_date(raw_reply, year=look.year, year_missing_reason=look.year_reason)
            reply_at = reading.value
            if reply_at is None:
                reasons.append(_date_reason("答复日期", raw_reply, reading))
            elif p := future_problem(reply_at, look.today):
                reasons.append(f"答复{p}")
            elif when is not None and reply_at.date() < when.date():
                reasons.append(f"答复日期 {reply_at.date().isoformat()} 早于接待日期 {when.date().isoformat()}")
    category_text = cell_text(values.get("category"))
    category_id = look.categories.get(category_text)
    if category_text and category_id is None:
        notes.append(f"类别“{category_text}”不在意见类别中，按未分类导入（可先在基础数据中添加该类别后再导入）")
    deputy_ids, kept_deputies, deputy_notes = _match_deputies(cell_text(values.get("deputies")), look)
    notes.extend(deputy_notes)
    remark = cell_text(values.get("remark"))
    if reasons:
        return out
    assert when is not None and way is not None
    row = ImportRow(
        row_number=n, received_at=when, matter=matter, name="" if anonymous else name, phone=phone,
        village=cell_text(values.get("village")), gender=gender, people=people, way=way.value, outcome=outcome,
        category_id=category_id, deputy_ids=deputy_ids, place=cell_text(values.get("place")),
        clerk=cell_text(values.get("clerk")), anonymous=anonymous, source_key=row_key(when, name, phone, matter),
        lead_unit_id=lead_id, assist_unit_ids=assist_ids, unit_names=tuple(unit_names),
        reply_at=reply_at, remark=remark, unknown_deputies=tuple(kept_deputies),
        year_supplied=_without_year(values.get("date")),
    )  # fmt: skip
    route = row.route(look.as_opinions)
    row.historical = route in (Route.TRANSFER, Route.STATION) and when.date() < look.month_start
    out.row = row
    return out


def _choose_sheet(grids: list[SheetGrid]) -> tuple[SheetGrid, Header | None]:
    for grid in grids:
        header = find_header(grid.rows[: HEADER_SEARCH_ROWS + 1])
        if header is not None:
            return grid, header
    return grids[0], None


def _lookups(ledger: Ledger, as_opinions: bool, year: int | None, year_reason: str) -> _Lookups:
    deputies: dict[str, list[str]] = {}
    for d in reference_data.list_deputies(ledger):
        deputies.setdefault(d.name, []).append(d.id)
    return _Lookups(
        today=ledger.today(),
        categories={c.name: c.id for c in reference_data.list_categories(ledger)},
        deputies=deputies,
        units={unit_key(u.name): u.id for u in reference_data.list_units(ledger)},
        year=year,
        year_reason=year_reason,
        as_opinions=as_opinions,
    )


def preview_import(
    ledger: Ledger, path: Path | str, *, kind: str | None = None, progress: Callable[[int, int], None] | None = None
) -> ImportPreview:
    """Read and check the file without writing anything (see the module docstring).

    ``kind``: ``"opinions"`` or ``"reception"``/``"receptions"`` to override what the header suggests.
    Raises ImportFileError when the file is not a readable ledger (the message says what it is).
    """
    path = Path(path)
    grid, header = _choose_sheet(read_grids(path))
    if header is None:
        raise ImportFileError(
            f"在“{grid.title}”的前{HEADER_SEARCH_ROWS}行里没有找到表头：至少需要“接待日期（日期/时间）”和"
            "“反映问题（主要内容/意见建议）”两列。"
        )
    cols, texts = header.columns, header.texts
    as_opinions = kind == "opinions" or (
        kind is None and (bool(OPINION_MARKERS & cols.keys()) or texts.get("matter", "") in OPINION_HEADERS)
    )
    year, year_source = title_year(grid.rows[: header.row_index], grid.title, path.stem)
    look = _lookups(ledger, as_opinions, year, year_source)
    good: list[ImportRow] = []
    problems: list[RowProblem] = []
    notes: list[RowProblem] = []
    unknown_units: dict[str, list[int]] = {}
    blank = 0
    seen: dict[str, int] = {}
    data_rows = grid.rows[header.data_start :]
    previous: dict[str, object] = {}
    for offset, row in enumerate(data_rows):
        n = header.data_start + 1 + offset  # the 1-based row number the clerk sees
        values = {f: (row[ci] if ci < len(row) else None) for f, ci in cols.items()}
        if all(is_blank(v) for f, v in values.items() if f != "seq"):
            blank += 1
            continue
        for f, v in values.items():  # “同上” / “〃” repeat the cell above
            if isinstance(v, str) and v.strip() in DITTO:
                values[f] = previous.get(f)
        previous = values
        parsed = _parse_row(n, values, look)
        if parsed.row is not None and parsed.row.source_key in seen:
            parsed = _Parsed(None, [f"与第{seen[parsed.row.source_key]}行内容完全相同（重复行）"])
        for u in parsed.unknown_units:
            unknown_units.setdefault(u, []).append(n)
        if parsed.row is None:
            problems.append(RowProblem(n, "；".join(parsed.reasons)))
            continue
        notes.extend(RowProblem(n, text) for text in parsed.notes)
        seen[parsed.row.source_key] = n
        good.append(parsed.row)
        if progress and offset % 1000 == 0:
            progress(offset, len(data_rows))
    existing = existing_source_keys(ledger, [r.source_key for r in good])
    skipped_rows = {r.row_number for r in good if r.source_key in existing}
    return ImportPreview(
        path=str(path),
        sheet=grid.title,
        header_row=header.row_index + 1,
        columns={f: texts[f] for f in sorted(cols, key=cols.get)},
        as_opinions=as_opinions,
        rows=[r for r in good if r.source_key not in existing],
        problems=problems,
        already_imported=[r.row_number for r in good if r.source_key in existing],
        blank_rows=blank,
        already_imported_keys=[r.source_key for r in good if r.source_key in existing],
        notes=[p for p in notes if p.row_number not in skipped_rows],
        unknown_units=unknown_units,
        header_rows=2 if header.two_rows else 1,
        year=year,
        year_source=year_source,
        file_kind=grid.file_kind,
        kind=kind,
    )

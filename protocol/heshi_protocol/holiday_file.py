"""The one holiday file format (节假日文件) and its checks, shared by the station and the centre.

Format — an ``.xlsx`` (first sheet) or ``.csv`` (UTF-8, with or without BOM; or GB18030 as Excel on a
Chinese Windows saves it) whose first row names three columns, in any order:

========  ==========================================================================
日期      ``2027-01-01`` (also ``2027/1/1``, ``2027年1月1日``, or a date cell)
类型      ``放假`` (a day off) or ``调休上班`` (a weekend day that is a working day)
名称      the festival, e.g. ``元旦``, ``春节`` (at most 30 characters)
========  ==========================================================================

One file holds one year (the year of its dates). Weekend days off may be listed or not; they change
nothing.

Guarantees of :func:`read_holiday_file` / :func:`check_holiday_year`:

* all or nothing: either a complete :class:`HolidayYearTable` comes back, or
  :class:`HolidayTableInvalid` listing **every** bad line (not just the first);
* a table that comes back has every date inside its year, no date twice, no date both 放假 and
  调休上班, every 调休上班 on a Saturday or Sunday, and every statutory holiday of the year that falls
  on a weekday (from the bundled statutory table) listed as 放假.

Plain Python (openpyxl is imported only to read an ``.xlsx``; both distributions ship it).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from heshi_protocol.errors import UserFacingError
from heshi_protocol.workdays import statutory_calendar_path

__all__ = [
    "COLUMNS",
    "DAY_OFF",
    "MAKE_UP_WORKDAY",
    "HolidayDay",
    "HolidayTableInvalid",
    "HolidayYearTable",
    "check_holiday_year",
    "read_holiday_file",
]

DAY_OFF = "放假"
MAKE_UP_WORKDAY = "调休上班"
COLUMNS = ("日期", "类型", "名称")
NAME_MAX = 30
_WEEKDAYS = "一二三四五六日"
_DATE_RE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


class HolidayTableInvalid(UserFacingError):
    """A holiday file or table that fails the checks; nothing of it is loaded.

    ``problems`` lists every bad line as a Chinese sentence; ``str()`` is the whole report.
    """

    def __init__(self, problems: Sequence[str], what: str = "节假日文件") -> None:
        self.problems = list(problems)
        self.what = what
        super().__init__(self.problems)

    def __str__(self) -> str:
        head = f"{self.what}有 {len(self.problems)} 处问题，未导入任何内容："
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


@dataclass(frozen=True)
class HolidayDay:
    day: date
    is_working_day: bool  # True: 调休上班; False: 放假
    name: str


@dataclass(frozen=True)
class HolidayYearTable:
    """A checked official arrangement for one year (what ``install_holiday_year`` stores)."""

    year: int
    days: tuple[HolidayDay, ...]
    source: str = ""

    @property
    def holidays(self) -> tuple[HolidayDay, ...]:
        return tuple(d for d in self.days if not d.is_working_day)

    @property
    def workdays(self) -> tuple[HolidayDay, ...]:
        return tuple(d for d in self.days if d.is_working_day)

    def rows(self) -> list[list]:
        """``[[iso, is_working_day, name], ...]`` sorted by date: the centre's ``calendar_year`` payload."""
        return [[d.day.isoformat(), d.is_working_day, d.name] for d in self.days]


def _shown(value: object, limit: int = 30) -> str:
    """A cell's value as quoted in a message: control characters made visible (one problem stays one line)."""
    text = "" if value is None else str(value)
    text = _CONTROL_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return text if len(text) <= limit else text[:limit] + "…"


def _parse_day(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    m = _DATE_RE.match(str(value or ""))
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _parse_kind(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().replace(" ", "")
    if text == DAY_OFF:
        return False
    if text in (MAKE_UP_WORKDAY, "上班"):
        return True
    return None


def check_holiday_year(
    entries: Iterable[tuple[str, object, object, object]],
    *,
    year: int | None = None,
    source: str = "",
    what: str = "节假日文件",
) -> HolidayYearTable:
    """Check ``(where, 日期, 类型, 名称)`` entries; return the table or raise :class:`HolidayTableInvalid`.

    ``where`` names the line for messages (e.g. ``第3行``). ``类型`` is ``放假``/``调休上班`` or a bool
    (True = working day). Without ``year`` the year is the one most dates fall in.
    """
    problems: list[str] = []
    parsed: list[tuple[str, date, bool, str]] = []
    for where, raw_day, raw_kind, raw_name in entries:
        bad = []
        day = _parse_day(raw_day)
        if day is None:
            bad.append(f"日期“{_shown(raw_day)}”无法识别，应写成 2027-01-01 这样的格式")
        kind = _parse_kind(raw_kind)
        if kind is None:
            bad.append(f"类型应为“{DAY_OFF}”或“{MAKE_UP_WORKDAY}”，而不是“{_shown(raw_kind)}”")
        name = "" if raw_name is None else str(raw_name).strip()
        if _CONTROL_RE.search(name):
            bad.append("名称含有控制字符")
        elif not name:
            bad.append("名称为空（应写节日名称，如“春节”）")
        elif len(name) > NAME_MAX:
            bad.append(f"名称超过 {NAME_MAX} 个字")
        if bad:
            problems.append(f"{where}：" + "；".join(bad))
        elif day is not None and kind is not None:
            parsed.append((where, day, kind, name))
    if year is None and parsed:
        year = Counter(d.year for _, d, _, _ in parsed).most_common(1)[0][0]
    if not parsed and not problems:
        problems.append("没有任何日期行")
    seen: dict[date, tuple[str, bool]] = {}
    days: list[HolidayDay] = []
    for where, day, kind, name in parsed:
        if day.year != year:
            problems.append(f"{where}：日期 {day.isoformat()} 不在 {year} 年内")
            continue
        if kind and day.weekday() < 5:
            weekday = _WEEKDAYS[day.weekday()]
            problems.append(f"{where}：{day.isoformat()} 是星期{weekday}，本来就是工作日，不能列为{MAKE_UP_WORKDAY}")
            continue
        if day in seen:
            first_where, first_kind = seen[day]
            if first_kind == kind:
                problems.append(f"{where}：日期 {day.isoformat()} 与{first_where}重复")
            else:
                first_label = MAKE_UP_WORKDAY if first_kind else DAY_OFF
                label = MAKE_UP_WORKDAY if kind else DAY_OFF
                problems.append(
                    f"{where}：日期 {day.isoformat()} 在{first_where}已列为{first_label}，不能同时列为{label}"
                )
            continue
        seen[day] = (where, kind)
        days.append(HolidayDay(day, kind, name))
    if year is not None:
        problems += _missing_statutory(year, {d.day for d in days if not d.is_working_day})
    if problems:
        raise HolidayTableInvalid(problems, what)
    return HolidayYearTable(int(year), tuple(sorted(days, key=lambda d: d.day)), source)


def _missing_statutory(year: int, days_off: set[date]) -> list[str]:
    """Statutory holidays of ``year`` on a weekday that the table does not give off.

    Only the law's own days count here, not the 补假 days in lieu, which an official notice may place
    differently (e.g. folded into a longer 调休 block).
    """
    law = _law_days().get(year, {})
    return [
        f"缺少法定节假日 {d.isoformat()}（{name}），应列为{DAY_OFF}"
        for d, name in sorted(law.items())
        if d.weekday() < 5 and d not in days_off
    ]


@lru_cache(maxsize=1)
def _law_days() -> dict[int, dict[date, str]]:
    # The names live only in the JSON (the calendar object keeps dates), so read it once here.
    doc = json.loads(statutory_calendar_path().read_text(encoding="utf-8"))
    return {
        int(y): {date.fromisoformat(d): n for d, n in data["holidays"] if "补假" not in n}
        for y, data in doc["years"].items()
    }


def _rows_from_csv(raw: bytes) -> list[list[object]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return [list(r) for r in csv.reader(io.StringIO(text))]
    raise HolidayTableInvalid(["文件编码无法识别，请另存为 UTF-8 编码的 CSV 或 .xlsx"])


def _rows_from_xlsx(path: Path) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged or non-xlsx file
        raise HolidayTableInvalid([f"无法作为 .xlsx 打开（{type(exc).__name__}），请确认文件未损坏"]) from exc
    try:
        return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()


def read_holiday_file(path: str | Path, *, year: int | None = None) -> HolidayYearTable:
    """Read and check a holiday file (``.xlsx`` or ``.csv``); raise :class:`HolidayTableInvalid` if bad."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise HolidayTableInvalid([f"只能读取 .xlsx 或 .csv 文件，而这是“{path.suffix or '无扩展名'}”"])
    try:
        rows = _rows_from_xlsx(path) if suffix == ".xlsx" else _rows_from_csv(path.read_bytes())
    except OSError as exc:
        raise HolidayTableInvalid([f"无法读取文件：{exc.strerror or exc}"]) from exc
    # Line numbers as the clerk sees them in Excel or Notepad: blank lines are skipped but still counted.
    numbered = [(n, r) for n, r in enumerate(rows, start=1) if any(c is not None and str(c).strip() for c in r)]
    if not numbered:
        raise HolidayTableInvalid(["文件是空的"])
    header_line, header_row = numbered[0]
    header = [str(c or "").strip() for c in header_row]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise HolidayTableInvalid([f"第{header_line}行应为列名“日期、类型、名称”，缺少：{'、'.join(missing)}"])
    idx = [header.index(c) for c in COLUMNS]

    def cell(row: list[object], i: int) -> object:
        return row[i] if i < len(row) else None

    entries = [(f"第{n}行", *(cell(r, i) for i in idx)) for n, r in numbered[1:]]
    return check_holiday_year(entries, year=year, source=f"节假日文件 {path.name}"[:100])

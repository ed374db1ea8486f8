"""Reading the values of an old ledger's cells: dates and times as clerks write them, text, name lists, units.

Guarantees of :func:`read_date`:
- it reads ``2019-11-05``, ``2019.11.5``, ``2019/11/5``, ``2019年11月5日``, ``20191105``, Excel dates and serial
  numbers, full-width digits, a weekday in brackets, and a time of day after the date: ``14:30``, ``14时30分``,
  ``下午3点``, ``下午3:30``, ``上午10点半``, or just ``上午``/``下午``;
- a date without a year (``11月5日``, ``11-05``) takes the year it is given (the sheet title's), and is
  unreadable without one; the result says that the year was supplied;
- a date alone is recorded at 09:00, ``上午`` alone at 09:00, ``中午`` at 12:00, ``下午`` at 15:00, ``晚上`` at 19:00;
  ``下午3点`` is 15:00;
- it never raises: an unreadable value gives None and a reason in Chinese.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time

from openpyxl.utils.datetime import from_excel

DEFAULT_TIME = time(9, 0)
PERIOD_DEFAULT = {"上午": time(9, 0), "早上": time(8, 0), "中午": time(12, 0), "下午": time(15, 0), "晚上": time(19, 0)}
_PM = {"下午", "晚上", "PM"}
_EARLIEST_SERIAL = 18264  # 1950-01-01: a smaller number is not a reception date (e.g. 11.5 typed as a number)
DATE_FORMS = "2019-11-05、2019.11.5、2019/11/5、2019年11月5日，可带时间如“下午3点”“14:30”"

_DATE_PART = re.compile(r"^(?:(?P<y>\d{4})\s*[-./年]\s*)?(?P<m>\d{1,2})\s*[-./月]\s*(?P<d>\d{1,2})\s*[日号]?")
_COMPACT = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})")
_WEEKDAY = re.compile(r"[(（]?\s*(?:星期|周|礼拜)[一二三四五六日天]\s*[)）]?")
_TIME_PART = re.compile(
    r"^(?P<p1>上午|早上|中午|下午|晚上|AM|PM)?\s*"
    r"(?:(?P<h>\d{1,2})\s*(?:[:]|时|点)\s*(?:(?P<min>\d{1,2})|(?P<half>半))?\s*分?"
    r"(?:\s*[:]\s*\d{1,2}\s*秒?)?)?\s*(?P<p2>上午|下午|AM|PM)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateReading:
    value: datetime | None
    problem: str = ""  # why it could not be read
    year_supplied: bool = False  # the cell had no year; the given year was used


def _clean(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).strip()
    return _WEEKDAY.sub(" ", s).strip()


def read_time(text: str) -> time | None:
    """A time of day as written after a date (or in its own column); None when it is not one."""
    s = _clean(text)
    if not s:
        return None
    m = _TIME_PART.match(s)
    if not m or not (m.group("h") or m.group("p1") or m.group("p2")):
        return None
    period = (m.group("p1") or m.group("p2") or "").upper() if (m.group("p1") or m.group("p2")) else ""
    period = {"AM": "上午"}.get(period, period)
    if m.group("h") is None:
        return PERIOD_DEFAULT.get(period, DEFAULT_TIME)
    hour = int(m.group("h"))
    minute = 30 if m.group("half") else int(m.group("min") or 0)
    if period in _PM and hour < 12:
        hour += 12
    if period == "中午" and hour < 6:
        hour += 12
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


def _with_time(day: date, value) -> datetime:
    """Excel's midnight means "no time given": record it at the default hour."""
    if isinstance(value, datetime) and value.time() != time(0, 0):
        return value.replace(tzinfo=None, microsecond=0)
    return datetime.combine(day, DEFAULT_TIME)


def read_date(value, *, year: int | None = None, year_missing_reason: str = "") -> DateReading:
    """Read a reception date/time from a cell (see the module docstring)."""
    if isinstance(value, datetime):
        return DateReading(_with_time(value.date(), value))
    if isinstance(value, date):
        return DateReading(datetime.combine(value, DEFAULT_TIME))
    if isinstance(value, bool):
        return DateReading(None, "不是日期")
    if isinstance(value, (int, float)):
        return _serial(value)
    if not isinstance(value, str):
        return DateReading(None, "不是日期")
    s = _clean(value)
    if re.fullmatch(r"\d{5}(\.\d+)?", s):
        return _serial(float(s))
    m = _DATE_PART.match(s) or _COMPACT.match(s)
    if not m:
        return DateReading(None, f"无法识别（可用格式：{DATE_FORMS}）")
    rest = s[m.end() :].strip().lstrip("T").strip()
    at = DEFAULT_TIME
    if rest:
        t = read_time(rest)
        if t is None:
            return DateReading(None, f"无法识别（可用格式：{DATE_FORMS}）")
        at = t
    supplied = m.group("y") is None
    if supplied and year is None:
        return DateReading(None, f"没有写年份，{year_missing_reason or '无法确定是哪一年'}：请在日期中写上年份")
    y = year if supplied else int(m.group("y"))
    try:
        day = date(y, int(m.group("m")), int(m.group("d")))
    except ValueError:
        return DateReading(None, f"不是有效的日期（可用格式：{DATE_FORMS}）")
    return DateReading(datetime.combine(day, at), year_supplied=supplied)


def _serial(number: float) -> DateReading:
    if number != number or number in (float("inf"), float("-inf")):  # NaN or infinity
        return DateReading(None, "不是日期")
    if not _EARLIEST_SERIAL <= number < 2958466:
        return DateReading(None, "是一个数字，不是日期（请写成 2019-11-05 或 2019年11月5日）")
    d = from_excel(number)
    if isinstance(d, datetime):
        return DateReading(_with_time(d.date(), d))
    return DateReading(datetime.combine(d, DEFAULT_TIME))


def parse_date(value, year: int | None = None) -> datetime | None:
    """A reception time from what people type or Excel stores; None when it cannot be read."""
    return read_date(value, year=year).value


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value).strip()


DITTO = {"同上", "〃", "”", '"', "同前", "同左上"}


def split_names(text: str) -> list[str]:
    """“张三、李四” / “张三，李四” / “张三 李四” → the names, each without a trailing “代表”."""
    out = []
    for n in re.split(r"[、，,;；/\s]+", text):
        n = n.strip()
        if n:
            out.append(n)
    return out


def split_units(text: str) -> tuple[list[str], list[str]]:
    """(lead units, assisting units) named in one 承办单位 cell.

    “主办：区交通运输局；协办：金山街道办事处、区水利局” names both roles; without such labels the first unit
    leads and the others assist (“区交通运输局、区水利局”).
    """
    s = unicodedata.normalize("NFKC", text).strip()
    if not s:
        return [], []
    labelled = re.split(r"(主办(?:单位)?|协办(?:单位)?)\s*[:：]?", s)
    if len(labelled) > 1:
        lead: list[str] = []
        assist: list[str] = []
        unlabelled = _unit_names(labelled[0])
        for label, names in zip(labelled[1::2], labelled[2::2], strict=False):
            (lead if label.startswith("主办") else assist).extend(_unit_names(names))
        lead = unlabelled + lead
        return lead[:1], lead[1:] + assist
    names = _unit_names(s)
    return names[:1], names[1:]


def _unit_names(text: str) -> list[str]:
    return [n.strip(" ()（）") for n in re.split(r"[、,;；/\n]+|\s{2,}", text) if n.strip(" ()（）")]


def unit_key(name: str) -> str:
    """The form unit names are matched in: full-width and spaces do not matter."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))

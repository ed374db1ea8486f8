"""Generate ``protocol/heshi_protocol/data/cn_calendar.json`` from the ``chinese_calendar`` package.

Usage::

    uv run python scripts/build_holiday_data.py            # (re)write the bundled file
    uv run python scripts/build_holiday_data.py --check    # exit 1 if the file is out of date

Output format (dates are ISO strings, names are the Chinese festival names)::

    {"source": "chinese_calendar 1.11.0",
     "years": {"2024": {"holidays": [["2024-02-10", "春节"], ...],
                        "workdays": [["2024-02-04", "春节"], ...]}, ...}}

* ``holidays``: every day the package lists as a statutory day off, whether it falls on a weekday
  or on a weekend (weekend entries change nothing for counting, but keep the festival visible).
* ``workdays``: make-up working days (调休上班日) — weekend days that are working days, with the
  festival whose arrangement moved them.

Entries are grouped by the year of the *date*, not by the year of the State Council notice that
set them: e.g. 2018-12-29 (a Saturday worked for 元旦 2019) is listed under 2018. Only years the
package actually covers are written; the package raises ``NotImplementedError`` for the others,
and ``heshi_protocol.workdays`` raises ``CalendarYearMissing`` for them in turn.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import chinese_calendar
from holiday_json import run

DEFAULT_OUTPUT = Path(__file__).resolve().parents[1] / "protocol" / "heshi_protocol" / "data" / "cn_calendar.json"


def covered_years() -> list[int]:
    """Years for which ``chinese_calendar`` answers instead of raising ``NotImplementedError``.

    The package only checks a [min, max] range, so also insist that every year in it has holiday
    entries: a year with none would be silently "weekends only", which is exactly what the app
    must never do.
    """
    listed = {d.year for d in chinese_calendar.holidays}
    candidates = range(min(listed) - 1, max(listed) + 2)
    years = []
    for year in candidates:
        try:
            chinese_calendar.is_workday(dt.date(year, 1, 1))
            chinese_calendar.is_workday(dt.date(year, 12, 31))
        except NotImplementedError:
            continue
        years.append(year)
    missing = sorted(set(years) - listed)
    if missing:
        raise SystemExit(f"chinese_calendar claims years {missing} but lists no holidays for them")
    if years != list(range(years[0], years[-1] + 1)):
        raise SystemExit(f"chinese_calendar coverage is not contiguous: {years}")
    return years


def _chinese_name(english: str) -> str:
    # The package's dicts hold the English enum value; its Holiday enum carries the Chinese name.
    for holiday in chinese_calendar.Holiday:
        if holiday.value == english:
            return holiday.chinese
    raise SystemExit(f"chinese_calendar uses an unknown holiday name: {english!r}")


def build() -> dict:
    """Return the JSON document as a plain dict (sorted by year, then date)."""
    years = covered_years()
    out: dict[str, dict[str, list[list[str]]]] = {str(y): {"holidays": [], "workdays": []} for y in years}
    for key, source in (("holidays", chinese_calendar.holidays), ("workdays", chinese_calendar.workdays)):
        for day in sorted(source):
            if day.year not in years:
                continue
            if key == "workdays" and day.weekday() < 5:
                # A weekday "make-up working day" would be meaningless; refuse rather than guess.
                raise SystemExit(f"chinese_calendar lists weekday {day} as a make-up working day")
            out[str(day.year)][key].append([day.isoformat(), _chinese_name(source[day])])
    overlap = set(chinese_calendar.holidays) & set(chinese_calendar.workdays)
    if overlap:
        raise SystemExit(f"days listed both as holiday and as working day: {sorted(overlap)}")
    return {"source": f"chinese_calendar {chinese_calendar.__version__}", "years": out}


def main(argv: list[str] | None = None) -> int:
    return run(build, DEFAULT_OUTPUT, "build_holiday_data.py", __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    raise SystemExit(main())

"""Working days (工作日) on the Chinese calendar, for opinion-handling deadlines (办理时限).

A day is a working day when it is

* a make-up working day (调休上班日) — a weekend day the State Council notice makes a working day; or
* a Monday–Friday that is not a listed holiday.

Everything else (ordinary weekends, statutory holidays and the weekdays swapped into them) is off.

The official holiday table is data: bundled in ``heshi_protocol/data/cn_calendar.json`` and refreshed
from the centre or a holiday file. A year the official table does not cover is counted on the
**provisional** table (暂定) when the calendar has one (``cn_statutory.json``: the statutory holidays of
2000–2099, without the 调休 make-up days that only the State Council notice sets); every deadline that
relied on it says so (:meth:`HolidayCalendar.deadline`), so the clerk sees 暂定 until the official
table arrives. Without a provisional table (or beyond it), a day in an uncovered year is never guessed
at: :class:`CalendarYearMissing` is raised instead of silently counting weekends only.

This module is plain Python (no Qt, no SQLAlchemy) so that the ledger, the reports, the centre and
the tests can all share it.
"""

from __future__ import annotations

import json
import os
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

__all__ = [
    "CalendarYearMissing",
    "Deadline",
    "HolidayCalendar",
    "bundled_calendar_path",
    "load_bundled_calendar",
    "load_official_calendar",
    "load_statutory_calendar",
    "statutory_calendar_path",
    "with_provisional",
]


class CalendarYearMissing(Exception):
    """The holiday table has no arrangement for :attr:`year`, so working days cannot be counted.

    ``str(exc)`` is a complete Chinese sentence meant for the clerk.
    """

    def __init__(self, year: int) -> None:
        # args == (year,) keeps the exception picklable (it is re-raised across process boundaries
        # by report workers); the message is produced by __str__.
        super().__init__(year)
        self.year = year

    def __str__(self) -> str:
        return f"缺少 {self.year} 年的节假日安排，无法按工作日计算期限。请同步市中心的节假日数据或升级程序。"


def _check_date(d: object) -> None:
    # datetime is a subclass of date but never equals one, so it would miss every set lookup and
    # silently be treated as an ordinary weekday; a timestamp must be turned into the clerk's
    # local date by the caller, not here.
    if isinstance(d, datetime) or not isinstance(d, date):
        raise TypeError(f"expected datetime.date, got {type(d).__name__}")


def _year_after(d: date) -> int:
    """Year of the day after ``d`` (without building that date)."""
    return d.year + 1 if (d.month == 12 and d.day == 31) else d.year


class _Run:
    """A maximal block of consecutive covered years and the ordinals of its working days, ascending."""

    __slots__ = ("first_year", "last_year", "ordinals")

    def __init__(self, first_year: int, last_year: int, ordinals: list[int]) -> None:
        self.first_year = first_year
        self.last_year = last_year
        self.ordinals = ordinals


class Deadline(NamedTuple):
    """A computed deadline and whether it relied on a provisional (暂定) year's table."""

    due: date
    provisional: bool


@dataclass(frozen=True)
class HolidayCalendar:
    """An immutable working-day calendar for a set of covered years.

    Fields:

    ``years``
        Years whose arrangement is known completely. Only days in these years are ever classified.
    ``holidays``
        Days off that would otherwise be working days. Holidays on weekends may be listed too; they
        change nothing.
    ``workdays``
        Make-up working days (weekend days that are working days).
    ``provisional``
        Optional calendar consulted for a year not in ``years`` (the statutory table, see
        :func:`with_provisional`). Its own ``provisional`` is ignored.

    Guarantees:

    * A day of a year in ``years`` is a working day iff it is in ``workdays``, or it is Monday–Friday
      and not in ``holidays``; a day of another year is classified by ``provisional`` the same way.
    * Any method that needs to classify a day whose year neither ``years`` nor ``provisional.years``
      holds raises :class:`CalendarYearMissing`, naming the earliest such year among the days it would
      have to classify; no answer is ever based on a guess. Entries dated in uncovered years are
      kept but never consulted.
    * :meth:`deadline` says whether any counted-over day was classified provisionally.
    * A day listed both as holiday and as make-up working day is rejected (``ValueError``) at
      construction, since the data would be contradictory.
    * Only ``datetime.date`` is accepted (``TypeError`` for ``datetime`` and anything else).
    * Deadline arithmetic is O(log n) via bisect over precomputed working-day ordinals, so it costs
      microseconds however far it reaches.
    """

    years: frozenset[int]
    holidays: frozenset[date]
    workdays: frozenset[date]
    provisional: HolidayCalendar | None = None
    _runs: dict[int, _Run] = field(init=False, repr=False, compare=False, hash=False)
    _year_cache: dict[int, list[int]] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        # Normalise to frozensets so equality, hashing and immutability hold whatever iterable the
        # caller passed.
        years = frozenset(self.years)
        holidays = frozenset(self.holidays)
        workdays = frozenset(self.workdays)
        for y in years:
            if isinstance(y, bool) or not isinstance(y, int):
                raise TypeError(f"year must be int, got {y!r}")
        for d in holidays | workdays:
            _check_date(d)
        both = holidays & workdays
        if both:
            listed = "、".join(d.isoformat() for d in sorted(both))
            raise ValueError(f"既是节假日又是调休上班日，数据矛盾：{listed}")
        object.__setattr__(self, "years", years)
        object.__setattr__(self, "holidays", holidays)
        object.__setattr__(self, "workdays", workdays)
        if self.provisional is not None and not isinstance(self.provisional, HolidayCalendar):
            raise TypeError(f"provisional must be a HolidayCalendar, got {type(self.provisional).__name__}")
        object.__setattr__(self, "_year_cache", {})
        object.__setattr__(self, "_runs", self._build_runs())

    def _year_ordinals(self, year: int) -> list[int]:
        """Ordinals of the working days of one covered year, by this calendar's own table (cached)."""
        cached = self._year_cache.get(year)
        if cached is None:
            start, end = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
            cached = [o for o in range(start, end + 1) if self._classify(date.fromordinal(o))]
            self._year_cache[year] = cached
        return cached

    def _build_runs(self) -> dict[int, _Run]:
        runs: dict[int, _Run] = {}
        fallback = self.provisional
        # The provisional table's per-year ordinals are cached on it, and it is shared (lru_cache), so a
        # ledger reloading its calendar after a table arrives rebuilds only the official years.
        ordered = sorted(self.years | (fallback.years if fallback else frozenset()))
        i = 0
        while i < len(ordered):
            j = i
            while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
                j += 1
            first, last = ordered[i], ordered[j]
            ordinals: list[int] = []
            for y in range(first, last + 1):
                ordinals += (self if y in self.years else fallback)._year_ordinals(y)
            run = _Run(first, last, ordinals)
            for y in range(first, last + 1):
                runs[y] = run
            i = j + 1
        return runs

    def _classify(self, d: date) -> bool:
        return d in self.workdays or (d.weekday() < 5 and d not in self.holidays)

    def _run_for(self, year: int) -> _Run:
        run = self._runs.get(year)
        if run is None:
            raise CalendarYearMissing(year)
        return run

    # ------------------------------------------------------------------ construction

    @classmethod
    def from_entries(
        cls,
        years: Iterable[int],
        entries: Iterable[tuple[date, bool, str]],
        provisional: HolidayCalendar | None = None,
    ) -> HolidayCalendar:
        """Build from ``(day, is_working_day, festival_name)`` rows, as stored in the database.

        ``is_working_day`` True marks a make-up working day, False a day off. The festival name is
        accepted for the table's sake but not needed for counting and is dropped.
        """
        holidays: set[date] = set()
        workdays: set[date] = set()
        for day, is_working_day, _name in entries:
            (workdays if is_working_day else holidays).add(day)
        return cls(
            years=frozenset(years), holidays=frozenset(holidays), workdays=frozenset(workdays), provisional=provisional
        )

    @classmethod
    def from_json(cls, source: str | os.PathLike[str] | Mapping[str, Any]) -> HolidayCalendar:
        """Build from the ``cn_calendar.json`` format, given a file path or the already-parsed dict.

        Format: ``{"years": {"2024": {"holidays": [["2024-02-10", "春节"], ...],
        "workdays": [["2024-02-04", "春节"], ...]}, ...}}``; other top-level keys (``source``) are
        ignored. Each key of ``years`` declares that year covered; its lists may be empty or absent.
        Entries are pooled regardless of which year key they sit under. Malformed data raises
        ``ValueError``.
        """
        doc = source if isinstance(source, Mapping) else json.loads(Path(source).read_text(encoding="utf-8"))
        try:
            year_map = doc["years"]
            years = frozenset(int(y) for y in year_map)
            entries: list[tuple[date, bool, str]] = []
            for data in year_map.values():
                for is_working_day, key in ((False, "holidays"), (True, "workdays")):
                    for iso, name in data.get(key, ()):
                        entries.append((date.fromisoformat(iso), is_working_day, name))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"节假日数据格式错误：{exc}") from exc
        return cls.from_entries(years, entries)

    # ------------------------------------------------------------------ queries

    def covers(self, year: int) -> bool:
        """True iff the official arrangement for ``year`` is known."""
        return year in self.years

    def is_provisional(self, year: int) -> bool:
        """True iff ``year`` is counted on the provisional table (no official one, but a statutory one)."""
        return year not in self.years and self.provisional is not None and year in self.provisional.years

    def is_working_day(self, d: date) -> bool:
        """True iff ``d`` is a working day (provisionally so when :meth:`is_provisional` of its year).

        Raises :class:`CalendarYearMissing` if ``d.year`` is covered by neither table, whatever the weekday.
        """
        _check_date(d)
        if d.year in self.years:
            return self._classify(d)
        if self.is_provisional(d.year):
            return self.provisional._classify(d)
        raise CalendarYearMissing(d.year)

    def deadline(self, start: date, n: int) -> Deadline:
        """:meth:`add_working_days` plus whether the result is provisional (暂定).

        ``provisional`` is True iff some day counted over (``start + 1`` … the result) lies in a year
        without the official table; the due day then may move when that table arrives.
        """
        due = self.add_working_days(start, n)
        return Deadline(due, self.span_is_provisional(start, due))

    def span_is_provisional(self, a: date, b: date) -> bool:
        """True iff a day ``d`` with ``min(a, b) < d <= max(a, b)`` lies in a year without the official table."""
        lo, hi = (a, b) if a <= b else (b, a)
        if lo == hi:
            return False
        return any(y not in self.years for y in range(_year_after(lo), hi.year + 1))

    def add_working_days(self, start: date, n: int) -> date:
        """Return the n-th working day after ``start`` — the deadline of an n-working-day time limit.

        ``start`` itself is never counted, whether or not it is a working day; ``n == 0`` returns
        ``start`` unchanged (no day needs classifying, so no year is required). For ``n >= 1`` the
        result is always a working day, strictly increasing in ``n``, and
        ``working_days_between(start, result) == n``. Raises ``ValueError`` for ``n < 0`` and
        :class:`CalendarYearMissing` if any day from ``start + 1`` to the result falls in an
        uncovered year.
        """
        _check_date(start)
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(f"n must be int, got {n!r}")
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        if n == 0:
            return start
        run = self._run_for(_year_after(start))
        ordinals = run.ordinals
        i = bisect_right(ordinals, start.toordinal()) + n - 1
        if i >= len(ordinals):
            raise CalendarYearMissing(run.last_year + 1)
        return date.fromordinal(ordinals[i])

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d`` (same as ``add_working_days(d, 1)``)."""
        return self.add_working_days(d, 1)

    def working_days_between(self, a: date, b: date) -> int:
        """Count working days ``d`` with ``a < d <= b``; if ``b < a``, ``-working_days_between(b, a)``.

        So ``working_days_between(a, a) == 0``, the function is antisymmetric, and it is additive:
        ``between(a, b) + between(b, c) == between(a, c)``. With ``a`` as the transfer date and ``b``
        as today it gives working days used so far. Raises :class:`CalendarYearMissing` if any
        counted-over day (``min(a, b) + 1`` … ``max(a, b)``) falls in an uncovered year.
        """
        _check_date(a)
        _check_date(b)
        if b < a:
            return -self.working_days_between(b, a)
        if a == b:
            return 0
        run = self._run_for(_year_after(a))
        if b.year > run.last_year:
            raise CalendarYearMissing(run.last_year + 1)
        ordinals = run.ordinals
        return bisect_right(ordinals, b.toordinal()) - bisect_right(ordinals, a.toordinal())


#: Environment variable naming a resources folder whose ``holidays/cn_calendar.json`` replaces the bundled
#: table (tests and special deployments); the station's other resources honour the same variable.
RESOURCES_ENV_VAR = "HESHI_RESOURCES"


def statutory_calendar_path() -> Path:
    """Path of the provisional (statutory-holidays) table, ``heshi_protocol/data/cn_statutory.json``.

    Generated by ``scripts/build_statutory_data.py``; always the packaged file (it is derived from the
    law, not from a station's arrangement, so no resources override applies).
    """
    return Path(__file__).resolve().parent / "data" / "cn_statutory.json"


@lru_cache(maxsize=1)
def load_statutory_calendar() -> HolidayCalendar:
    """The provisional table: statutory holidays (with 补假) for 2000–2099 and no make-up working days."""
    return HolidayCalendar.from_json(statutory_calendar_path())


def with_provisional(official: HolidayCalendar) -> HolidayCalendar:
    """``official`` with the statutory table as its provisional fallback: every year 2000–2099 counts."""
    return HolidayCalendar(official.years, official.holidays, official.workdays, load_statutory_calendar())


def bundled_calendar_path() -> Path:
    """Path of the holiday table shipped with the program.

    ``$HESHI_RESOURCES/holidays/cn_calendar.json`` when that variable is set, else the file inside this
    package (``heshi_protocol/data/``), which PyInstaller bundles and both distributions install.
    """
    override = os.environ.get(RESOURCES_ENV_VAR)
    if override:
        return Path(override).expanduser() / "holidays" / "cn_calendar.json"
    return Path(__file__).resolve().parent / "data" / "cn_calendar.json"


@lru_cache(maxsize=4)
def _load_calendar_file(path: Path) -> HolidayCalendar:
    return HolidayCalendar.from_json(path)


@lru_cache(maxsize=4)
def _load_calendar_file_with_provisional(path: Path) -> HolidayCalendar:
    return with_provisional(_load_calendar_file(path))


def load_official_calendar() -> HolidayCalendar:
    """The bundled official table alone: a year it lacks raises :class:`CalendarYearMissing`.

    Cached per resolved file path (it is immutable, and the bundled file does not change while the
    program runs); changing ``HESHI_RESOURCES`` picks up the other file. Raises ``FileNotFoundError``
    if the resources directory lacks the file.
    """
    return _load_calendar_file(bundled_calendar_path().resolve())


def load_bundled_calendar() -> HolidayCalendar:
    """The bundled official table with the statutory provisional table behind it (never refuses 2000–2099)."""
    return _load_calendar_file_with_provisional(bundled_calendar_path().resolve())

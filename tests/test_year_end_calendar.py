"""The provisional (暂定) holiday table: a deadline is always produced for 2000–2099, equal to the official
table's wherever that exists, and flagged provisional exactly when it relied on a year without one."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from heshi_protocol.holiday_file import HolidayTableInvalid, _law_days, check_holiday_year
from heshi_protocol.opinion_state import EventRecord, fold
from heshi_protocol.vocab import EventKind
from heshi_protocol.workdays import (
    CalendarYearMissing,
    HolidayCalendar,
    load_bundled_calendar,
    load_official_calendar,
    load_statutory_calendar,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
CAL = load_bundled_calendar()
OFFICIAL = load_official_calendar()
STATUTORY = load_statutory_calendar()
K = EventKind


def test_statutory_table_is_fresh_from_the_holidays_package():
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "build_statutory_data.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_statutory_table_covers_2000_to_2099_with_no_make_up_days():
    assert STATUTORY.years == frozenset(range(2000, 2100))
    assert STATUTORY.workdays == frozenset()
    for year in STATUTORY.years:
        in_year = [d for d in STATUTORY.holidays if d.year == year]
        assert date(year, 1, 1) in in_year and date(year, 10, 1) in in_year


def test_2027_is_provisional_and_counts_the_spring_festival_off():
    assert not CAL.covers(2027) and CAL.is_provisional(2027) and not CAL.is_provisional(2026)
    for d in (date(2027, 1, 1), date(2027, 2, 8), date(2027, 2, 9), date(2027, 10, 1), date(2027, 10, 4)):
        assert not CAL.is_working_day(d)
    assert CAL.is_working_day(date(2027, 2, 11))
    # Working days from the last December working day: 2026-12-31 (Thu) → 2027-01-04 (Mon), 元旦 off.
    assert CAL.deadline(date(2026, 12, 31), 1) == (date(2027, 1, 4), True)
    assert CAL.deadline(date(2026, 12, 1), 5) == (date(2026, 12, 8), False)
    assert CAL.deadline(date(2026, 12, 1), 0) == (date(2026, 12, 1), False)


def test_outside_the_statutory_table_the_year_is_still_refused():
    with pytest.raises(CalendarYearMissing, match="2100"):
        CAL.add_working_days(date(2099, 12, 20), 30)
    with pytest.raises(CalendarYearMissing):
        CAL.is_working_day(date(1999, 6, 1))
    with pytest.raises(CalendarYearMissing, match="2027"):
        OFFICIAL.add_working_days(date(2026, 12, 18), 10)


@settings(max_examples=400, deadline=None)
@given(start=st.dates(date(2004, 1, 1), date(2030, 12, 31)), n=st.integers(1, 120))
def test_a_deadline_is_always_produced_and_equals_the_official_one_where_it_exists(start, n):
    due, provisional = CAL.deadline(start, n)
    assert due > start and CAL.is_working_day(due)
    assert CAL.working_days_between(start, due) == n
    official_years = all(OFFICIAL.covers(y) for y in range(start.year, due.year + 1))
    if official_years:
        assert due == OFFICIAL.add_working_days(start, n)
        assert not provisional
    else:
        with pytest.raises(CalendarYearMissing):
            OFFICIAL.add_working_days(start, n)
        assert provisional


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(date(2004, 1, 1), date(2030, 12, 31)),
    n=st.integers(1, 120),
    junk=st.lists(st.dates(date(2031, 1, 1), date(2040, 12, 31)), max_size=20),
)
def test_entries_in_years_the_official_table_does_not_claim_are_ignored(start, n, junk):
    """A hostile table that lists days of years it does not cover changes nothing there (the provisional
    table decides them); only a declared year replaces the provisional arrangement."""
    polluted = HolidayCalendar(OFFICIAL.years, OFFICIAL.holidays | frozenset(junk), OFFICIAL.workdays, STATUTORY)
    assert polluted.deadline(start, n) == CAL.deadline(start, n)


def test_installing_a_year_replaces_the_provisional_arrangement():
    # 2027 as a notice might set it: 春节 2-06..2-13 with make-up working day Sunday 2-14.
    days_off = [date(2027, 1, 1)] + [date(2027, 2, 6) + timedelta(days=i) for i in range(8)]
    official = HolidayCalendar(
        OFFICIAL.years | {2027},
        OFFICIAL.holidays | frozenset(days_off),
        OFFICIAL.workdays | {date(2027, 2, 14)},
        STATUTORY,
    )
    assert not official.is_provisional(2027)
    assert official.is_working_day(date(2027, 2, 14)) and not official.is_working_day(date(2027, 2, 11))
    assert official.deadline(date(2027, 2, 5), 1) == (date(2027, 2, 14), False)
    assert CAL.deadline(date(2027, 2, 5), 1) == (date(2027, 2, 11), True)


def _at(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, 9, tzinfo=UTC)


def test_fold_carries_the_provisional_flag_and_a_recomputation_replaces_it():
    transferred = EventRecord(
        "e1", K.TRANSFERRED, _at(date(2026, 12, 21)),
        {"lead_unit_id": "u1", "due_date": "2027-01-12", "due_provisional": True},
    )  # fmt: skip
    st0 = fold([transferred], CAL)
    assert st0.due_date == date(2027, 1, 12) and st0.due_provisional
    recomputed = EventRecord(
        "e2", K.DEADLINE_RECOMPUTED, _at(date(2027, 1, 5)), {"due_date": "2027-01-13", "provisional": False}
    )
    st1 = fold([transferred, recomputed], CAL)
    assert st1.due_date == date(2027, 1, 13) and not st1.due_provisional
    # A pause counted over a provisional year makes the deadline provisional, even on an official base.
    official_base = EventRecord(
        "e1", K.TRANSFERRED, _at(date(2026, 12, 1)), {"lead_unit_id": "u1", "due_date": "2026-12-22"}
    )
    paused = EventRecord("e3", K.PAUSED, _at(date(2026, 12, 10)))
    resumed = EventRecord("e4", K.RESUMED, _at(date(2027, 1, 6)))
    st2 = fold([official_base, paused, resumed], CAL)
    assert st2.due_provisional and st2.due_date == CAL.add_working_days(date(2026, 12, 22), st2.paused_working_days)
    assert not fold([official_base], CAL).due_provisional


_LAW_2027 = [(d.isoformat(), "放假", "法定") for d in sorted(_law_days()[2027])]
_hostile_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["放假", "调休上班", "上班", " 放假 ", "2027-02-30", "2027/2/6", "2027年2月6日", "\x00", ""]),
    st.none(),
    st.integers(),
    st.dates(date(2026, 12, 1), date(2028, 1, 31)),
)


@settings(max_examples=300, deadline=None)
@given(
    extra=st.lists(
        st.tuples(_hostile_text, st.sampled_from(["放假", "调休上班", "休息", None, True, False]), _hostile_text),
        max_size=12,
    ),
    keep_law=st.booleans(),
)
def test_a_holiday_table_is_either_whole_and_sound_or_refused_with_every_problem(extra, keep_law):
    entries = [(f"第{i}行", *e) for i, e in enumerate((_LAW_2027 if keep_law else []) + extra, start=2)]
    try:
        table = check_holiday_year(entries, year=2027)
    except HolidayTableInvalid as exc:
        assert exc.problems and all(isinstance(p, str) and p for p in exc.problems)
        assert str(exc).count("\n") == len(exc.problems)
        return
    days = [d.day for d in table.days]
    assert len(days) == len(set(days)) and all(d.year == 2027 for d in days)
    assert all(d.day.weekday() >= 5 for d in table.workdays)
    assert {d for d in _law_days()[2027] if d.weekday() < 5} <= {d.day for d in table.holidays}
    assert all(d.name and "\x00" not in d.name for d in table.days)

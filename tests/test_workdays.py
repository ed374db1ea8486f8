"""Working-day calendar: official State Council notices, properties, and missing-year behaviour."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from heshi_protocol.workdays import (
    CalendarYearMissing,
    HolidayCalendar,
    bundled_calendar_path,
    load_bundled_calendar,
    load_official_calendar,
)
from heshi_station.resources import resources_dir

REPO_ROOT = Path(__file__).resolve().parents[1]
# The official table alone: the missing-year tests below are about it (the ledger's calendar puts the
# statutory provisional table behind it; see tests/test_year_end_calendar.py).
CAL = load_official_calendar()
FIRST, LAST = min(CAL.years), max(CAL.years)
ONE_DAY = timedelta(days=1)
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def days(first: date, last: date):
    d = first
    while d <= last:
        yield d
        d += ONE_DAY


# ---------------------------------------------------------------- the official notices
#
# Transcribed from 国务院办公厅关于20XX年部分节假日安排的通知, independently of chinese_calendar:
# (festival, first day off, last day off, [(make-up working day, weekday printed in the notice)]).
# "与周末连休" single days are given as one-day ranges; the weekend around them is off anyway.

NOTICES: dict[int, list[tuple[str, date, date, list[tuple[date, int]]]]] = {
    # 国办发明电〔2023〕7号, 2023-10-25. 除夕 (2月9日) is only *encouraged* as a rest day: it stays a
    # working day for deadlines.
    2024: [
        ("元旦", date(2024, 1, 1), date(2024, 1, 1), []),
        ("春节", date(2024, 2, 10), date(2024, 2, 17), [(date(2024, 2, 4), SUN), (date(2024, 2, 18), SUN)]),
        ("清明节", date(2024, 4, 4), date(2024, 4, 6), [(date(2024, 4, 7), SUN)]),
        ("劳动节", date(2024, 5, 1), date(2024, 5, 5), [(date(2024, 4, 28), SUN), (date(2024, 5, 11), SAT)]),
        ("端午节", date(2024, 6, 10), date(2024, 6, 10), []),
        ("中秋节", date(2024, 9, 15), date(2024, 9, 17), [(date(2024, 9, 14), SAT)]),
        (
            "国庆节",
            date(2024, 10, 1),
            date(2024, 10, 7),
            [(date(2024, 9, 29), SUN), (date(2024, 10, 12), SAT)],
        ),
    ],
    # 国办发明电〔2024〕12号, 2024-11-12 (first year under the revised 放假办法: 除夕 and 5月2日 added).
    2025: [
        ("元旦", date(2025, 1, 1), date(2025, 1, 1), []),
        ("春节", date(2025, 1, 28), date(2025, 2, 4), [(date(2025, 1, 26), SUN), (date(2025, 2, 8), SAT)]),
        ("清明节", date(2025, 4, 4), date(2025, 4, 6), []),
        ("劳动节", date(2025, 5, 1), date(2025, 5, 5), [(date(2025, 4, 27), SUN)]),
        ("端午节", date(2025, 5, 31), date(2025, 6, 2), []),
        (
            "国庆节、中秋节",
            date(2025, 10, 1),
            date(2025, 10, 8),
            [(date(2025, 9, 28), SUN), (date(2025, 10, 11), SAT)],
        ),
    ],
    # 国务院办公厅 2025-11-04.
    2026: [
        ("元旦", date(2026, 1, 1), date(2026, 1, 3), [(date(2026, 1, 4), SUN)]),
        ("春节", date(2026, 2, 15), date(2026, 2, 23), [(date(2026, 2, 14), SAT), (date(2026, 2, 28), SAT)]),
        ("清明节", date(2026, 4, 4), date(2026, 4, 6), []),
        ("劳动节", date(2026, 5, 1), date(2026, 5, 5), [(date(2026, 5, 9), SAT)]),
        ("端午节", date(2026, 6, 19), date(2026, 6, 21), []),
        ("中秋节", date(2026, 9, 25), date(2026, 9, 27), []),
        (
            "国庆节",
            date(2026, 10, 1),
            date(2026, 10, 7),
            [(date(2026, 9, 20), SUN), (date(2026, 10, 10), SAT)],
        ),
    ],
}


def notice_calendar(years: set[int]) -> HolidayCalendar:
    """A calendar built only from the notices above, through the database-facing constructor."""
    entries = []
    for year in years:
        for name, first, last, make_up in NOTICES[year]:
            entries += [(d, False, name) for d in days(first, last)]
            entries += [(d, True, name) for d, _ in make_up]
    return HolidayCalendar.from_entries(years, entries)


NOTICE_CAL = notice_calendar(set(NOTICES))


def test_notice_transcription_weekdays_match_the_printed_ones():
    for year, items in NOTICES.items():
        for name, first, last, make_up in items:
            assert first <= last and first.year == last.year == year, name
            for d, printed in make_up:
                assert d.weekday() == printed, (name, d)


@pytest.mark.parametrize("year", sorted(NOTICES))
def test_bundled_years_include_the_notice_years(year):
    assert CAL.covers(year)


@pytest.mark.parametrize("year", sorted(NOTICES))
def test_days_off_and_make_up_days_follow_the_notice(year):
    for name, first, last, make_up in NOTICES[year]:
        for d in days(first, last):
            assert not CAL.is_working_day(d), (name, d)
        for d, _ in make_up:
            assert CAL.is_working_day(d), (name, d)


@pytest.mark.parametrize("year", sorted(NOTICES))
def test_every_day_of_the_notice_year_agrees_with_the_bundled_table(year):
    # Stronger than the spot checks: the notice alone (plus ordinary weekends) must predict the
    # whole year, so the bundled table has nothing extra and nothing missing.
    mismatches = [
        d for d in days(date(year, 1, 1), date(year, 12, 31)) if CAL.is_working_day(d) != NOTICE_CAL.is_working_day(d)
    ]
    assert mismatches == []


def test_2024_new_year_eve_is_a_working_day():
    # 除夕 2024-02-09 (Friday) was only recommended as a rest day.
    assert CAL.is_working_day(date(2024, 2, 9))


@pytest.mark.parametrize(
    ("year", "expected"),
    # 2024: 262 weekdays − 19 weekday holidays + 8 make-up days; 2025: 261 − 18 + 5; 2026: 261 − 19 + 6.
    # (2026 could still change if the 2027 notice moves a late-December 2026 day.)
    [(2024, 251), (2025, 248), (2026, 248)],
)
def test_working_days_in_a_year(year, expected):
    assert CAL.working_days_between(date(year - 1, 12, 31), date(year, 12, 31)) == expected
    assert NOTICE_CAL.working_days_between(date(year - 1, 12, 31), date(year, 12, 31)) == expected


# Deadlines worked out by hand from the notices (start day itself never counts).
DEADLINES = [
    # 2/9 Fri(1), 2/10–17 off, 2/18 Sun make-up(2), 2/19(3), 2/20(4), 2/21(5)
    (date(2024, 2, 8), 5, date(2024, 2, 21)),
    (date(2024, 2, 8), 1, date(2024, 2, 9)),
    (date(2024, 2, 9), 1, date(2024, 2, 18)),
    # 9/29 Sun(1), 9/30(2), 10/1–7 off, 10/8–11(3–6), 10/12 Sat(7), 10/14–18(8–12), 10/21–23(13–15)
    (date(2024, 9, 27), 15, date(2024, 10, 23)),
    # 1/25 Sat off, 1/26 Sun make-up(1), 1/27(2), 1/28–2/4 off, 2/5(3)
    (date(2025, 1, 24), 3, date(2025, 2, 5)),
    (date(2025, 2, 7), 1, date(2025, 2, 8)),
    # 9/27 Sat off, 9/28 Sun make-up(1), 9/29(2)
    (date(2025, 9, 26), 2, date(2025, 9, 29)),
    # 10/1–8 off, 10/9(1), 10/10(2), 10/11 Sat make-up(3), 10/13(4)
    (date(2025, 9, 30), 4, date(2025, 10, 13)),
    # across the year boundary: 2026-01-01–03 off, 01-04 Sun make-up
    (date(2025, 12, 31), 1, date(2026, 1, 4)),
    (date(2026, 2, 13), 1, date(2026, 2, 14)),
    (date(2026, 2, 13), 2, date(2026, 2, 24)),
    # 10/1–7 off, 10/8(1), 10/9(2), 10/10 Sat make-up(3)
    (date(2026, 9, 30), 3, date(2026, 10, 10)),
]


@pytest.mark.parametrize("calendar", [CAL, NOTICE_CAL], ids=["bundled", "notices"])
@pytest.mark.parametrize(("start", "n", "expected"), DEADLINES)
def test_deadlines_across_holidays(calendar, start, n, expected):
    assert calendar.add_working_days(start, n) == expected
    assert calendar.working_days_between(start, expected) == n
    assert calendar.working_days_between(expected, start) == -n


def test_next_working_day():
    assert CAL.next_working_day(date(2024, 2, 9)) == date(2024, 2, 18)
    assert CAL.next_working_day(date(2024, 2, 18)) == date(2024, 2, 19)
    # strictly after, even when the day itself is a working day
    assert CAL.next_working_day(date(2024, 3, 4)) == date(2024, 3, 5)


# ---------------------------------------------------------------- the bundled data


def test_bundled_years_are_exactly_what_chinese_calendar_covers():
    for year in range(FIRST, LAST + 1):
        chinese_calendar.is_workday(date(year, 6, 1))
    for year in (FIRST - 1, LAST + 1):
        with pytest.raises(NotImplementedError):
            chinese_calendar.is_workday(date(year, 6, 1))
    assert set(range(FIRST, LAST + 1)) == CAL.years


def test_is_working_day_agrees_with_chinese_calendar_on_every_covered_day():
    mismatches = [
        d
        for d in days(date(FIRST, 1, 1), date(LAST, 12, 31))
        if CAL.is_working_day(d) != chinese_calendar.is_workday(d)
    ]
    assert mismatches == []


def test_bundled_json_equals_chinese_calendar_via_from_entries():
    entries = [(d, False, n) for d, n in chinese_calendar.holidays.items()]
    entries += [(d, True, n) for d, n in chinese_calendar.workdays.items()]
    assert HolidayCalendar.from_entries(range(FIRST, LAST + 1), entries) == CAL


def test_bundled_json_shape():
    doc = json.loads(bundled_calendar_path().read_text(encoding="utf-8"))
    assert doc["source"] == f"chinese_calendar {chinese_calendar.__version__}"
    assert list(doc["years"]) == [str(y) for y in range(FIRST, LAST + 1)]
    for year, data in doc["years"].items():
        assert set(data) == {"holidays", "workdays"}
        for key in ("holidays", "workdays"):
            isos = [iso for iso, _ in data[key]]
            assert isos == sorted(set(isos))
            assert all(iso.startswith(f"{year}-") for iso in isos)
        assert all(date.fromisoformat(iso).weekday() >= SAT for iso, _ in data["workdays"])
    y2024 = doc["years"]["2024"]
    assert ["2024-02-10", "春节"] in y2024["holidays"]
    assert ["2024-02-04", "春节"] in y2024["workdays"]


def test_bundled_json_is_up_to_date_with_the_installed_package():
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "build_holiday_data.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------- properties

covered_starts = st.dates(min_value=date(FIRST, 1, 1), max_value=date(LAST - 1, 12, 31))
covered_days = st.dates(min_value=date(FIRST, 1, 1), max_value=date(LAST, 12, 31))
# ≤ 200 working days from a start at least a year before the end never leaves the covered range.
counts = st.integers(min_value=0, max_value=200)


@given(covered_starts, st.integers(min_value=1, max_value=200))
def test_deadline_is_a_working_day(start, n):
    assert CAL.is_working_day(CAL.add_working_days(start, n))


@given(covered_starts, counts)
def test_between_inverts_add(start, n):
    end = CAL.add_working_days(start, n)
    assert CAL.working_days_between(start, end) == n
    assert CAL.working_days_between(end, start) == -n


@given(covered_starts, counts)
def test_add_is_strictly_increasing_in_n(start, n):
    assert CAL.add_working_days(start, n) < CAL.add_working_days(start, n + 1)


@given(covered_starts, st.integers(0, 100), st.integers(0, 100))
def test_add_composes(start, a, b):
    assert CAL.add_working_days(CAL.add_working_days(start, a), b) == CAL.add_working_days(start, a + b)


@given(covered_days, covered_days, covered_days)
def test_between_is_additive_and_antisymmetric(a, b, c):
    ab, bc, ac = (CAL.working_days_between(x, y) for x, y in ((a, b), (b, c), (a, c)))
    assert ab + bc == ac
    assert CAL.working_days_between(b, a) == -ab


@given(covered_starts, st.integers(0, 40))
def test_add_matches_day_by_day_count_with_chinese_calendar(start, n):
    d, found = start, 0
    while found < n:
        d += ONE_DAY
        found += chinese_calendar.is_workday(d)
    assert CAL.add_working_days(start, n) == d


@given(covered_days, st.integers(0, 60))
def test_between_matches_day_by_day_count_with_chinese_calendar(a, span):
    b = min(a + timedelta(days=span), date(LAST, 12, 31))
    expected = sum(chinese_calendar.is_workday(d) for d in days(a + ONE_DAY, b))
    assert CAL.working_days_between(a, b) == expected


# ---------------------------------------------------------------- missing years

uncovered_days = st.one_of(
    st.dates(min_value=date(FIRST - 30, 1, 1), max_value=date(FIRST - 1, 12, 31)),
    st.dates(min_value=date(LAST + 1, 1, 1), max_value=date(LAST + 30, 12, 31)),
)


@given(uncovered_days)
def test_day_in_missing_year_raises(d):
    assert not CAL.covers(d.year)
    with pytest.raises(CalendarYearMissing) as info:
        CAL.is_working_day(d)
    assert info.value.year == d.year


@given(st.dates(min_value=date(LAST, 1, 1), max_value=date(LAST, 12, 31)), st.integers(1, 300))
def test_deadline_crossing_into_missing_year_raises(start, extra):
    left_in_year = CAL.working_days_between(start, date(LAST, 12, 31))
    assert CAL.add_working_days(start, left_in_year) <= date(LAST, 12, 31)
    with pytest.raises(CalendarYearMissing) as info:
        CAL.add_working_days(start, left_in_year + extra)
    assert info.value.year == LAST + 1


@given(covered_days, uncovered_days)
def test_span_crossing_into_missing_year_raises(a, b):
    # The span counts the days after the earlier date, so an uncovered 31 December just before the
    # coverage is never needed; otherwise the earliest uncovered year among the counted days is reported.
    if b == date(FIRST - 1, 12, 31):
        assert CAL.working_days_between(b, a) == -CAL.working_days_between(a, b) >= 0
        return
    expected_year = LAST + 1 if b > a else (b + ONE_DAY).year
    for x, y in ((a, b), (b, a)):
        with pytest.raises(CalendarYearMissing) as info:
            CAL.working_days_between(x, y)
        assert info.value.year == expected_year


def test_start_just_before_coverage_is_fine_because_it_is_not_counted():
    before = date(FIRST - 1, 12, 31)
    assert CAL.add_working_days(before, 1) == CAL.next_working_day(before)
    assert CAL.add_working_days(before, 1).year == FIRST
    assert CAL.working_days_between(before, date(FIRST, 1, 31)) > 0
    # n == 0 classifies no day at all, so it needs no year
    assert CAL.add_working_days(date(LAST + 5, 3, 1), 0) == date(LAST + 5, 3, 1)
    assert CAL.working_days_between(date(LAST + 5, 3, 1), date(LAST + 5, 3, 1)) == 0


def test_gap_year_in_a_small_calendar():
    cal = notice_calendar({2024, 2026})
    assert cal.years == {2024, 2026}
    assert not cal.covers(2025)
    assert cal.is_working_day(date(2026, 1, 4))
    with pytest.raises(CalendarYearMissing) as info:
        cal.is_working_day(date(2025, 6, 3))
    assert info.value.year == 2025
    with pytest.raises(CalendarYearMissing) as info:
        cal.add_working_days(date(2024, 12, 20), 20)
    assert info.value.year == 2025
    with pytest.raises(CalendarYearMissing) as info:
        cal.working_days_between(date(2026, 6, 1), date(2024, 6, 1))
    assert info.value.year == 2025
    # days on each side of the gap still count normally
    assert cal.add_working_days(date(2024, 2, 8), 5) == date(2024, 2, 21)
    assert cal.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 4)


def test_missing_year_message_is_for_the_clerk():
    err = CalendarYearMissing(2027)
    assert err.year == 2027
    assert str(err) == "缺少 2027 年的节假日安排，无法按工作日计算期限。请同步市中心的节假日数据或升级程序。"
    copy = pickle.loads(pickle.dumps(err))
    assert copy.year == 2027 and str(copy) == str(err)


# ---------------------------------------------------------------- construction and input checks


def test_tiny_hand_made_calendar():
    # A made-up year: Mon 2029-01-01 off, Sat 2029-01-06 worked.
    cal = HolidayCalendar.from_entries([2029], [(date(2029, 1, 1), False, "元旦"), (date(2029, 1, 6), True, "元旦")])
    assert not cal.is_working_day(date(2029, 1, 1))
    assert cal.is_working_day(date(2029, 1, 6))
    assert not cal.is_working_day(date(2029, 1, 7))
    # 12-31 (2028) not counted; 01-02..05 (4), 01-06 Sat (5), 01-08 Mon (6)
    assert cal.add_working_days(date(2028, 12, 31), 6) == date(2029, 1, 8)
    assert cal.working_days_between(date(2028, 12, 31), date(2029, 1, 8)) == 6


def test_from_json_accepts_a_dict_and_a_path(tmp_path):
    doc = {"years": {"2029": {"holidays": [["2029-01-01", "元旦"]], "workdays": [["2029-01-06", "元旦"]]}}}
    from_dict = HolidayCalendar.from_json(doc)
    path = tmp_path / "cal.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert HolidayCalendar.from_json(path) == from_dict == HolidayCalendar.from_json(str(path))
    assert from_dict.workdays == {date(2029, 1, 6)}
    # a covered year with no special days at all is allowed (and then means weekends only)
    assert HolidayCalendar.from_json({"years": {"2029": {}}}).is_working_day(date(2029, 1, 1))


@pytest.mark.parametrize(
    "doc",
    [{}, {"years": {"x": {}}}, {"years": {"2029": {"holidays": [["2029-02-30", "元旦"]]}}}, {"years": [1]}],
)
def test_from_json_rejects_malformed_data(doc):
    with pytest.raises(ValueError):
        HolidayCalendar.from_json(doc)


def test_contradictory_entries_are_rejected():
    with pytest.raises(ValueError, match="2029-01-06"):
        HolidayCalendar.from_entries([2029], [(date(2029, 1, 6), True, "元旦"), (date(2029, 1, 6), False, "元旦")])


def test_bad_arguments():
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2024, 3, 1), -1)
    with pytest.raises(TypeError):
        CAL.is_working_day(datetime(2024, 3, 1, 9, 0))
    with pytest.raises(TypeError):
        CAL.working_days_between(date(2024, 3, 1), "2024-03-05")
    with pytest.raises(TypeError):
        HolidayCalendar.from_entries([2024], [(datetime(2024, 3, 1), False, "x")])


def test_calendar_is_immutable_and_hashable():
    with pytest.raises(AttributeError):
        CAL.years = frozenset()
    assert hash(CAL) == hash(load_official_calendar())
    assert NOTICE_CAL != CAL


# ---------------------------------------------------------------- resource lookup


def test_resources_dir_default_is_the_repository_resources(monkeypatch):
    monkeypatch.delenv("HESHI_RESOURCES", raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    assert resources_dir() == REPO_ROOT / "resources"
    assert bundled_calendar_path().is_file()


def test_resources_dir_env_override_wins(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "bundle"), raising=False)
    monkeypatch.setenv("HESHI_RESOURCES", str(tmp_path))
    assert resources_dir() == tmp_path


def test_resources_dir_inside_pyinstaller_bundle(monkeypatch, tmp_path):
    monkeypatch.delenv("HESHI_RESOURCES", raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources_dir() == tmp_path / "resources"


def test_load_bundled_calendar_follows_the_override(monkeypatch, tmp_path):
    (tmp_path / "holidays").mkdir()
    doc = {"source": "test", "years": {"2029": {"holidays": [], "workdays": [["2029-01-06", "元旦"]]}}}
    (tmp_path / "holidays" / "cn_calendar.json").write_text(json.dumps(doc), encoding="utf-8")
    monkeypatch.setenv("HESHI_RESOURCES", str(tmp_path))
    cal = load_bundled_calendar()
    assert cal.years == {2029}
    assert cal.is_working_day(date(2029, 1, 6))
    assert load_official_calendar().years == {2029}
    monkeypatch.delenv("HESHI_RESOURCES")
    assert load_official_calendar() == CAL

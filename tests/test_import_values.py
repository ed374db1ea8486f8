"""Reading old ledgers' cells and headers: dates as clerks write them (上午/下午, times, no year, serials),
unit cells, two-row headers; hostile values never raise (hypothesis)."""

from __future__ import annotations

import csv
import io
from datetime import datetime, time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heshi_station.reports.excel_import import ImportFileError, preview_import
from heshi_station.reports.import_header import find_header, title_year
from heshi_station.reports.import_values import read_date, read_time, split_names, split_units


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("2019年11月5日上午", datetime(2019, 11, 5, 9, 0)),
        ("2019年11月5日下午", datetime(2019, 11, 5, 15, 0)),
        ("2019-11-05 下午3点", datetime(2019, 11, 5, 15, 0)),
        ("2019.11.5下午3:30", datetime(2019, 11, 5, 15, 30)),
        ("2019/11/5 上午10点半", datetime(2019, 11, 5, 10, 30)),
        ("2019年11月5日 14时20分", datetime(2019, 11, 5, 14, 20)),
        ("2019-11-05 14:20:00", datetime(2019, 11, 5, 14, 20)),
        ("2019-11-05T08:05", datetime(2019, 11, 5, 8, 5)),
        ("２０１９年１１月５日", datetime(2019, 11, 5, 9, 0)),  # full-width digits
        ("2019年11月5日（星期二）下午", datetime(2019, 11, 5, 15, 0)),
        ("2019-11-05 晚上7点", datetime(2019, 11, 5, 19, 0)),
        ("2019-11-05 中午", datetime(2019, 11, 5, 12, 0)),
        ("2019-11-05 3:00 PM", datetime(2019, 11, 5, 15, 0)),
    ],
)
def test_dates_with_times_and_parts_of_the_day(text, want):
    reading = read_date(text)
    assert reading.value == want and not reading.year_supplied


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("11月5日", datetime(2019, 11, 5, 9)),
        ("11-05", datetime(2019, 11, 5, 9)),
        ("11.5 下午", datetime(2019, 11, 5, 15)),
    ],
)
def test_dates_without_a_year_take_the_given_year(text, want):
    assert read_date(text, year=2019).value == want
    assert read_date(text, year=2019).year_supplied
    missing = read_date(text, year_missing_reason="标题中没有年份")
    assert missing.value is None and missing.problem == "没有写年份，标题中没有年份：请在日期中写上年份"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("2019-02-30", "不是有效的日期"),
        ("2019-11-05 下午25点", "无法识别"),
        ("去年冬天", "无法识别"),
        (11.5, "是一个数字，不是日期"),
        (float("nan"), "不是日期"),
        (True, "不是日期"),
    ],
)
def test_unreadable_dates_say_why(value, problem):
    reading = read_date(value, year=2019)
    assert reading.value is None and reading.problem.startswith(problem)


def test_excel_values():
    assert read_date(43774).value == datetime(2019, 11, 5, 9)
    assert read_date(43774.625).value == datetime(2019, 11, 5, 15)
    assert read_date(datetime(2019, 11, 5)).value == datetime(2019, 11, 5, 9)
    assert read_time("下午") == time(15, 0) and read_time("14:30") == time(14, 30) and read_time("随便") is None


def test_unit_cells():
    assert split_units("区交通运输局") == (["区交通运输局"], [])
    assert split_units("区交通运输局、区水利局") == (["区交通运输局"], ["区水利局"])
    assert split_units("主办：区水利局；协办：金山街道办事处、区住建局") == (
        ["区水利局"],
        ["金山街道办事处", "区住建局"],
    )
    assert split_units("协办单位：区住建局 主办单位：区水利局") == (["区水利局"], ["区住建局"])
    assert split_units("  ") == ([], [])
    assert split_names("张三、李四 王五,赵六代表") == ["张三", "李四", "王五", "赵六代表"]


def test_two_row_header_with_short_sub_names_under_a_group():
    rows = [
        ["序号", "日期", "反映问题", "办理情况", "办理情况", "办理情况"],
        ["序号", "日期", "反映问题", "单位", "结果", "时间"],
        [1, "2019-11-05", "路灯坏了", "区城管局", "已修", "2019-11-08"],
    ]
    header = find_header(rows)
    assert header.two_rows and header.data_start == 2
    assert header.columns == {"seq": 0, "date": 1, "matter": 2, "unit": 3, "outcome": 4, "reply_date": 5}


def test_one_row_header_followed_by_data_is_not_taken_for_two_rows():
    rows = [["日期", "姓名", "反映问题", "工作单位"], ["2019-11-05", "孙一", "问题", "县医院"]]
    header = find_header(rows)
    assert not header.two_rows and header.data_start == 1
    assert "unit" not in header.columns  # a visitor's employer is not a handling unit


def test_title_year():
    assert title_year([["东风村2019年来访登记"]], "Sheet1") == (2019, "标题“东风村2019年来访登记”")
    assert title_year([], "2020年台账")[0] == 2020
    year, why = title_year([["2019年至2020年来访登记"]], "Sheet1")
    assert year is None and "多个年份（2019、2020）" in why


hostile_text = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Z", "Cc", "Cs")), max_size=60
)
hostile_value = st.one_of(
    hostile_text,
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.none(),
    st.booleans(),
    st.datetimes(),
    st.times(),
)


@settings(max_examples=400, deadline=None)
@given(hostile_value, st.one_of(st.none(), st.integers(min_value=1, max_value=9999)))
def test_reading_any_cell_never_raises(value, year):
    reading = read_date(value, year=year)
    assert (reading.value is None) == bool(reading.problem)
    if reading.value is not None:
        assert 1 <= reading.value.year <= 9999


@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_splitting_any_text_never_raises(text):
    lead, assist = split_units(text)
    assert len(lead) <= 1 and all(n.strip() for n in lead + assist)
    assert all(n.strip() for n in split_names(text))
    t = read_time(text)
    assert t is None or isinstance(t, time)


hostile_cell = st.one_of(
    hostile_text,
    st.sampled_from(["NaN", "1e309", "-0", "同上", "〃", "2019年13月40日", "下午99点", "0000-00-00", "９９９９９"]),
    st.text(max_size=6000).filter(lambda t: "\x00" not in t).map(lambda t: t * 2),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(hostile_cell, min_size=5, max_size=5), max_size=6), st.sampled_from(["utf-8", "gb18030"]))
def test_previewing_a_hostile_csv_reports_or_refuses_and_never_crashes(ledger, tmp_path, rows, encoding):
    buf = io.StringIO()
    csv.writer(buf).writerows([["接待日期", "来访人", "联系电话", "反映问题", "承办单位"], *rows])
    path = tmp_path / "hostile.csv"
    try:
        path.write_bytes(buf.getvalue().encode(encoding, errors="surrogatepass"))
    except UnicodeEncodeError:
        return  # GB18030 cannot hold lone surrogates: no such file can exist
    try:
        preview = preview_import(ledger, path, kind="opinions")
    except ImportFileError as exc:
        assert str(exc)  # a sentence for the clerk, e.g. an encoding that cannot be read
        return
    seen = {r.row_number for r in preview.rows} | {p.row_number for p in preview.problems}
    assert len(seen) == len(preview.rows) + len(preview.problems)  # each row is good or bad, never both
    assert all(p.reason for p in preview.problems)
    # A first row read as the sub-header of a two-row header (e.g. only 意见建议 under 承办单位) is header, not data
    header_taken = preview.header_rows - 1
    assert len(preview.rows) + len(preview.problems) + preview.blank_rows == len(rows) - header_taken

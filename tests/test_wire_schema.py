"""The shared wire schema (``heshi_protocol.schemas``): good records pass, each defect of issue 11 is named
in Chinese, hostile values of any kind never make a check raise, and the fold is total."""

from __future__ import annotations

import math
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from heshi_protocol.opinion_state import EventRecord, fold
from heshi_protocol.schemas import change_problems, event_problems, record_problems
from heshi_protocol.workdays import load_bundled_calendar

EVENT = {
    "id": "ev-1",
    "opinion_id": "op-1",
    "kind": "satisfaction",
    "occurred_at": "2026-03-20T09:30:00+08:00",
    "actor": "市中心",
    "source": "centre",
    "note": "",
    "data": {"rating": "satisfied"},
}
DEPUTY = {
    "id": "d-1",
    "name": "张三",
    "gender": "male",
    "level": "city",
    "constituency": "",
    "phone": "",
    "active": True,
}
OPINION = {
    "id": "op-1", "reception_id": None, "content": "路灯不亮", "category_id": None, "proposer_name": "",
    "proposer_phone": "", "village": "", "route": "transfer", "confidential": False, "registered_on": "2026-03-19",
    "corrected_at": None, "revision": 0, "deputy_ids": ["d-1"],
}  # fmt: skip
YEAR = {"id": "2026", "year": 2026, "source": "国务院办公厅", "days": [["2026-01-01", False, "元旦"]]}


def test_good_values_have_no_problems():
    assert event_problems(EVENT) == []
    assert record_problems("deputy", DEPUTY) == []
    assert record_problems("opinion", OPINION) == []
    assert record_problems("opinion_event", EVENT) == []
    assert change_problems("calendar_year", YEAR) == []
    assert change_problems("deputy", DEPUTY) == []


def test_the_defects_of_issue_11_are_named_in_chinese():
    rating = event_problems({**EVENT, "data": {"rating": "满意"}})
    assert rating and "满意度" in rating[0] and "data.rating" in rating[0]
    slashed = event_problems({**EVENT, "occurred_at": "2026/03/20"})
    assert slashed and "办理时间" in slashed[0]
    due = event_problems({**EVENT, "kind": "transferred", "data": {"due_date": "2026/03/20"}})
    assert due and "办理期限" in due[0] and "YYYY-MM-DD" in due[0]
    assert "NaN" in event_problems({**EVENT, "data": {"rating": "satisfied", "x": math.nan}})[0]
    assert "无法编码" in event_problems({**EVENT, "note": "\ud800"})[0]
    assert "代表层级" in record_problems("deputy", {**DEPUTY, "level": "galactic"})[0]
    assert "不是协议中的字段" in record_problems("deputy", {**DEPUTY, "blob": "x" * 10})[0]
    assert "控制字符" in record_problems("opinion", {**OPINION, "content": "a\x00b"})[0]
    assert "不能为空" in record_problems("opinion", {**OPINION, "content": "   "})[0]
    assert "过长" in record_problems("opinion", {**OPINION, "content": "长" * 50_000})[0]
    assert "2100" in record_problems("opinion", {**OPINION, "registered_on": "9999-01-01"})[0]


def test_bad_holiday_tables_are_refused():
    assert "至少" in change_problems("calendar_year", {**YEAR, "days": []})[0]
    twice = change_problems(
        "calendar_year", {**YEAR, "days": [["2026-10-08", False, "国庆"], ["2026-10-08", True, ""]]}
    )
    assert twice and "不止一次" in twice[0]
    assert "其他年份" in change_problems("calendar_year", {**YEAR, "days": [["2025-10-08", False, "国庆"]]})[0]


json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()), max_size=30),
    st.sampled_from(["2026/03/20", "2026-02-30", "满意", "\ud800", "", " ", "NaN", "9999-12-31T00:00:00+08:00"]),
)
hostile = st.recursive(
    json_leaf,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=5)),
    max_leaves=25,
)
entities = st.sampled_from(
    ["station", "deputy", "handling_unit", "category", "reception", "opinion", "opinion_event", "reception_day",
     "attendance", "nope", "", None, 3]
)  # fmt: skip
field_names = st.sampled_from(sorted({*DEPUTY, *OPINION, *EVENT, "data", "rating", "due_date", "days"}))


@settings(max_examples=300, deadline=None)
@given(entity=entities, payload=hostile)
def test_record_problems_never_raise(entity, payload):
    found = record_problems(entity, payload)
    assert isinstance(found, list) and all(isinstance(p, str) and p for p in found)


@settings(max_examples=300, deadline=None)
@given(base=st.sampled_from([EVENT, {**EVENT, "kind": "transferred", "data": {}}]), field=field_names, value=hostile)
def test_event_problems_never_raise_and_name_a_bad_field(base, field, value):
    event = {**base, field: value}
    found = event_problems(event)
    assert isinstance(found, list) and all(isinstance(p, str) for p in found)
    assert change_problems("opinion_event", event) == found


@settings(max_examples=200, deadline=None)
@given(kind=st.sampled_from(["deputy", "handling_unit", "category", "calendar_year", "x"]), payload=hostile)
def test_change_problems_never_raise(kind, payload):
    assert isinstance(change_problems(kind, payload), list)


CALENDAR = load_bundled_calendar()
WHEN = datetime(2026, 3, 20, 1, 30, tzinfo=UTC)


@settings(max_examples=200, deadline=None)
@given(
    kind=st.sampled_from(["registered", "transferred", "satisfaction", "extended", "fed_back", "zzz", 7, None]),
    data=hostile,
    when=st.sampled_from([WHEN, datetime(2026, 3, 20, 9, 30), None, "2026-03-20"]),
)
def test_fold_is_total(kind, data, when):
    good = EventRecord("a", "registered", WHEN, {"route": "transfer"})
    bad = EventRecord("b", kind, when, data)  # type: ignore[arg-type]
    status = fold([good, bad], CALENDAR)  # never raises
    assert status.last_event_at is not None
    if event_problems(bad):
        assert [i for i, _ in status.unreadable] in ([], ["b"])


def test_fold_lists_an_unreadable_event_with_its_reason():
    events = [
        EventRecord("a", "registered", WHEN, {"route": "transfer"}),
        EventRecord("b", "satisfaction", WHEN, {"rating": "满意"}),
        EventRecord("c", "extended", WHEN, {"new_due_date": "2026/03/20"}),
    ]
    status = fold(events, CALENDAR)
    reasons = dict(status.unreadable)
    assert set(reasons) == {"b", "c"} and "满意度" in reasons["b"] and "延期后期限" in reasons["c"]
    assert status.satisfaction is None

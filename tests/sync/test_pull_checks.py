"""``pulled_problem``: never raises on any input, passes what the centre really sends, names the field of
what it refuses."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from heshi_station.sync.pull_checks import pulled_problem
from tests.sync.helpers import statutory_year_days

KINDS = ["deputy", "handling_unit", "category", "calendar_year", "opinion_event"]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=6),
    max_leaves=20,
)
KEYS = [
    "id",
    "name",
    "level",
    "kind",
    "time_limit_days",
    "year",
    "days",
    "opinion_id",
    "occurred_at",
    "data",
    "rating",
    "new_due_date",
    "due_date",
    "parent_id",
    "gender",
    "assist_unit_ids",
    "active",
]


@settings(max_examples=400, deadline=None)
@given(kind=st.sampled_from([*KINDS, "", "x"]) | st.text(max_size=5) | st.none(), payload=json_values)
def test_never_raises_on_anything(kind, payload):
    result = pulled_problem(kind, payload)
    assert result is None or (isinstance(result, str) and result)


@settings(max_examples=400, deadline=None)
@given(kind=st.sampled_from(KINDS), payload=st.dictionaries(st.sampled_from(KEYS), json_values, max_size=10))
def test_never_raises_on_payloads_with_the_right_keys(kind, payload):
    result = pulled_problem(kind, payload)
    assert result is None or isinstance(result, str)


GOOD = {
    "deputy": {
        "id": "d1",
        "name": "赵六",
        "gender": "male",
        "level": "city",
        "constituency": "",
        "phone": "",
        "active": True,
    },
    "handling_unit": {"id": "u1", "name": "区交通运输局", "kind": "department", "parent_id": None, "active": True},
    "category": {"id": "c1", "name": "道路交通", "time_limit_days": 15, "active": True},
    "calendar_year": {"id": "2026", "year": 2026, "source": "国务院办公厅", "days": statutory_year_days(2026)},
    "opinion_event": {
        "id": "e1",
        "opinion_id": "o1",
        "kind": "satisfaction",
        "occurred_at": "2026-11-20T10:00:00+08:00",
        "actor": "市中心",
        "source": "centre",
        "note": "",
        "data": {"rating": "satisfied"},
    },
}


@pytest.mark.parametrize("kind", KINDS)
def test_what_the_centre_sends_passes(kind):
    assert pulled_problem(kind, GOOD[kind]) is None


def _with(entity, **changes):
    return {**GOOD[entity], **changes}


@pytest.mark.parametrize(
    ("kind", "payload", "words"),
    [
        ("opinion_event", _with("opinion_event", data={"rating": "满意"}), ["满意度", "满意"]),
        ("opinion_event", _with("opinion_event", kind="extended", data={"new_due_date": "2026/03/20"}), ["2026/03/20"]),
        ("opinion_event", _with("opinion_event", occurred_at="2026-11-20 10:00"), ["时区"]),
        ("opinion_event", _with("opinion_event", kind="registered"), ["登记"]),
        ("opinion_event", _with("opinion_event", note="\ud800"), ["残缺字符"]),
        ("opinion_event", _with("opinion_event", data={"rating": float("nan")}), ["无效数值"]),
        ("deputy", _with("deputy", level="区"), ["代表层级", "区"]),
        ("deputy", _with("deputy", name=" "), ["代表姓名"]),
        ("category", _with("category", time_limit_days=0), ["办理时限"]),
        ("category", _with("category", time_limit_days=True), ["办理时限"]),
        ("handling_unit", _with("handling_unit", kind="部门"), ["单位类型"]),
        ("calendar_year", _with("calendar_year", days=[]), ["空"]),
        (
            "calendar_year",
            _with("calendar_year", days=[["2026-05-01", False, "a"], ["2026-05-01", True, "b"]]),
            ["2026-05-01"],
        ),
        ("calendar_year", _with("calendar_year", days=[["2027-01-01", False, "元旦"]]), ["不在 2026 年内"]),
        ("calendar_year", _with("calendar_year", year=99999), ["年份"]),
        ("nonsense", {}, ["未知的变更类型"]),
    ],
)
def test_each_refusal_names_the_problem(kind, payload, words):
    problem = pulled_problem(kind, payload)
    assert problem is not None
    for w in words:
        assert w in problem, problem


class _RollBack(Exception):
    pass


@settings(max_examples=60, deadline=None)
@given(
    changes=st.lists(
        st.tuples(
            st.sampled_from(KINDS),
            st.one_of(
                st.sampled_from(KINDS).map(lambda k: dict(GOOD[k])),
                st.dictionaries(st.sampled_from(KEYS), json_values, max_size=8),
            ),
        ),
        max_size=8,
    )
)
def test_a_hostile_page_never_raises_and_every_change_is_accounted_for(hostile_ledger, changes):
    """Whatever a page holds, applying it never raises: each change is applied, skipped or set aside."""
    from heshi_station.sync.apply_pull import apply_changes

    page = [{"seq": i + 1, "kind": kind, "payload": payload} for i, (kind, payload) in enumerate(changes)]
    try:
        with hostile_ledger.write() as s:
            counts = apply_changes(s, hostile_ledger, page, "epoch")
            assert counts.total + counts.skipped + counts.set_aside == len(page)
            raise _RollBack
    except _RollBack:
        pass
    finally:
        hostile_ledger.reference_changed()
        hostile_ledger.calendar_changed()


@pytest.fixture(scope="module")
def hostile_ledger(tmp_path_factory):
    from heshi_station.ledger.context import Ledger
    from tests.factories import set_up_basics

    led = Ledger.open(tmp_path_factory.mktemp("hostile") / "ledger.sqlite3")
    set_up_basics(led, "T-HOSTILE-PAGE")
    yield led
    led.close()

"""The opinion list's light rows (issue 10, responsive under load): the same opinions, order, state, deadline
and overdue level as the full records, read in one query of the opinion table alone, paged after the last row."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import event
from sqlalchemy import text as sa_text

from heshi_station.ledger import opinions, queries, receptions
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import OpinionListRow
from heshi_station.ledger.opinion_list import list_opinion_rows
from heshi_station.ledger.search import matching_rowids, split_terms
from tests.conftest import FIXED_NOW
from tests.factories import reception_input, set_up_basics


def at(d: date, hour: int = 10) -> datetime:
    return datetime.combine(d, time(hour)).astimezone()


def _register(led: Ledger, b, day: date, *, route: str = "transfer", days: int | None = 10, text: str = "") -> str:
    inp = reception_input(b, at(day), route=route, matter=text or "村口道路坑洼不平，雨天积水")
    if days is not None and route == "transfer":
        inp.opinions[0].time_limit_days = days
    return receptions.register_reception(led, inp).opinion_ids[0]


@pytest.fixture
def mixed(db_path):
    """Opinions in every list-visible situation: deadlines near and far, paused, closed, answered on the spot."""
    led = Ledger.open(db_path, clock=lambda: FIXED_NOW)
    b = set_up_basics(led)
    deadlines = [(date(2026, 10, 15), 10), (date(2026, 10, 20), 5), (date(2026, 11, 2), 15), (date(2026, 11, 9), 3)]
    for day, days in deadlines:
        _register(led, b, day, days=days)
    paused = _register(led, b, date(2026, 10, 16))
    opinions.pause(led, paused, "等待群众补充材料", when=at(date(2026, 10, 19)))
    done = _register(led, b, date(2026, 10, 14), text="路灯不亮")
    opinions.record_reply(led, done, "已修复", when=at(date(2026, 10, 16)))
    opinions.feed_back(led, done, "电话", when=at(date(2026, 10, 16)))
    opinions.close(led, done, when=at(date(2026, 10, 16)))
    _register(led, b, date(2026, 10, 15), route="on_spot", text="路灯已当场答复")
    led.close()
    return db_path


@pytest.mark.parametrize("today", [date(2026, 10, 27), date(2026, 10, 29), date(2026, 11, 5), date(2026, 11, 20)])
@pytest.mark.parametrize(
    "f",
    [
        queries.OpinionFilter(),
        queries.OpinionFilter(text="路灯"),
        queries.OpinionFilter(overdue="overdue"),
        queries.OpinionFilter(overdue="long_overdue"),
        queries.OpinionFilter(overdue="due_soon"),
        queries.OpinionFilter(states=["transferred"], text="道路"),
    ],
    ids=["all", "text", "overdue", "long_overdue", "due_soon", "state_and_text"],
)
def test_list_rows_agree_with_the_full_records(mixed, today: date, f: queries.OpinionFilter) -> None:
    moment = at(today, 11)
    led = Ledger.open(mixed, clock=lambda: moment)
    try:
        rows = list_opinion_rows(led, f)
        full = queries.list_opinions(led, f)
        assert [r.id for r in rows] == [o.id for o in full]
        assert rows == [OpinionListRow.of_record(opinions.get_opinion(led, o.id)) for o in full]
        assert len(rows) == queries.count_opinions(led, f)
        for matches in (0, 10**6):  # the plan the count chooses (filter's own index or newest-first walk)
            assert list_opinion_rows(led, f, matches=matches) == rows
        if f.overdue:  # each row listed under a level shows that level
            assert {r.overdue_level for r in rows} <= {f.overdue}
    finally:
        led.close()


def test_rows_page_after_the_last_row_in_the_list_order(mixed) -> None:
    led = Ledger.open(mixed, clock=lambda: FIXED_NOW)
    try:
        seen: list[str] = []
        page = list_opinion_rows(led, limit=2)
        while page:
            seen += [r.id for r in page]
            page = list_opinion_rows(led, after=page[-1], limit=2)
        assert seen == [o.id for o in queries.list_opinions(led)]
    finally:
        led.close()


def test_a_page_is_one_query_of_the_opinion_table(mixed) -> None:
    led = Ledger.open(mixed, clock=lambda: FIXED_NOW)
    statements: list[str] = []

    def remember(_conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    try:
        list_opinion_rows(led, queries.OpinionFilter(text="道路"))  # calendar and names are cached once
        event.listen(led.engine, "before_cursor_execute", remember)
        rows = list_opinion_rows(led, queries.OpinionFilter(text="道路"))
        event.remove(led.engine, "before_cursor_execute", remember)
        assert rows and len(statements) == 1
        assert "opinion_event" not in statements[0] and "opinion_deputy" not in statements[0]
    finally:
        led.close()


def _reference_ids(led: Ledger, text: str) -> list[str]:
    """The matching opinions as the search box's result list finds them (every term as a rowid set)."""
    terms = split_terms(text)
    params: dict = {}
    sql = matching_rowids("opinion", terms, params)
    with led.read() as s:
        rows = s.execute(
            sa_text(f"SELECT id FROM opinion WHERE rowid IN ({sql}) ORDER BY registered_on DESC, id DESC"), params
        )
        return [r.id for r in rows]


@pytest.fixture(scope="module")
def searchable(tmp_path_factory):
    path = tmp_path_factory.mktemp("list") / "ledger.sqlite3"
    led = Ledger.open(path, clock=lambda: FIXED_NOW)
    b = set_up_basics(led)
    texts = ["村口道路坑洼不平", "路灯不亮 100%", "小区停车难_请求解决", "道路积水\\严重", 'a1 "引号" 村']
    for i, content in enumerate(texts * 2):
        inp = reception_input(b, at(date(2026, 10, 1 + i)), route="on_spot" if i % 2 else "transfer", matter=content)
        inp.visitors[0].name = ["曾超华", "单雄信", "林小花"][i % 3]
        receptions.register_reception(led, inp)
    yield led
    led.close()


QUERY_CHARS = '村道路灯口坑洼积水区停车难请求解决1a0%_\\" zchdl'


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=QUERY_CHARS, max_size=6))
@example(text="%")
@example(text="_")
@example(text="\\")
@example(text='"')
@example(text="村")
@example(text="a1 村")
@example(text="zch 道路")
@example(text="路灯不亮")
def test_count_and_both_page_plans_find_what_the_search_finds(searchable, text: str) -> None:
    led = searchable
    expected = _reference_ids(led, text) if split_terms(text) else [o.id for o in queries.list_opinions(led)]
    f = queries.OpinionFilter(text=text)
    assert queries.count_opinions(led, f) == len(expected)
    for matches in (None, 0, 10**6):  # the plan the count chooses must never change the rows
        assert [r.id for r in list_opinion_rows(led, f, limit=1000, matches=matches)] == expected
    assert [o.id for o in queries.list_opinions(led, f, limit=1000)] == expected
    # with a row filter too: counted through the opinion table, same rows
    open_only = queries.OpinionFilter(text=text, states=["transferred"])
    listed = [r.id for r in list_opinion_rows(led, open_only, limit=1000)]
    assert queries.count_opinions(led, open_only) == len(listed) and set(listed) <= set(expected)


@pytest.mark.parametrize("level", ["due_soon", "overdue", "long_overdue"])
def test_an_overdue_count_reads_the_index_alone(mixed, level: str) -> None:
    """Migration 0017: state, deadline and paused in one index, so counting an overdue level visits no rows."""
    led = Ledger.open(mixed, clock=lambda: FIXED_NOW)
    statements: list[tuple[str, tuple]] = []

    def remember(_conn, _cursor, statement, parameters, *_args) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    try:
        queries.count_opinions(led, queries.OpinionFilter(overdue=level))  # calendar cached once
        event.listen(led.engine, "before_cursor_execute", remember)
        queries.count_opinions(led, queries.OpinionFilter(overdue=level))
        event.remove(led.engine, "before_cursor_execute", remember)
        ((sql, params),) = statements
        with led.read() as s:
            plan = " ".join(r[-1] for r in s.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params))
        assert "COVERING INDEX ix_opinion_state_due_paused" in plan, plan
    finally:
        led.close()

"""The opinion list's light rows (issue 10, responsive under load): the same opinions, order, state, deadline
and overdue level as the full records, read in one query of the opinion table alone, paged after the last row."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import event

from heshi_station.ledger import opinions, queries, receptions
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import OpinionListRow
from heshi_station.ledger.opinion_list import list_opinion_rows
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
    ],
    ids=["all", "text", "overdue", "long_overdue", "due_soon"],
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

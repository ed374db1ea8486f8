"""The faster monthly on-time figure (issue 9 §3 speed): the fold's mutable working state still leaves an
unreadable event without any effect, and the partial indexes of migration 0016 hold exactly the expressions
the on-time query names (autogenerate cannot compare expression indexes on SQLite, so this test does)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from heshi_protocol.opinion_state import EventRecord, fold, fold_steps
from heshi_station.db.models.ledger import (
    EVENT_DUE_KINDS_SQL,
    EVENT_DUE_SQL,
    EVENT_FED_BACK_KIND_SQL,
    EVENT_FED_BACK_ON_SQL,
)
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.on_time import on_time_count
from tests.test_figures_rules import CAL, events

# Event data the fold cannot read, each failing at a different point of a step.
_BAD_DATA = [
    ["not", "a", "mapping"],
    {"due_date": 20260701},
    {"due_date": "2026-13-01", "route": "station"},
    {"new_due_date": "明天"},
    {"rating": "很好"},
    {"assist_unit_ids": 7, "lead_unit_id": "u-unread", "due_date": "2026-07-01"},
    {"fed_back_on": "2026-02-30"},
]


@st.composite
def histories_with_unreadable_events(draw) -> list[EventRecord]:
    out = []
    for ev in draw(events()):
        if draw(st.booleans()):
            ev = replace(ev, data=draw(st.sampled_from(_BAD_DATA)))
        out.append(ev)
    return out


@settings(max_examples=400, deadline=None)
@given(histories_with_unreadable_events())
def test_an_unreadable_event_changes_nothing(evs: list[EventRecord]) -> None:
    status = fold(evs, CAL)
    skipped = {eid for eid, _reason in status.unreadable}
    assert fold([e for e in evs if e.id not in skipped], CAL) == replace(status, unreadable=())
    # The walk's final working state is the fold's status before its deadline is worked out.
    *_, (last, working) = fold_steps(evs, CAL)
    assert last is None
    assert working.frozen(due_date=status.due_date, due_provisional=status.due_provisional) == replace(
        status, unreadable=(), deadline_problem=working.deadline_problem
    )


def test_the_on_time_indexes_hold_the_expressions_the_query_uses(ledger: Ledger, db_path: Path) -> None:
    with sqlite3.connect(db_path) as raw:
        found = dict(raw.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'").fetchall())
    due, fed_back = found["ix_opinion_event_due"], found["ix_opinion_event_fed_back_on"]
    assert f"({EVENT_DUE_SQL}, occurred_at, opinion_id) WHERE {EVENT_DUE_KINDS_SQL}" in due
    assert f"({EVENT_FED_BACK_ON_SQL}, occurred_at, opinion_id) WHERE {EVENT_FED_BACK_KIND_SQL}" in fed_back
    # The query names both indexes (INDEXED BY): SQLite refuses it outright if they cannot serve it.
    calendar = ledger.calendar()
    with ledger.read() as s:
        assert on_time_count(s, calendar, date(2026, 7, 1), date(2026, 7, 31)).rated == 0

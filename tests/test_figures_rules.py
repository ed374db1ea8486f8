"""The pure figure rules of ``heshi_protocol.figures`` over drawn event sequences, hostile ones included
(events out of order, deadlines before the transfer, dates in year 1 or 9999, far-apart UTC offsets, kinds
from a newer centre): they never raise, a period's verdicts never change when later events arrive, and
every handling round's verdict lands in exactly one period of any split of the calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from heshi_protocol.figures import (
    FIGURES,
    answered_on,
    format_rate,
    is_satisfied,
    judgements,
    rate,
    rated_in_period,
)
from heshi_protocol.opinion_state import EventRecord, fold, fold_as_of
from heshi_protocol.vocab import EventKind, Satisfaction
from heshi_protocol.workdays import load_bundled_calendar

CAL = load_bundled_calendar()
K = EventKind

realistic_days = st.dates(min_value=date(2026, 5, 1), max_value=date(2026, 10, 31))
hostile_days = st.one_of(
    st.just(date.min + timedelta(days=1)),
    st.just(date.max - timedelta(days=1)),
    st.dates(min_value=date(1, 1, 2), max_value=date(9999, 12, 30)),
)
days = st.one_of(realistic_days, realistic_days, realistic_days, hostile_days)
offsets = st.sampled_from([UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=-12))])


@st.composite
def events(draw) -> list[EventRecord]:
    out = []
    for i in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from([*(k.value for k in EventKind), "from_a_newer_centre"]))
        data: dict = {}
        if kind == K.REGISTERED:
            data = {
                "route": draw(st.sampled_from(["station", "transfer", "on_spot"])),
                "due_date": draw(days).isoformat(),
            }
        elif kind == K.TRANSFERRED:
            data = {"lead_unit_id": "u1", "due_date": draw(days).isoformat()}
        elif kind == K.EXTENDED:
            data = {"new_due_date": draw(days).isoformat()}
        elif kind == K.DEADLINE_RECOMPUTED:
            data = {"due_date": draw(days).isoformat()}
        elif kind == K.SATISFACTION:
            data = {"rating": draw(st.sampled_from([s.value for s in Satisfaction]))}
        elif kind == K.FED_BACK and draw(st.booleans()):
            data = {"fed_back_on": draw(days).isoformat()}
        at = datetime.combine(draw(days), time(draw(st.integers(0, 23))), tzinfo=draw(offsets))
        out.append(EventRecord(f"e{i:02d}", kind, at, data))
    return out


@st.composite
def realistic_history(draw) -> list[EventRecord]:
    """A plausible history: transfer, maybe an extension or a pause, maybe a reply, in time order."""
    start = draw(st.dates(min_value=date(2026, 5, 1), max_value=date(2026, 8, 31)))
    due = start + timedelta(days=draw(st.integers(0, 40)))
    evs = [EventRecord("a", K.TRANSFERRED.value, _at(start), {"lead_unit_id": "u", "due_date": due.isoformat()})]
    day = start
    for i, step in enumerate(draw(st.lists(st.sampled_from(["extend", "pause", "reply", "note"]), max_size=4))):
        day = day + timedelta(days=draw(st.integers(0, 20)))
        if step == "extend":
            due = due + timedelta(days=draw(st.integers(1, 20)))
            evs.append(EventRecord(f"b{i}", K.EXTENDED.value, _at(day), {"new_due_date": due.isoformat()}))
        elif step == "pause":
            evs.append(EventRecord(f"b{i}", K.PAUSED.value, _at(day), {}))
            day = day + timedelta(days=draw(st.integers(0, 20)))
            evs.append(EventRecord(f"c{i}", K.RESUMED.value, _at(day), {}))
        elif step == "reply":
            evs.append(EventRecord(f"b{i}", K.REPLIED.value, _at(day), {"reply": "已办理"}))
            break
        else:
            evs.append(EventRecord(f"b{i}", K.NOTE.value, _at(day), {}))
    return evs


def _at(d: date) -> datetime:
    return datetime.combine(d, time(10), tzinfo=timezone(timedelta(hours=8)))


@settings(max_examples=300, deadline=None)
@given(events(), days, days)
def test_rules_never_raise_and_give_one_verdict_per_round_at_most(evs, as_of, start) -> None:
    found = judgements(evs, CAL, as_of)
    rounds = 1 + sum(e.kind in (K.TRANSFERRED, K.REOPENED) and e.occurred_at.date() <= as_of for e in evs)
    assert len(found) <= rounds
    assert all(isinstance(j.on_time, bool) for j in found)
    assert rated_in_period(evs, CAL, start, as_of) == [j.on_time for j in found if start <= j.day <= as_of]
    assert fold_as_of(evs, CAL, date.max) == fold(evs, CAL)


@settings(max_examples=300, deadline=None)
@given(events(), days, days)
def test_later_events_never_change_a_settled_period(evs, a, b) -> None:
    early, late = min(a, b), max(a, b)
    settled = [j for j in judgements(evs, CAL, early) if j.day <= early]
    assert [j for j in judgements(evs, CAL, late) if j.day <= early] == settled
    # and the events dated after ``early`` may be anything at all: they are not read
    kept = [e for e in evs if e.occurred_at.date() <= early]
    assert judgements(kept, CAL, early) == judgements(evs, CAL, early)


@settings(max_examples=200, deadline=None)
@given(events(), st.lists(days, min_size=1, max_size=6))
def test_each_verdict_lands_in_exactly_one_period_of_any_split(evs, cuts) -> None:
    cuts = sorted(set(cuts))
    first, end = cuts[0], cuts[-1]
    periods, lo = [], first
    for c in cuts[1:]:
        periods.append((lo, c - timedelta(days=1)))
        lo = c
    periods.append((lo, end))
    counted = sum(len(rated_in_period(evs, CAL, s, e)) for s, e in periods)
    assert counted == sum(first <= j.day <= end for j in judgements(evs, CAL, end))


@settings(max_examples=300, deadline=None)
@given(realistic_history(), st.dates(min_value=date(2026, 5, 1), max_value=date(2027, 1, 31)))
def test_realistic_rounds_are_judged_by_the_answer_date_against_the_deadline(evs, as_of) -> None:
    found = judgements(evs, CAL, as_of)
    now = fold_as_of(evs, CAL, as_of)
    answered = answered_on(now)
    if now.due_date is None:  # not transferred yet on ``as_of``
        assert found == []
        return
    if not found:  # not settled yet: unanswered, and paused or not past due (due today is not late)
        assert answered is None and (now.paused or now.due_date >= as_of)
        return
    (verdict,) = found
    assert evs[0].occurred_at.date() < verdict.day <= as_of or verdict.day == answered
    if verdict.on_time:  # answered by the deadline (extensions and pauses included), judged on that day
        assert answered is not None and verdict.day == answered <= now.due_date
    elif answered is not None and answered <= now.due_date:
        # answered "in time" only thanks to an extension or pause granted after the deadline had passed
        assert any(e.kind in (K.EXTENDED.value, K.RESUMED.value) and e.occurred_at.date() >= verdict.day for e in evs)


def test_rate_formatting_and_satisfaction() -> None:
    assert rate(0, 0) is None and format_rate(None) == "—"
    assert rate(27, 30) == 0.9 and format_rate(rate(27, 30)) == "90.0%"
    assert rate(23, 30) == 0.7667 and format_rate(0.7667) == "76.7%"
    assert is_satisfied("satisfied", with_basic=False) and is_satisfied(Satisfaction.SATISFIED, with_basic=True)
    assert is_satisfied("basically", with_basic=True) and not is_satisfied("basically", with_basic=False)
    assert not is_satisfied("dissatisfied", with_basic=True) and not is_satisfied(None, with_basic=True)
    assert len({f.key for f in FIGURES}) == len(FIGURES) and all(f.definition.endswith("。") for f in FIGURES)


def test_due_on_the_last_day_of_the_month_is_judged_in_the_next_month() -> None:
    transfer = EventRecord(
        "a", K.TRANSFERRED.value, _at(date(2026, 7, 1)), {"lead_unit_id": "u", "due_date": "2026-07-31"}
    )
    assert rated_in_period([transfer], CAL, date(2026, 7, 1), date(2026, 7, 31)) == []
    assert rated_in_period([transfer], CAL, date(2026, 8, 1), date(2026, 8, 1)) == [False]
    reply = EventRecord("b", K.REPLIED.value, _at(date(2026, 7, 31)), {"reply": "已办理"})
    assert rated_in_period([transfer, reply], CAL, date(2026, 7, 1), date(2026, 7, 31)) == [True]
    assert rated_in_period([transfer, reply], CAL, date(2026, 8, 1), date(2026, 8, 31)) == []

"""The opinion event log: the pure fold, step checks, deadlines on the Chinese working-day calendar,
pauses, overdue levels, and the explicit refusal to count in a year missing from the calendar."""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heshi_protocol.opinion_state import EventRecord, check_step, fold
from heshi_protocol.vocab import EventKind, OpinionState
from heshi_protocol.workdays import CalendarYearMissing, load_bundled_calendar
from heshi_station.ledger import opinions, queries, receptions
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.errors import InvalidStep, LedgerError, ValidationFailed
from tests.conftest import FIXED_NOW
from tests.factories import Basics, reception_input, register, set_up_basics, table_counts

CAL = load_bundled_calendar()
K = EventKind


def at(d: date, hour: int = 10) -> datetime:
    return datetime.combine(d, time(hour)).astimezone()


def clock(d: date):
    moment = at(d, 11)
    return lambda: moment


# ================================================================================ pure fold
KINDS = [k for k in EventKind]


@st.composite
def event_lists(draw):
    n = draw(st.integers(1, 14))
    base = datetime(2026, 3, 2, 9, tzinfo=UTC)
    events = []
    for i in range(n):
        kind = draw(st.sampled_from(KINDS))
        data: dict = {}
        if kind == K.TRANSFERRED:
            data = {
                "lead_unit_id": draw(st.sampled_from(["u1", "u2"])),
                "due_date": (base.date() + timedelta(days=draw(st.integers(1, 60)))).isoformat(),
            }
        elif kind == K.REGISTERED:
            data = {"route": draw(st.sampled_from(["transfer", "station", "on_spot"]))}
            if data["route"] == "station":
                data["due_date"] = "2026-04-01"
        elif kind == K.SATISFACTION:
            data = {"rating": draw(st.sampled_from(["satisfied", "basically", "dissatisfied"]))}
        elif kind == K.EXTENDED:
            data = {"new_due_date": "2026-05-06"}
        # Equal times happen (two events in the same minute); ids break the tie.
        when = base + timedelta(hours=draw(st.integers(0, 2000)) // 3 * 3)
        events.append(EventRecord(id=f"e{i:03d}", kind=kind.value, occurred_at=when, data=data))
    return events


@settings(max_examples=300, deadline=None)
@given(events=event_lists(), data=st.data())
def test_fold_is_deterministic_and_independent_of_arrival_order(events, data) -> None:
    first = fold(events, CAL)
    assert fold(list(events), CAL) == first
    shuffled = data.draw(st.permutations(events))
    assert fold(shuffled, CAL) == first
    # Merging a history with itself from another source (the centre) changes nothing either.
    assert fold(list(reversed(events)), CAL) == first


def test_fold_orders_by_time_not_by_arrival() -> None:
    t0 = at(date(2026, 3, 2))
    reg = EventRecord("a", "registered", t0, {"route": "transfer"})
    tr = EventRecord("b", "transferred", t0 + timedelta(hours=1), {"lead_unit_id": "u", "due_date": "2026-03-16"})
    rep = EventRecord("c", "replied", t0 + timedelta(days=3), {"reply": "已办"})
    assert fold([rep, tr, reg], CAL).state == OpinionState.REPLIED
    # The centre's later transfer arriving first still lands in its place in time.
    tr2 = EventRecord("d", "transferred", t0 + timedelta(days=5), {"lead_unit_id": "v", "due_date": "2026-03-20"})
    st_ = fold([tr2, rep, tr, reg], CAL)
    assert (st_.state, st_.lead_unit_id, st_.reply) == (OpinionState.TRANSFERRED, "v", "")


# ============================================================================ step checks
def _status(*kinds_and_data):
    t0 = at(date(2026, 3, 2))
    events = [
        EventRecord(f"e{i}", k.value, t0 + timedelta(hours=i), d)
        for i, (k, d) in enumerate([(K.REGISTERED, {"route": "transfer"}), *kinds_and_data])
    ]
    return fold(events, CAL)


TRANSFER = (K.TRANSFERRED, {"lead_unit_id": "u", "due_date": "2026-03-16"})
REPLY = (K.REPLIED, {"reply": "已办"})
FEEDBACK = (K.FED_BACK, {"method": "phone"})


def test_check_step_rejects_nonsense() -> None:
    nonsense = [
        ((TRANSFER,), K.SATISFACTION, "尚未反馈"),  # satisfaction before feedback
        ((TRANSFER, REPLY), K.SATISFACTION, "尚未反馈"),
        ((TRANSFER, REPLY), K.CLOSED, "尚未反馈"),  # close before feedback
        ((TRANSFER,), K.CLOSED, "尚未反馈"),
        ((TRANSFER, REPLY, FEEDBACK, (K.CLOSED, {})), K.TRANSFERRED, "重新办理"),  # transfer a closed one
        ((TRANSFER,), K.RESUMED, "未暂停"),  # resume when not paused
        ((TRANSFER, (K.PAUSED, {})), K.PAUSED, "已在暂停"),
        ((TRANSFER,), K.FED_BACK, "尚未收到办理答复"),
        ((), K.ACCEPTED, "不能"),
        ((TRANSFER, REPLY, FEEDBACK, (K.SATISFACTION, {"rating": "satisfied"})), K.SATISFACTION, "已记录满意度"),
        ((TRANSFER, (K.WITHDRAWN, {})), K.REOPENED, "已撤回"),  # the real reason (issue 9 §4)
        ((TRANSFER,), K.REGISTERED, "不能手工添加"),
        ((), K.EXTENDED, "不能"),
    ]
    for history, kind, words in nonsense:
        with pytest.raises(InvalidStep, match=words):
            check_step(_status(*history), kind)
    # ... and allows the sensible ones
    check_step(_status(TRANSFER), K.ACCEPTED)
    check_step(_status(TRANSFER, (K.PAUSED, {})), K.RESUMED)
    check_step(_status(TRANSFER, REPLY, FEEDBACK), K.SATISFACTION)
    check_step(_status(TRANSFER, REPLY, FEEDBACK), K.CLOSED)
    check_step(_status(TRANSFER, REPLY, FEEDBACK, (K.CLOSED, {}), (K.REOPENED, {})), K.TRANSFERRED)


# ======================================================== random handling sequences on a real ledger
# The rules of 意见办理 as the glossary states them, written down independently of opinion_state._ALLOWED.
OPEN = {"registered", "transferred", "handling", "returned", "replied", "fed_back", "reopened"}
NEXT_STATE = {
    "transfer": ({"registered", "returned", "reopened", "handling"}, "transferred"),  # handling: station only
    "answer_on_spot": ({"registered", "reopened"}, "fed_back"),
    "accept": ({"transferred"}, "handling"),
    "return": ({"transferred", "handling"}, "returned"),
    "reply": ({"transferred", "handling"}, "replied"),
    "extend": ({"transferred", "handling"}, None),
    "pause": ({"transferred", "handling"}, None),
    "resume": ({"transferred", "handling"}, None),
    "urge": ({"transferred", "handling"}, None),  # only with a unit
    "feed_back": ({"replied"}, "fed_back"),
    "satisfied": ({"fed_back"}, None),
    "dissatisfied": ({"fed_back"}, "reopened"),
    "reopen": ({"fed_back", "closed"}, "reopened"),
    "close": ({"fed_back"}, "closed"),
    "withdraw": (OPEN, "withdrawn"),
    "duplicate": (OPEN, "duplicate"),
    "note": (OPEN | {"closed", "withdrawn", "duplicate"}, None),
}


class Model:
    def __init__(self, route: str) -> None:
        self.state = {"transfer": "transferred", "station": "handling", "on_spot": "fed_back"}[route]
        self.paused = False
        self.rated = False
        self.unit = route == "transfer"

    def allows(self, action: str) -> bool:
        states, _ = NEXT_STATE[action]
        if self.state not in states:
            return False
        if action == "transfer" and self.state == "handling":
            return not self.unit  # 站内协调 can be transferred; a unit's item is returned first
        if action in ("urge", "return"):
            return self.unit
        if action == "pause":
            return not self.paused
        if action == "resume":
            return self.paused
        if action in ("satisfied", "dissatisfied"):
            return not self.rated
        return True

    def apply(self, action: str) -> None:
        _, new = NEXT_STATE[action]
        if new:
            self.state = new
        if action == "pause":
            self.paused = True
        if action in ("resume", "reply", "reopen", "dissatisfied", "close", "transfer", "withdraw"):
            self.paused = False
        if action == "satisfied":
            self.rated = True
        if new == "reopened":
            self.rated = False
        if action == "transfer":
            self.unit = True
        if new in ("returned", "reopened"):
            self.unit = False


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    path = tmp_path_factory.mktemp("seq") / "ledger.sqlite3"
    led = Ledger.open(path, clock=lambda: FIXED_NOW, actor="属性测试")
    b = set_up_basics(led)
    other = register(led, b, at(date(2026, 5, 6)))
    yield led, b, path, other.opinion_ids[0]
    led.close()


def _do(led: Ledger, b: Basics, oid: str, other: str, action: str, when: datetime):
    o = opinions
    calls = {
        "transfer": lambda: o.transfer(led, oid, b.units[2], time_limit_days=10, when=when),
        "answer_on_spot": lambda: o.answer_on_spot(led, oid, "已当场答复", when=when),
        "accept": lambda: o.accept(led, oid, when=when),
        "return": lambda: o.return_for_reassignment(led, oid, "不属于本单位职责", when=when),
        "reply": lambda: o.record_reply(led, oid, "已办理完毕", when=when),
        "extend": lambda: o.extend(led, oid, "需协调", extra_days=5, when=when),
        "pause": lambda: o.pause(led, oid, "等待补充材料", when=when),
        "resume": lambda: o.resume(led, oid, when=when),
        "urge": lambda: o.urge(led, oid, "请加快办理", when=when),
        "feed_back": lambda: o.feed_back(led, oid, "电话", when=when),
        "satisfied": lambda: o.record_satisfaction(led, oid, "满意", when=when),
        "dissatisfied": lambda: o.record_satisfaction(led, oid, "不满意", when=when),
        "reopen": lambda: o.reopen(led, oid, "群众再次反映", when=when),
        "close": lambda: o.close(led, oid, when=when),
        "withdraw": lambda: o.withdraw(led, oid, "群众撤回", when=when),
        "duplicate": lambda: o.mark_duplicate(led, oid, other, when=when),
        "note": lambda: o.add_note(led, oid, "补充说明", when=when),
    }
    return calls[action]()


def _db_view(path, oid: str):
    con = sqlite3.connect(path)
    try:
        row = con.execute(
            "SELECT state, lead_unit_id, due_date, paused, closed_on FROM opinion WHERE id = ?", (oid,)
        ).fetchone()
        events = [
            EventRecord(eid, kind, datetime.fromisoformat(occ), json.loads(data))
            for eid, kind, occ, data in con.execute(
                "SELECT id, kind, occurred_at, data FROM opinion_event WHERE opinion_id = ?", (oid,)
            )
        ]
        n_outbox = con.execute("SELECT count(*) FROM outbox").fetchone()[0]
        return row, events, n_outbox
    finally:
        con.close()


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    route=st.sampled_from(["transfer", "station", "on_spot"]),
    actions=st.lists(st.sampled_from(sorted(NEXT_STATE)), min_size=1, max_size=14),
)
def test_random_handling_sequences(shared, route: str, actions: list[str]) -> None:
    led, b, path, other = shared
    start = date(2026, 6, 1)
    rec = register(led, b, at(start), route=route)
    oid = rec.opinion_ids[0]
    model = Model(route)
    cal = led.calendar()
    for i, action in enumerate(actions):
        when = at(start + timedelta(days=i + 1))
        (_, events_before, outbox_before) = _db_view(path, oid)
        expect_ok = model.allows(action)
        try:
            record = _do(led, b, oid, other, action, when)
        except (InvalidStep, ValidationFailed) as exc:
            assert not expect_ok, f"{action} in {model.state} refused: {exc}"
            row, events_after, outbox_after = _db_view(path, oid)
            assert (len(events_after), outbox_after) == (len(events_before), outbox_before)
        else:
            assert expect_ok, f"{action} in {model.state} was accepted"
            model.apply(action)
            row, events_after, outbox_after = _db_view(path, oid)
            added = 2 if action == "dissatisfied" else 1
            assert len(events_after) == len(events_before) + added
            assert outbox_after == outbox_before + added
            assert record.state == model.state
            assert record.paused == model.paused
        # The cached columns always equal the fold of the stored events.
        st_ = fold(events_after, cal)
        assert row == (
            st_.state.value,
            st_.lead_unit_id,
            st_.due_date.isoformat() if st_.due_date else None,
            int(st_.paused),
            st_.closed_on.isoformat() if st_.closed_on else None,
        )
        assert row[0] == model.state
        # And the fold of any arrival order of those events is the same.
        assert fold(random.Random(i).sample(events_after, len(events_after)), cal) == st_


def test_dissatisfied_reopens_and_the_opinion_can_be_transferred_again(ledger: Ledger) -> None:
    b = set_up_basics(ledger)
    rec = register(ledger, b, at(date(2026, 11, 2)))
    oid = rec.opinion_ids[0]
    opinions.record_reply(ledger, oid, "已修复", when=at(date(2026, 11, 5)))
    opinions.feed_back(ledger, oid, "当面", when=at(date(2026, 11, 6)))
    r = opinions.record_satisfaction(ledger, oid, "不满意", when=at(date(2026, 11, 9)))
    assert (r.state, r.reopen_count, r.satisfaction, r.lead_unit_id, r.due_date) == ("reopened", 1, None, None, None)
    assert [t.kind for t in r.timeline][-2:] == ["satisfaction", "reopened"]
    r = opinions.transfer(ledger, oid, b.units[0], when=at(date(2026, 11, 10)))
    assert r.state == "transferred" and r.lead_unit_id == b.units[0]


# ================================================================================ deadlines
@pytest.mark.parametrize(
    ("transfer_on", "days", "due"),
    [
        # 国务院办公厅关于2026年部分节假日安排的通知:
        # 中秋 9/25-27, 国庆 10/1-7, 9/20 (Sun) and 10/10 (Sat) are working days
        (date(2026, 9, 24), 10, date(2026, 10, 15)),
        (date(2026, 9, 30), 1, date(2026, 10, 8)),
        (date(2026, 10, 9), 1, date(2026, 10, 10)),  # the make-up Saturday counts
        # 2026 春节 2/15-23, with 2/14 (Sat) and 2/28 (Sat) working days
        (date(2026, 2, 13), 3, date(2026, 2, 25)),
        (date(2026, 2, 27), 1, date(2026, 2, 28)),
        # 2025 国庆中秋 10/1-8, 9/28 (Sun) and 10/11 (Sat) working days (国务院办公厅关于2025年部分节假日安排的通知)
        (date(2025, 9, 26), 5, date(2025, 10, 10)),
        (date(2025, 10, 10), 1, date(2025, 10, 11)),
        # 2025 春节 1/28-2/4, 1/26 (Sun) and 2/8 (Sat) working days
        (date(2025, 1, 24), 2, date(2025, 1, 27)),
        (date(2025, 1, 27), 1, date(2025, 2, 5)),
        # 2025 劳动节 5/1-5, 4/27 (Sun) working
        (date(2025, 4, 25), 1, date(2025, 4, 27)),
        (date(2025, 4, 30), 1, date(2025, 5, 6)),
    ],
)
def test_transfer_before_a_holiday_gets_the_working_day_deadline(
    ledger: Ledger, transfer_on: date, days: int, due: date
) -> None:
    b = set_up_basics(ledger)
    # transferred at registration with an explicit limit ...
    inp = reception_input(b, at(transfer_on))
    inp.opinions[0].time_limit_days = days
    rec = receptions.register_reception(ledger, inp)
    assert opinions.get_opinion(ledger, rec.opinion_ids[0]).due_date == due
    # ... through the transfer step, and in the preview the form shows
    opinions.return_for_reassignment(ledger, rec.opinion_ids[0], "改派", when=at(transfer_on))
    r = opinions.transfer(ledger, rec.opinion_ids[0], b.units[2], time_limit_days=days, when=at(transfer_on, 15))
    assert r.due_date == due
    assert opinions.preview_due_date(ledger, transfer_on, days) == due


def test_category_time_limit_is_the_default(ledger: Ledger) -> None:
    b = set_up_basics(ledger)
    rec = register(ledger, b, at(date(2026, 9, 24)))  # 道路交通: 10 working days
    assert opinions.get_opinion(ledger, rec.opinion_ids[0]).due_date == date(2026, 10, 15)


def _transferred_on_1015(ledger: Ledger, b: Basics) -> str:
    inp = reception_input(b, at(date(2026, 10, 15)))
    inp.opinions[0].time_limit_days = 10  # due 2026-10-29
    return receptions.register_reception(ledger, inp).opinion_ids[0]


def test_pause_extends_the_deadline_by_the_paused_working_days(ledger: Ledger, db_path) -> None:
    b = set_up_basics(ledger)
    oid = _transferred_on_1015(ledger, b)
    assert opinions.get_opinion(ledger, oid).due_date == date(2026, 10, 29)
    r = opinions.pause(ledger, oid, "等待群众补充材料", when=at(date(2026, 10, 19)))
    assert r.paused and r.overdue_level is None
    r = opinions.resume(ledger, oid, when=at(date(2026, 10, 23)))  # 10/20-10/23: 4 working days
    assert not r.paused
    assert r.due_date == date(2026, 11, 4)
    # a second pause over a weekend: Fri 10/30 -> Mon 11/2 is 1 working day
    opinions.pause(ledger, oid, "再次暂停", when=at(date(2026, 10, 30)))
    r = opinions.resume(ledger, oid, when=at(date(2026, 11, 2)))
    assert r.due_date == date(2026, 11, 5)
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT due_date, paused FROM opinion WHERE id = ?", (oid,)).fetchone() == ("2026-11-05", 0)
    con.close()
    # an extension counts from the original deadline; the paused days still come on top
    r = opinions.extend(ledger, oid, "协调多个部门", extra_days=3, when=at(date(2026, 11, 3)))
    assert r.due_date == CAL.add_working_days(CAL.add_working_days(date(2026, 10, 29), 3), 5)


@pytest.mark.parametrize(
    ("today", "level"),
    [
        (date(2026, 10, 16), None),
        (date(2026, 10, 25), None),  # Sunday; 4 working days left
        (date(2026, 10, 26), None),  # 3 working days left
        (date(2026, 10, 27), "due_soon"),  # 2 left
        (date(2026, 10, 28), "due_soon"),
        (date(2026, 10, 29), "due_today"),
        (date(2026, 10, 30), "overdue"),
        (date(2026, 11, 1), "overdue"),  # Sunday
        (date(2026, 11, 5), "overdue"),  # 5 working days past
        (date(2026, 11, 6), "long_overdue"),  # 6 past
        (date(2026, 11, 20), "long_overdue"),
    ],
)
def test_overdue_levels(db_path, today: date, level: str | None) -> None:
    led = Ledger.open(db_path, clock=lambda: FIXED_NOW)
    b = set_up_basics(led)
    oid = _transferred_on_1015(led, b)
    done = _transferred_on_1015(led, b)
    opinions.record_reply(led, done, "已办", when=at(date(2026, 10, 16)))
    opinions.feed_back(led, done, "电话", when=at(date(2026, 10, 16)))
    opinions.close(led, done, when=at(date(2026, 10, 16)))
    led.close()
    led = Ledger.open(db_path, clock=clock(today))
    try:
        r = opinions.get_opinion(led, oid)
        assert r.overdue_level == level
        counts = queries.overdue_counts(led)
        assert counts == {lv: (1 if lv == level else 0) for lv in ("due_soon", "due_today", "overdue", "long_overdue")}
        if level:
            listed = queries.list_opinions(led, queries.OpinionFilter(overdue=level))
            assert [o.id for o in listed] == [oid]
        assert opinions.get_opinion(led, done).overdue_level is None  # closed items are never overdue
    finally:
        led.close()


def test_paused_item_is_not_overdue(db_path) -> None:
    led = Ledger.open(db_path, clock=lambda: FIXED_NOW)
    b = set_up_basics(led)
    oid = _transferred_on_1015(led, b)
    opinions.pause(led, oid, "等待", when=at(date(2026, 10, 20)))
    assert opinions.get_opinion(led, oid).overdue_level is None
    assert sum(queries.overdue_counts(led).values()) == 0
    led.close()


# ============================================================================ missing calendar year
def test_deadline_in_a_year_missing_from_the_calendar_is_refused_clearly(db_path) -> None:
    led = Ledger.open(db_path, clock=clock(date(2026, 12, 21)))
    try:
        assert not led.calendar().covers(2027)
        b = set_up_basics(led)
        before = table_counts(db_path)
        with pytest.raises(ValidationFailed) as info:
            register(led, b, at(date(2026, 12, 18)))  # 10 working days run into 2027
        (err,) = info.value.errors
        assert err.field == "opinions[0].due_date" and "2027" in err.message and "手工" in err.message
        assert table_counts(db_path) == before
        with pytest.raises(CalendarYearMissing, match="2027"):
            opinions.preview_due_date(led, date(2026, 12, 18), 10)
        # A deadline that stays inside 2026 is fine.
        inp = reception_input(b, at(date(2026, 12, 18)))
        inp.opinions[0].time_limit_days = 5
        assert receptions.get_reception(led, receptions.register_reception(led, inp).id)
        # With a manual deadline the opinion is registered, and says it cannot count working days to it.
        inp = reception_input(b, at(date(2026, 12, 18)))
        inp.opinions[0].due_date = date(2027, 1, 8)
        oid = receptions.register_reception(led, inp).opinion_ids[0]
        r = opinions.get_opinion(led, oid)
        assert r.due_date == date(2027, 1, 8)
        assert "2027" in r.deadline_problem and r.overdue_level is None
        # The transfer step behaves the same way.
        opinions.return_for_reassignment(led, oid, "改派", when=at(date(2026, 12, 21)))
        before = table_counts(db_path)
        with pytest.raises(ValidationFailed) as info:
            opinions.transfer(led, oid, b.units[2], time_limit_days=15, when=at(date(2026, 12, 21)))
        assert "2027" in str(info.value)
        assert table_counts(db_path) == before
        r = opinions.transfer(
            led, oid, b.units[2], due_date=date(2027, 1, 15), due_reason="2027年节假日安排尚未公布",
            when=at(date(2026, 12, 21)),
        )  # fmt: skip
        assert r.due_date == date(2027, 1, 15) and r.state == "transferred"
        # An extension into the missing year by working days is refused; by date it works.
        with pytest.raises(LedgerError, match="2027"):
            opinions.extend(led, oid, "延期", extra_days=5, when=at(date(2026, 12, 21)))
        r = opinions.extend(led, oid, "延期", new_due_date=date(2027, 1, 22), when=at(date(2026, 12, 21)))
        assert r.due_date == date(2027, 1, 22)
    finally:
        led.close()


def test_records_offer_exactly_the_steps_the_ledger_accepts(ledger: Ledger) -> None:
    """OpinionRecord.allowed_steps drives which actions the window offers: it must agree with the ledger."""
    b = set_up_basics(ledger)
    oid = register(ledger, b, datetime(2026, 11, 2, 9, 0).astimezone(), route="transfer").opinion_ids[0]
    rec = opinions.get_opinion(ledger, oid)
    assert "satisfaction" not in rec.allowed_steps and "closed" not in rec.allowed_steps
    assert {"accepted", "replied", "urged", "paused", "withdrawn"} <= rec.allowed_steps
    rec = opinions.record_reply(ledger, oid, "已修复")
    assert rec.allowed_steps >= {"fed_back"} and "replied" not in rec.allowed_steps
    rec = opinions.feed_back(ledger, oid, "电话")
    assert {"satisfaction", "closed", "reopened"} <= rec.allowed_steps and "transferred" not in rec.allowed_steps
    rec = opinions.close(ledger, oid)
    assert rec.allowed_steps == {"reopened", "note", "corrected", "voided"}
    # Every step not offered is one the ledger refuses.
    with pytest.raises(InvalidStep):
        opinions.urge(ledger, oid, "请加快")

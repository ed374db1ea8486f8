"""Handling rules of issue 9 §4: every (state, step) refusal names its real reason; a station-handled opinion
can be transferred; 督办 needs a unit; duplicates only of a live opinion, never in a cycle."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from heshi_protocol.opinion_state import _ALLOWED, OpinionStatus, allowed_steps, check_step
from heshi_protocol.vocab import EventKind, OpinionState
from heshi_station.ledger import opinions
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.errors import InvalidStep, ValidationFailed
from heshi_station.ledger.voiding import void_opinion
from tests.factories import register, set_up_basics

K, S = EventKind, OpinionState
WHEN = datetime(2026, 11, 2, 9, 0).astimezone()

# Written down independently of opinion_state: the words each refusal must contain, per final state.
FINAL_WORDS = {S.CLOSED: "已办结", S.WITHDRAWN: "已撤回", S.DUPLICATE: "已标记为重复件", S.VOIDED: "已作废"}
FINAL_STEP = {S.CLOSED: K.CLOSED, S.WITHDRAWN: K.WITHDRAWN, S.DUPLICATE: K.DUPLICATE, S.VOIDED: K.VOIDED}
OPEN_WORDS = {
    K.ANSWERED_ON_SPOT: "才能当场答复",
    K.ACCEPTED: "签收",
    K.RETURNED: "退回",
    K.REPLIED: "办理答复",
    K.EXTENDED: "延期",
    K.PAUSED: "暂停计时",
    K.RESUMED: "恢复",
    K.URGED: "督办",
    K.FED_BACK: "反馈",
    K.SATISFACTION: "满意度",
    K.REOPENED: "重新办理",
    K.CLOSED: "尚未反馈群众，不能办结",
    K.TRANSFERRED: "转办",
}


def _status(state: S, unit: str | None, due: date | None = date(2026, 12, 1)) -> OpinionStatus:
    return OpinionStatus(state=state, lead_unit_id=unit, due_date=due, base_due_date=due)


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("unit", [None, "unit-1"])
def test_every_refusal_names_the_real_reason_and_the_state(state: S, unit: str | None) -> None:
    st = _status(state, unit)
    for kind in _ALLOWED:
        try:
            check_step(st, kind)
        except InvalidStep as exc:
            msg = str(exc)
            assert msg.endswith(f"（当前状态：{state.label}）"), msg
            if state in FINAL_WORDS:
                assert FINAL_WORDS[state] in msg, msg
                if kind == FINAL_STEP[state]:
                    assert "不能重复" in msg, msg  # closing twice: "already closed", not "not fed back yet"
            elif kind in OPEN_WORDS:
                assert OPEN_WORDS[kind] in msg, msg
            continue
        assert kind in allowed_steps(st)


def test_specific_refusals() -> None:
    cases = [
        (_status(S.CLOSED, "u"), K.CLOSED, "该意见已办结，不能重复办结"),
        (_status(S.WITHDRAWN, "u"), K.FED_BACK, "该意见已撤回，不能反馈群众"),
        (_status(S.CLOSED, "u"), K.TRANSFERRED, "请先“重新办理”"),
        (_status(S.HANDLING, None), K.URGED, "没有承办单位"),
        (_status(S.REGISTERED, None), K.URGED, "尚未交办"),
        (_status(S.RETURNED, None), K.URGED, "承办单位已退回"),
        (_status(S.HANDLING, None), K.RETURNED, "由本站协调办理"),
        (_status(S.HANDLING, "u"), K.TRANSFERRED, "退回改派"),
        (_status(S.REPLIED, "u"), K.REPLIED, "不能重复记录办理答复"),
        (_status(S.FED_BACK, "u"), K.FED_BACK, "不能重复反馈"),
        (_status(S.REOPENED, None), K.REOPENED, "已在重新办理中"),
        (_status(S.VOIDED, None), K.CORRECTED, "该意见已作废，不能更正"),
        (_status(S.HANDLING, "u"), K.DEADLINE_RECOMPUTED, "不能手工添加"),
    ]
    for st, kind, words in cases:
        with pytest.raises(InvalidStep, match=words):
            check_step(st, kind)
    check_step(_status(S.HANDLING, None), K.TRANSFERRED)  # 站内协调 → 转办
    check_step(_status(S.HANDLING, "u"), K.URGED)
    check_step(_status(S.CLOSED, "u"), K.CORRECTED)


@pytest.fixture
def basics(ledger: Ledger):
    return set_up_basics(ledger)


def test_a_station_handled_opinion_is_transferred_to_a_unit_and_can_then_be_urged(ledger: Ledger, basics) -> None:
    oid = register(ledger, basics, WHEN, route="station").opinion_ids[0]
    with pytest.raises(InvalidStep, match="没有承办单位"):
        opinions.urge(ledger, oid, "请加快", when=datetime(2026, 11, 3, 9).astimezone())
    o = opinions.transfer(ledger, oid, basics.units[2], when=datetime(2026, 11, 4, 9).astimezone())
    assert (o.state, o.lead_unit_name) == ("transferred", "区水利局") and o.due_date is not None
    o = opinions.urge(ledger, oid, "请加快", when=datetime(2026, 11, 5, 9).astimezone())
    assert o.urge_count == 1


def test_closing_twice_and_feedback_on_a_withdrawn_opinion_say_why(ledger: Ledger, basics) -> None:
    a, b = register(ledger, basics, WHEN, route="on_spot", opinions=2).opinion_ids
    opinions.close(ledger, a, when=datetime(2026, 11, 3, 9).astimezone())
    with pytest.raises(InvalidStep, match="已办结，不能重复办结"):
        opinions.close(ledger, a, when=datetime(2026, 11, 4, 9).astimezone())
    opinions.withdraw(ledger, b, "群众撤回", when=datetime(2026, 11, 3, 9).astimezone())
    with pytest.raises(InvalidStep, match="已撤回，不能反馈群众"):
        opinions.feed_back(ledger, b, "电话", when=datetime(2026, 11, 4, 9).astimezone())


def test_duplicates_point_at_a_live_original_and_never_form_a_cycle(ledger: Ledger, basics) -> None:
    a, b, c, d, e = register(ledger, basics, WHEN, route="transfer", opinions=5).opinion_ids
    day = datetime(2026, 11, 3, 9).astimezone()
    opinions.mark_duplicate(ledger, b, a, when=day)
    with pytest.raises(ValidationFailed, match="互相标记为重复件"):
        opinions.mark_duplicate(ledger, a, b, when=day)  # A of B while B is of A
    with pytest.raises(ValidationFailed, match="本身是重复件，请改为选择最初登记的那条意见"):
        opinions.mark_duplicate(ledger, c, b, when=day)
    with pytest.raises(ValidationFailed, match="自己的重复件"):
        opinions.mark_duplicate(ledger, c, c, when=day)
    void_opinion(ledger, d, "误登记")
    with pytest.raises(ValidationFailed, match="原意见已作废"):
        opinions.mark_duplicate(ledger, c, d, when=day)
    opinions.withdraw(ledger, e, "撤回", when=day)
    with pytest.raises(ValidationFailed, match="原意见已撤回"):
        opinions.mark_duplicate(ledger, c, e, when=day)
    with pytest.raises(ValidationFailed, match="原意见不存在"):
        opinions.mark_duplicate(ledger, c, "no-such-id", when=day)
    assert opinions.get_opinion(ledger, c).state == "transferred"  # every refusal left it untouched
    assert opinions.mark_duplicate(ledger, c, a, when=day).state == "duplicate"

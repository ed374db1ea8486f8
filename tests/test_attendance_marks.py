"""签到 → 签退 rules in the ledger (issue 10): times given by the clerk, never in the future; 签退 needs a
签到 and a later time and keeps the activities; 请假/缺席 over a 签到 is refused unless the clerk agreed."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heshi_station.ledger import attendance
from heshi_station.ledger.errors import ValidationFailed
from tests.conftest import FIXED_NOW
from tests.factories import Basics, set_up_basics

TODAY = FIXED_NOW.date()  # the test clock: 10:00
YESTERDAY = TODAY - timedelta(days=1)


@pytest.fixture
def basics(ledger) -> Basics:
    return set_up_basics(ledger)


def test_check_in_then_out_keeps_arrival_and_activities(ledger, basics) -> None:
    dep = basics.deputies[0]
    a = attendance.check_in(ledger, dep, TODAY, time(9, 5))
    assert (a.status, a.arrived_at, a.left_at) == ("present", time(9, 5), None)
    attendance.record_activities(ledger, dep, TODAY, "接待选民3人次，走访东风村")
    out = attendance.check_out(ledger, dep, TODAY, time(9, 55))
    assert (out.arrived_at, out.left_at, out.hours) == (time(9, 5), time(9, 55), 0.8)
    assert out.activities == "接待选民3人次，走访东风村"  # 签退 no longer wipes them
    # record_attendance without activities keeps them too (None means "as entered").
    again = attendance.record_attendance(
        ledger, dep, TODAY, "出席", arrived_at=time(9, 5), left_at=time(9, 58), reception_day_id=None
    )
    assert again.activities == "接待选民3人次，走访东风村"


def test_marks_are_never_in_the_future(ledger, basics) -> None:
    dep = basics.deputies[0]
    assert attendance.mark_time_limit(ledger, TODAY) == time(10, 0)
    assert attendance.mark_time_limit(ledger, YESTERDAY) == time(23, 59)
    assert attendance.mark_time_limit(ledger, TODAY + timedelta(days=1)) is None
    with pytest.raises(ValidationFailed, match="晚于现在"):
        attendance.check_in(ledger, dep, TODAY, time(10, 1))
    with pytest.raises(ValidationFailed, match="晚于今天"):
        attendance.check_in(ledger, dep, TODAY + timedelta(days=1), time(9, 0))
    attendance.check_in(ledger, dep, YESTERDAY, time(20, 0))  # an earlier day: any time of it
    with pytest.raises(ValidationFailed, match="晚于现在"):
        attendance.check_in(ledger, basics.deputies[1], TODAY, time(23, 0))
    attendance.check_in(ledger, basics.deputies[1], TODAY, time(8, 0))
    with pytest.raises(ValidationFailed, match="晚于现在"):
        attendance.check_out(ledger, basics.deputies[1], TODAY, time(11, 0))
    assert attendance.list_attendance(ledger, TODAY, TODAY + timedelta(days=1))[0].left_at is None


def test_check_out_needs_a_check_in_and_a_later_time(ledger, basics) -> None:
    dep = basics.deputies[0]
    with pytest.raises(ValidationFailed, match="尚未签到"):
        attendance.check_out(ledger, dep, TODAY, time(9, 0))
    with pytest.raises(ValidationFailed, match="未签到"):
        attendance.record_activities(ledger, dep, TODAY, "走访")
    attendance.check_in(ledger, dep, TODAY, time(9, 30))
    with pytest.raises(ValidationFailed, match="应晚于签到时间 09:30"):
        attendance.check_out(ledger, dep, TODAY, time(9, 30))
    with pytest.raises(ValidationFailed, match="已于 09:30 签到"):
        attendance.check_in(ledger, dep, TODAY, time(9, 40))


def test_leave_or_absence_over_a_check_in_asks_first(ledger, basics) -> None:
    dep = basics.deputies[0]
    attendance.check_in(ledger, dep, TODAY, time(9, 0))
    with pytest.raises(attendance.AttendanceWouldOverwrite, match="已于 09:00 签到") as caught:
        attendance.record_attendance(ledger, dep, TODAY, "缺席", replace_present=False)
    assert caught.value.new_label == "缺席"
    kept = attendance.list_attendance(ledger, TODAY, TODAY + timedelta(days=1))[0]
    assert (kept.status, kept.arrived_at) == ("present", time(9, 0))  # nothing written
    changed = attendance.record_attendance(ledger, dep, TODAY, "缺席", replace_present=True)
    assert (changed.status, changed.arrived_at) == ("absent", None)
    # A 签到 after a 请假 is the deputy coming after all: no question, the leave is replaced.
    attendance.record_attendance(ledger, basics.deputies[1], TODAY, "请假", leave_reason="外出学习")
    came = attendance.check_in(ledger, basics.deputies[1], TODAY, time(9, 45))
    assert (came.status, came.leave_reason) == ("present", "")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.times(), st.times(), st.dates(min_value=date(2026, 11, 1), max_value=date(2026, 11, 25)))
def test_any_pair_of_times_is_stored_only_when_the_rules_hold(ledger, basics, arrive, leave, day) -> None:
    dep = basics.deputies[2]
    arrive, leave = arrive.replace(second=0, microsecond=0), leave.replace(second=0, microsecond=0)
    limit = attendance.mark_time_limit(ledger, day)
    try:
        attendance.check_in(ledger, dep, day, arrive)
        checked_in = True
    except ValidationFailed:
        checked_in = False
    assert checked_in == (limit is not None and arrive <= limit) or _already_in(ledger, dep, day)
    try:
        rec = attendance.check_out(ledger, dep, day, leave)
    except ValidationFailed:
        return
    assert limit is not None and leave <= limit and rec.arrived_at is not None and leave > rec.arrived_at


def _already_in(ledger, dep, day) -> bool:
    rows = attendance.list_attendance(ledger, day, day + timedelta(days=1), deputy_id=dep)
    return bool(rows) and rows[0].status == "present"

"""Reception days, their rota (排班) and deputies' attendance (代表进站履职).

People received and opinions collected per attendance are *derived* from the reception register (the
receptions that deputy was on duty for that day), never typed twice.

The sign-in → sign-out rules live here (``check_in``, ``check_out``, ``record_activities``), not in the
window: a mark carries the time the clerk gives (default now; earlier allowed; never later than now, see
``mark_time_limit``); 签退 needs a 签到 and a later time, and keeps the arrival time and the activities
entered that day; marking 请假/缺席 over a 签到 is refused with :class:`AttendanceWouldOverwrite` unless the
caller says the clerk agreed (``replace_present=True``).
"""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from heshi_protocol.payloads import attendance_payload, reception_day_payload
from heshi_protocol.vocab import AttendanceStatus
from heshi_station.db.models import (
    Attendance,
    Deputy,
    Opinion,
    Reception,
    ReceptionDay,
    Visitor,
    opinion_deputy,
    reception_deputy,
)
from heshi_station.db.types import new_id
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import AttendanceRecord, ReceptionDayRecord
from heshi_station.ledger.errors import FieldError, LedgerError, NotFound, ValidationFailed
from heshi_station.ledger.validation import future_problem, required_problem


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """First day of the month and first day of the next month (exclusive end)."""
    start = date(year, month, 1)
    end = date(year + (month == 12), month % 12 + 1, 1)
    return start, end


def _day_record(r: ReceptionDay) -> ReceptionDayRecord:
    return ReceptionDayRecord(
        id=r.id,
        day=r.day,
        start_time=r.start_time,
        end_time=r.end_time,
        place=r.place,
        topic=r.topic,
        deputy_ids=tuple(d.id for d in r.deputies),
        deputy_names=tuple(d.name for d in r.deputies),
    )


def plan_reception_day(
    ledger: Ledger,
    day: date,
    start_time: time,
    end_time: time,
    place: str,
    deputy_ids: list[str],
    *,
    topic: str = "",
    reception_day_id: str | None = None,
) -> ReceptionDayRecord:
    """Plan (or re-plan) a reception day and its rota; the day may be in the future."""
    errors: list[FieldError] = []
    if end_time <= start_time:
        errors.append(FieldError("end_time", "结束时间", "应晚于开始时间"))
    if p := required_problem(place):
        errors.append(FieldError("place", "接待地点", p))
    if not deputy_ids:
        errors.append(FieldError("deputy_ids", "值班代表", "至少安排一位代表"))
    with ledger.write() as s:
        deputies = [s.get(Deputy, d) for d in dict.fromkeys(deputy_ids)]
        if any(d is None for d in deputies):
            errors.append(FieldError("deputy_ids", "值班代表", "所选代表不存在"))
        if errors:
            raise ValidationFailed(errors)
        rd = s.get(ReceptionDay, reception_day_id) if reception_day_id else None
        if reception_day_id and rd is None:
            raise NotFound(f"接待日不存在：{reception_day_id}")
        if rd is None:
            rd = ReceptionDay(id=new_id(), created_at=ledger.now())
            s.add(rd)
        rd.day, rd.start_time, rd.end_time, rd.place, rd.topic = (
            day,
            start_time,
            end_time,
            place.strip(),
            topic,
        )
        rd.deputies = deputies
        s.flush()
        ledger.record_change(s, "reception_day.plan", "reception_day", rd.id, reception_day_payload(rd))
        return _day_record(rd)


def list_reception_days(ledger: Ledger, start: date, end: date) -> list[ReceptionDayRecord]:
    with ledger.read() as s:
        q = select(ReceptionDay).where(ReceptionDay.day >= start, ReceptionDay.day < end).order_by(ReceptionDay.day)
        return [_day_record(r) for r in s.scalars(q)]


def get_reception_day(ledger: Ledger, reception_day_id: str) -> ReceptionDayRecord:
    with ledger.read() as s:
        rd = s.get(ReceptionDay, reception_day_id)
        if rd is None:
            raise NotFound(f"接待日不存在：{reception_day_id}")
        return _day_record(rd)


def record_attendance(
    ledger: Ledger,
    deputy_id: str,
    day: date,
    status: str,
    *,
    arrived_at: time | None = None,
    left_at: time | None = None,
    activities: str | None = None,
    leave_reason: str = "",
    reception_day_id: str | None = None,
    replace_present: bool = True,
) -> AttendanceRecord:
    """Record (or correct) one deputy's 出席/请假/缺席 on one day.

    ``activities`` None keeps what was entered before. With ``replace_present=False``, a 请假/缺席 over a
    recorded 出席 raises :class:`AttendanceWouldOverwrite` (nothing written) so the window can ask first.
    """
    errors: list[FieldError] = []
    try:
        st = AttendanceStatus.from_label(status)
    except ValueError as exc:
        raise ValidationFailed.single("status", "出勤情况", str(exc)) from exc
    if st != AttendanceStatus.LEAVE and (p := future_problem(day, ledger.today())):
        errors.append(FieldError("day", "日期", p))
    if st == AttendanceStatus.LEAVE and (p := required_problem(leave_reason)):
        errors.append(FieldError("leave_reason", "请假事由", p))
    if st == AttendanceStatus.PRESENT and arrived_at and left_at and left_at <= arrived_at:
        errors.append(FieldError("left_at", "离站时间", "应晚于到站时间"))
    if st != AttendanceStatus.PRESENT and (arrived_at or left_at):
        errors.append(FieldError("arrived_at", "到站时间", f"{st.label}时不填到站、离站时间"))
    with ledger.write() as s:
        errors += _check_deputy(s, deputy_id, reception_day_id)
        if errors:
            raise ValidationFailed(errors)
        row = _row(s, deputy_id, day)
        if (
            not replace_present
            and row is not None
            and row.status == AttendanceStatus.PRESENT.value
            and st != AttendanceStatus.PRESENT
        ):
            raise AttendanceWouldOverwrite(_attendance_records(s, [row])[0], st.label)
        if row is None:
            row = Attendance(id=new_id(), deputy_id=deputy_id, day=day, activities="")
            s.add(row)
        row.status, row.arrived_at, row.left_at = st.value, arrived_at, left_at
        if activities is not None:
            row.activities = activities.strip()
        row.leave_reason = leave_reason.strip()
        return _save(ledger, s, row, reception_day_id)


class AttendanceWouldOverwrite(LedgerError):
    """请假/缺席 would replace a recorded 签到 (出席) of the same day; the clerk is asked before it does."""

    def __init__(self, current: AttendanceRecord, new_label: str) -> None:
        arrived = f"已于 {current.arrived_at:%H:%M} 签到" if current.arrived_at else "已登记出席"
        day = f"{current.day.month}月{current.day.day}日"
        super().__init__(f"{current.deputy_name} {day}{arrived}。改为“{new_label}”将清除到站、离站时间，确定要改吗？")
        self.current = current
        self.new_label = new_label


def _row(s: Session, deputy_id: str, day: date) -> Attendance | None:
    return s.scalar(select(Attendance).where(Attendance.deputy_id == deputy_id, Attendance.day == day))


def _save(ledger: Ledger, s: Session, row: Attendance, reception_day_id: str | None) -> AttendanceRecord:
    row.reception_day_id = reception_day_id or row.reception_day_id
    row.updated_at = ledger.now()
    s.flush()
    ledger.record_change(s, "attendance.record", "attendance", row.id, attendance_payload(row))
    return _attendance_records(s, [row])[0]


def mark_time_limit(ledger: Ledger, day: date) -> time | None:
    """The latest time a 签到/签退 on ``day`` may carry: now (to the minute) for today, any time of a past
    day (23:59), None for a day still to come (no mark yet). The window's time boxes take this limit."""
    today = ledger.today()
    if day > today:
        return None
    if day < today:
        return time(23, 59)
    return ledger.now().time().replace(second=0, microsecond=0)


def _time_errors(ledger: Ledger, day: date, at: time, field: str, label: str) -> list[FieldError]:
    limit = mark_time_limit(ledger, day)
    if limit is None:
        return [FieldError("day", "日期", future_problem(day, ledger.today()) or "")]
    if at.replace(second=0, microsecond=0) > limit:
        return [FieldError(field, label, f"{at:%H:%M} 晚于现在（{limit:%H:%M}），不能登记未来的时间")]
    return []


def _check_deputy(s: Session, deputy_id: str, reception_day_id: str | None) -> list[FieldError]:
    errors = []
    if s.get(Deputy, deputy_id) is None:
        errors.append(FieldError("deputy_id", "代表", "代表不存在"))
    if reception_day_id and s.get(ReceptionDay, reception_day_id) is None:
        errors.append(FieldError("reception_day_id", "接待日", "接待日不存在"))
    return errors


def check_in(
    ledger: Ledger, deputy_id: str, day: date, at: time, *, reception_day_id: str | None = None
) -> AttendanceRecord:
    """签到 at ``at`` (not later than now): 出席 with that arrival time. A 签到 replaces a 请假/缺席 of the day
    (the deputy came after all); the activities already entered are kept. A second 签到 is refused."""
    errors = _time_errors(ledger, day, at, "arrived_at", "到站时间")
    with ledger.write() as s:
        errors += _check_deputy(s, deputy_id, reception_day_id)
        row = _row(s, deputy_id, day)
        if row is not None and row.status == AttendanceStatus.PRESENT.value and row.arrived_at is not None:
            errors.append(FieldError("arrived_at", "到站时间", f"该代表已于 {row.arrived_at:%H:%M} 签到"))
        if errors:
            raise ValidationFailed(errors)
        if row is None:
            row = Attendance(id=new_id(), deputy_id=deputy_id, day=day, activities="")
            s.add(row)
        row.status, row.arrived_at, row.left_at, row.leave_reason = AttendanceStatus.PRESENT.value, at, None, ""
        return _save(ledger, s, row, reception_day_id)


def check_out(
    ledger: Ledger, deputy_id: str, day: date, at: time, *, activities: str | None = None
) -> AttendanceRecord:
    """签退 at ``at``: needs a 签到 of that day and a later time (not later than now); keeps the arrival
    time, and the activities entered that day unless ``activities`` gives new ones."""
    errors = _time_errors(ledger, day, at, "left_at", "离站时间")
    with ledger.write() as s:
        errors += _check_deputy(s, deputy_id, None)
        row = _row(s, deputy_id, day)
        if row is None or row.status != AttendanceStatus.PRESENT.value or row.arrived_at is None:
            errors.append(FieldError("left_at", "离站时间", "该代表当天尚未签到，请先签到"))
        elif at <= row.arrived_at:
            errors.append(FieldError("left_at", "离站时间", f"应晚于签到时间 {row.arrived_at:%H:%M}"))
        if errors:
            raise ValidationFailed(errors)
        row.left_at = at
        if activities is not None:
            row.activities = activities.strip()
        return _save(ledger, s, row, None)


def record_activities(ledger: Ledger, deputy_id: str, day: date, activities: str) -> AttendanceRecord:
    """The deputy's activities on a reception day (接待选民、走访、调研 …), for a deputy who signed in;
    everything else of the mark is kept."""
    with ledger.write() as s:
        row = _row(s, deputy_id, day)
        if row is None or row.status != AttendanceStatus.PRESENT.value:
            raise ValidationFailed.single("activities", "履职活动", "该代表当天未签到，请先签到再填写履职活动")
        row.activities = activities.strip()
        return _save(ledger, s, row, None)


def _attendance_records(s: Session, rows: list[Attendance]) -> list[AttendanceRecord]:
    if not rows:
        return []
    days = {r.day for r in rows}
    deputy_ids = {r.deputy_id for r in rows}
    people = dict(
        ((d, day), n)
        for d, day, n in s.execute(
            select(reception_deputy.c.deputy_id, Reception.received_on, func.sum(Visitor.group_size))
            .join(Reception, Reception.id == reception_deputy.c.reception_id)
            .join(Visitor, Visitor.reception_id == Reception.id)
            .where(reception_deputy.c.deputy_id.in_(deputy_ids), Reception.received_on.in_(days))
            .group_by(reception_deputy.c.deputy_id, Reception.received_on)
        )
    )
    opinions = dict(
        ((d, day), n)
        for d, day, n in s.execute(
            select(opinion_deputy.c.deputy_id, Opinion.registered_on, func.count())
            .join(Opinion, Opinion.id == opinion_deputy.c.opinion_id)
            .where(opinion_deputy.c.deputy_id.in_(deputy_ids), Opinion.registered_on.in_(days))
            .group_by(opinion_deputy.c.deputy_id, Opinion.registered_on)
        )
    )
    names = dict(s.execute(select(Deputy.id, Deputy.name).where(Deputy.id.in_(deputy_ids))).all())
    out = []
    for r in rows:
        hours = None
        if r.arrived_at and r.left_at:
            hours = round(
                ((r.left_at.hour * 60 + r.left_at.minute) - (r.arrived_at.hour * 60 + r.arrived_at.minute)) / 60,
                1,
            )
        out.append(
            AttendanceRecord(
                id=r.id,
                deputy_id=r.deputy_id,
                deputy_name=names.get(r.deputy_id, ""),
                day=r.day,
                reception_day_id=r.reception_day_id,
                status=r.status,
                status_label=AttendanceStatus(r.status).label,
                arrived_at=r.arrived_at,
                left_at=r.left_at,
                hours=hours,
                activities=r.activities,
                leave_reason=r.leave_reason,
                people_received=int(people.get((r.deputy_id, r.day), 0)),
                opinions_collected=int(opinions.get((r.deputy_id, r.day), 0)),
            )
        )
    return out


def list_attendance(ledger: Ledger, start: date, end: date, *, deputy_id: str | None = None) -> list[AttendanceRecord]:
    """Attendance in [start, end), by day then deputy, with the derived counts."""
    with ledger.read() as s:
        q = select(Attendance).where(Attendance.day >= start, Attendance.day < end)
        if deputy_id:
            q = q.where(Attendance.deputy_id == deputy_id)
        rows = list(s.scalars(q.order_by(Attendance.day, Attendance.deputy_id)))
        return _attendance_records(s, rows)

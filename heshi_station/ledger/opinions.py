"""Every handling step on an opinion (意见建议办理). Each appends events; none edits history.

Each public function: checks the step makes sense in the opinion's current state (``check_step``) and
validates its fields, then in ONE transaction appends the event(s), refreshes the cached state columns
from the pure fold, and writes the audit and outbox entries. It returns the opinion as a plain record.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from heshi_protocol.opinion_state import check_step
from heshi_protocol.vocab import EventKind, FeedbackMethod, OpinionState, Satisfaction
from heshi_protocol.workdays import CalendarYearMissing, Deadline, HolidayCalendar
from heshi_station.db.models import Category, HandlingUnit, Opinion
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import OpinionRecord
from heshi_station.ledger.errors import FieldError, NotFound, ValidationFailed
from heshi_station.ledger.handling_limits import EXTENSION_DAYS, TIME_LIMIT_DAYS
from heshi_station.ledger.opinion_store import OpinionHandle, append_step, load_handle, load_opinion_records
from heshi_station.ledger.records import opinion_status
from heshi_station.ledger.validation import future_problem, required_problem

K = EventKind
S = OpinionState
DEFAULT_TIME_LIMIT_DAYS = 15


def refresh_cached_state(opinion: Opinion, ledger: Ledger) -> None:
    """Rewrite an ORM opinion's cached state columns from the fold of its events (e.g. after a sync pull)."""
    st = opinion_status(opinion, ledger.calendar())
    opinion.state = st.state.value
    opinion.lead_unit_id = st.lead_unit_id
    opinion.due_date = st.due_date
    opinion.paused = st.paused
    opinion.closed_on = st.closed_on
    opinion.due_provisional = st.due_provisional


def _when(ledger: Ledger, when: datetime | None, registered_on: date, last: datetime | None = None) -> datetime:
    """The time of a step: ``when`` (default now), not before registration nor before the opinion's latest
    step (``last``: the history is read in time order, so an earlier step would be folded before it), and
    never in the future."""
    if when is None:
        now = ledger.now()
        return max(now, last) if last is not None else now
    if when.tzinfo is None:
        when = when.astimezone()
    if p := future_problem(when, ledger.today()):
        raise ValidationFailed.single("when", "办理日期", p)
    # To the minute: a time typed as "now" in a dialog opened a few seconds ago is still now.
    if when.replace(second=0, microsecond=0) > ledger.now():
        raise ValidationFailed.single("when", "办理时间", f"{when.astimezone():%H:%M} 晚于现在，不能登记未来的时间")
    if when.date() < registered_on:
        raise ValidationFailed.single("when", "办理日期", f"早于意见登记日期 {registered_on.isoformat()}")
    if last is not None and when < last.replace(second=0, microsecond=0):
        raise ValidationFailed.single(
            "when", "办理时间", f"早于上一步办理时间 {last.astimezone():%Y-%m-%d %H:%M}，请按实际先后登记"
        )
    return max(when, last) if last is not None else when


def _record_of(ledger: Ledger, session: Session, opinion_id: str, handle: OpinionHandle | None = None) -> OpinionRecord:
    handles = {handle.id: handle} if handle else None
    return load_opinion_records(ledger, session, [opinion_id], with_timeline=True, handles=handles)[0]


def _step(
    ledger: Ledger,
    opinion_id: str,
    kind: EventKind,
    *,
    when: datetime | None = None,
    note: str = "",
    data: dict | None = None,
) -> OpinionRecord:
    with ledger.write() as s:
        h = load_handle(s, opinion_id, ledger.calendar())
        at = _when(ledger, when, h.row["registered_on"], h.status.last_event_at)
        append_step(ledger, s, h, kind, when=at, note=note, data=data)
        return _record_of(ledger, s, h.id, h)


def _require(value: str, field: str, label: str) -> str:
    if p := required_problem(value):
        raise ValidationFailed.single(field, label, p)
    return value.strip()


def transfer_data(
    ledger: Ledger,
    session: Session,
    *,
    on: date,
    category_id: str | None,
    lead_unit_id: str | None,
    assist_unit_ids: list[str] | tuple[str, ...] = (),
    time_limit_days: int | None = None,
    due_date: date | None = None,
    due_reason: str = "",
    prefix: str = "",
) -> dict:
    """Validate a transfer against the ledger and compute its deadline; the event data."""
    wanted = [u for u in (lead_unit_id, *assist_unit_ids) if u]
    known_units = set(session.scalars(select(HandlingUnit.id).where(HandlingUnit.id.in_(wanted))))
    category_limit = None
    if time_limit_days is None and category_id:
        category_limit = session.scalar(select(Category.time_limit_days).where(Category.id == category_id))
    return transfer_event_data(
        ledger.calendar(),
        on=on,
        known_units=known_units,
        lead_unit_id=lead_unit_id,
        assist_unit_ids=assist_unit_ids,
        time_limit_days=time_limit_days if time_limit_days is not None else category_limit,
        due_date=due_date,
        due_reason=due_reason,
        prefix=prefix,
    )


def transfer_event_data(
    cal: HolidayCalendar,
    *,
    on: date,
    known_units: set[str],
    lead_unit_id: str | None,
    assist_unit_ids: list[str] | tuple[str, ...] = (),
    time_limit_days: int | None = None,
    due_date: date | None = None,
    due_reason: str = "",
    prefix: str = "",
) -> dict:
    """The data of a ``transferred`` event; raises ValidationFailed naming every bad field.

    The deadline is ``time_limit_days`` working days after ``on`` (default 15), marked ``due_provisional``
    when it was counted over a year without the official holiday table; or ``due_date`` typed by the clerk
    with ``due_reason`` (required), kept as ``due_typed``/``due_reason``. Only a year beyond the bundled
    statutory table (after 2099) can still be uncountable: the message then asks for a typed date.
    """
    errors: list[FieldError] = []
    if not lead_unit_id or lead_unit_id not in known_units:
        errors.append(FieldError(f"{prefix}lead_unit_id", "主办单位", "请选择主办单位"))
    for uid in assist_unit_ids:
        if uid == lead_unit_id:
            errors.append(FieldError(f"{prefix}assist_unit_ids", "协办单位", "协办单位不能与主办单位相同"))
        elif uid not in known_units:
            errors.append(FieldError(f"{prefix}assist_unit_ids", "协办单位", f"单位不存在：{uid}"))
    if time_limit_days is None:
        time_limit_days = DEFAULT_TIME_LIMIT_DAYS
    low, high = TIME_LIMIT_DAYS
    if not low <= int(time_limit_days) <= high:
        errors.append(FieldError(f"{prefix}time_limit_days", "办理时限", f"应为{low}至{high}个工作日"))
    if errors:
        raise ValidationFailed(errors)
    data = {
        "lead_unit_id": lead_unit_id,
        "assist_unit_ids": list(assist_unit_ids),
        "time_limit_days": int(time_limit_days),
    }
    return data | deadline_data(cal, on=on, time_limit_days=int(time_limit_days), due_date=due_date,
                                due_reason=due_reason, prefix=prefix)  # fmt: skip


def deadline_data(
    cal: HolidayCalendar,
    *,
    on: date,
    time_limit_days: int,
    due_date: date | None = None,
    due_reason: str = "",
    prefix: str = "",
    earliest_label: str = "转办日期",
) -> dict:
    """The deadline part of an event's data: computed (``due_provisional`` when 暂定) or typed with a reason.

    Computed: ``{"due_date", "due_provisional"}``. Typed: ``{"due_date", "due_typed": True, "due_reason"}``
    (a typed date is the clerk's, never provisional, and is left alone when the official table arrives).
    """
    if due_date is None:
        try:
            due, provisional = cal.deadline(on, time_limit_days)
        except CalendarYearMissing as exc:
            raise ValidationFailed.single(f"{prefix}due_date", "截止日期", f"{exc} 也可以手工填写截止日期。") from exc
        return {"due_date": due.isoformat(), "due_provisional": provisional}
    if due_date < on:
        raise ValidationFailed.single(f"{prefix}due_date", "截止日期", f"截止日期不能早于{earliest_label}")
    reason = (due_reason or "").strip()
    if not reason:
        raise ValidationFailed.single(f"{prefix}due_reason", "手填期限理由", "手工填写截止日期时请写明理由")
    return {"due_date": due_date.isoformat(), "due_typed": True, "due_reason": reason}


def transfer(
    ledger: Ledger,
    opinion_id: str,
    lead_unit_id: str,
    assist_unit_ids: list[str] | None = None,
    *,
    time_limit_days: int | None = None,
    due_date: date | None = None,
    due_reason: str = "",
    note: str = "",
    when: datetime | None = None,
) -> OpinionRecord:
    """转办: send to a lead unit (and assisting units) with a deadline in working days.

    Or with ``due_date`` typed by the clerk and ``due_reason`` saying why (both kept on the event).
    """
    with ledger.write() as s:
        h = load_handle(s, opinion_id, ledger.calendar())
        when = _when(ledger, when, h.row["registered_on"], h.status.last_event_at)
        check_step(h.status, K.TRANSFERRED)
        data = transfer_data(
            ledger,
            s,
            on=when.date(),
            category_id=h.row["category_id"],
            lead_unit_id=lead_unit_id,
            assist_unit_ids=assist_unit_ids or [],
            time_limit_days=time_limit_days,
            due_date=due_date,
            due_reason=due_reason,
        )
        append_step(ledger, s, h, K.TRANSFERRED, when=when, note=note, data=data)
        return _record_of(ledger, s, h.id, h)


def preview_due_date(ledger: Ledger, on: date, time_limit_days: int) -> date:
    """The deadline a transfer on ``on`` would get (raises CalendarYearMissing only beyond 2099)."""
    return ledger.calendar().add_working_days(on, time_limit_days)


def preview_deadline(ledger: Ledger, on: date, time_limit_days: int) -> Deadline:
    """The deadline a transfer on ``on`` would get, and whether it is 暂定 (provisional)."""
    return ledger.calendar().deadline(on, time_limit_days)


def answer_on_spot(ledger: Ledger, opinion_id: str, answer: str, *, when: datetime | None = None) -> OpinionRecord:
    return _step(
        ledger,
        opinion_id,
        K.ANSWERED_ON_SPOT,
        when=when,
        data={"answer": _require(answer, "answer", "答复内容"), "method": "in_person"},
    )


def accept(ledger: Ledger, opinion_id: str, *, when: datetime | None = None, note: str = "") -> OpinionRecord:
    return _step(ledger, opinion_id, K.ACCEPTED, when=when, note=note)


def return_for_reassignment(
    ledger: Ledger, opinion_id: str, reason: str, *, when: datetime | None = None
) -> OpinionRecord:
    return _step(ledger, opinion_id, K.RETURNED, when=when, note=_require(reason, "reason", "退回理由"))


def record_reply(ledger: Ledger, opinion_id: str, reply: str, *, when: datetime | None = None) -> OpinionRecord:
    return _step(ledger, opinion_id, K.REPLIED, when=when, data={"reply": _require(reply, "reply", "办理答复")})


def extend(
    ledger: Ledger,
    opinion_id: str,
    reason: str,
    *,
    extra_days: int | None = None,
    new_due_date: date | None = None,
    when: datetime | None = None,
) -> OpinionRecord:
    """延期: by ``extra_days`` working days past the current deadline, or to ``new_due_date`` typed by the clerk.

    A computed new deadline is marked ``due_provisional`` when counted over a year without the official
    holiday table, or when the deadline it extends was itself provisional. The extension's ``reason`` is
    the reason for a typed date too.
    """
    reason = _require(reason, "reason", "延期理由")
    with ledger.write() as s:
        h = load_handle(s, opinion_id, ledger.calendar())
        when = _when(ledger, when, h.row["registered_on"], h.status.last_event_at)
        st = h.status
        check_step(st, K.EXTENDED)
        data: dict = {"extra_days": extra_days}
        if new_due_date is None:
            low, high = EXTENSION_DAYS
            if not extra_days or not low <= extra_days <= high:
                raise ValidationFailed.single("extra_days", "延期天数", f"应为{low}至{high}个工作日")
            try:
                new_due_date, provisional = ledger.calendar().deadline(st.base_due_date, extra_days)
            except CalendarYearMissing as exc:
                message = f"{exc} 也可以手工填写新截止日期。"
                raise ValidationFailed.single("new_due_date", "新截止日期", message) from exc
            data["due_provisional"] = provisional or st.base_due_provisional
        else:
            data |= {"due_typed": True, "due_reason": reason}
            data["extra_days"] = None
        if st.base_due_date and new_due_date <= st.base_due_date:
            raise ValidationFailed.single("new_due_date", "新截止日期", "应晚于原截止日期")
        data["new_due_date"] = new_due_date.isoformat()
        append_step(ledger, s, h, K.EXTENDED, when=when, note=reason, data=data)
        return _record_of(ledger, s, h.id, h)


def pause(ledger: Ledger, opinion_id: str, reason: str, *, when: datetime | None = None) -> OpinionRecord:
    return _step(ledger, opinion_id, K.PAUSED, when=when, note=_require(reason, "reason", "暂停理由"))


def resume(ledger: Ledger, opinion_id: str, *, when: datetime | None = None, note: str = "") -> OpinionRecord:
    return _step(ledger, opinion_id, K.RESUMED, when=when, note=note)


def urge(ledger: Ledger, opinion_id: str, note: str, *, when: datetime | None = None) -> OpinionRecord:
    return _step(ledger, opinion_id, K.URGED, when=when, note=_require(note, "note", "督办意见"))


def feed_back(
    ledger: Ledger, opinion_id: str, method: str, *, note: str = "", when: datetime | None = None
) -> OpinionRecord:
    """反馈: the citizen was told the result (当面/电话/书面/短信)."""
    try:
        method = FeedbackMethod.from_label(method).value
    except ValueError as exc:
        raise ValidationFailed.single("method", "反馈方式", str(exc)) from exc
    return _step(ledger, opinion_id, K.FED_BACK, when=when, note=note, data={"method": method})


def record_satisfaction(
    ledger: Ledger, opinion_id: str, rating: str, *, note: str = "", when: datetime | None = None
) -> OpinionRecord:
    """满意度; 不满意 reopens the opinion in the same transaction (重新办理)."""
    try:
        rating = Satisfaction.from_label(rating)
    except ValueError as exc:
        raise ValidationFailed.single("rating", "满意度", str(exc)) from exc
    with ledger.write() as s:
        h = load_handle(s, opinion_id, ledger.calendar())
        when = _when(ledger, when, h.row["registered_on"], h.status.last_event_at)
        append_step(ledger, s, h, K.SATISFACTION, when=when, note=note, data={"rating": rating.value})
        if rating == Satisfaction.DISSATISFIED:
            append_step(
                ledger,
                s,
                h,
                K.REOPENED,
                when=when,
                note="群众不满意，重新办理",
                data={"cause": "dissatisfied"},
            )
        return _record_of(ledger, s, h.id, h)


def reopen(ledger: Ledger, opinion_id: str, reason: str, *, when: datetime | None = None) -> OpinionRecord:
    return _step(ledger, opinion_id, K.REOPENED, when=when, note=_require(reason, "reason", "重新办理原因"))


def close(ledger: Ledger, opinion_id: str, *, note: str = "", when: datetime | None = None) -> OpinionRecord:
    return _step(ledger, opinion_id, K.CLOSED, when=when, note=note)


def withdraw(ledger: Ledger, opinion_id: str, reason: str, *, when: datetime | None = None) -> OpinionRecord:
    return _step(ledger, opinion_id, K.WITHDRAWN, when=when, note=_require(reason, "reason", "撤回原因"))


def mark_duplicate(
    ledger: Ledger, opinion_id: str, duplicate_of: str, *, note: str = "", when: datetime | None = None
) -> OpinionRecord:
    """重复件: ``opinion_id`` is the same matter as ``duplicate_of``, which must be another live opinion.

    Live: neither voided, withdrawn nor itself a duplicate (so no chain of duplicates, and no cycle, can form).
    """
    with ledger.write() as s:
        h = load_handle(s, opinion_id, ledger.calendar())
        when = _when(ledger, when, h.row["registered_on"], h.status.last_event_at)
        check_step(h.status, K.DUPLICATE)
        if duplicate_of == opinion_id:
            raise ValidationFailed.single("duplicate_of", "重复于", "不能标记为自己的重复件，请选择另一条意见")
        try:
            original = load_handle(s, duplicate_of, ledger.calendar())
        except NotFound as exc:
            raise ValidationFailed.single(
                "duplicate_of", "重复于", "所选的原意见不存在，请选择另一条已登记的意见"
            ) from exc
        if p := _not_live_problem(ledger, s, original, opinion_id):
            raise ValidationFailed.single("duplicate_of", "重复于", p)
        append_step(ledger, s, h, K.DUPLICATE, when=when, note=note, data={"duplicate_of": duplicate_of})
        return _record_of(ledger, s, h.id, h)


def _not_live_problem(ledger: Ledger, s: Session, original: OpinionHandle, opinion_id: str) -> str | None:
    st = original.status
    if st.state == S.VOIDED:
        return "所选的原意见已作废，请选择一条有效的意见"
    if st.state == S.WITHDRAWN:
        return "所选的原意见已撤回，请选择一条有效的意见"
    if st.state == S.DUPLICATE:
        # Point the clerk at the first opinion of the chain; a chain that leads back here would be a cycle.
        seen, current = {original.id}, st.duplicate_of
        while current and current not in seen:
            if current == opinion_id:
                return "所选的原意见本身是这条意见的重复件，不能互相标记为重复件"
            seen.add(current)
            try:
                nxt = load_handle(s, current, ledger.calendar()).status
            except NotFound:
                break
            if nxt.state != S.DUPLICATE:
                return f"所选的原意见本身是重复件，请改为选择最初登记的那条意见（{current}）"
            current = nxt.duplicate_of
        if current == opinion_id:
            return "所选的原意见本身是这条意见的重复件，不能互相标记为重复件"
        return "所选的原意见本身是重复件，请改为选择最初登记的那条意见"
    return None


def add_note(ledger: Ledger, opinion_id: str, note: str, *, when: datetime | None = None) -> OpinionRecord:
    """补充说明: a correction or remark, as a new event with its reason (history is never edited)."""
    return _step(ledger, opinion_id, K.NOTE, when=when, note=_require(note, "note", "说明"))


def get_opinion(ledger: Ledger, opinion_id: str) -> OpinionRecord:
    with ledger.read() as s:
        load_handle(s, opinion_id, ledger.calendar())  # raises NotFound with a clear message
        return _record_of(ledger, s, opinion_id)


def opinion_ids_for_reception(ledger: Ledger, reception_id: str) -> list[str]:
    with ledger.read() as s:
        return list(s.scalars(select(Opinion.id).where(Opinion.reception_id == reception_id)))

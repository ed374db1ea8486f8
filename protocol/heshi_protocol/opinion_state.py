"""The one pure function that derives an opinion's current state from its handling events.

``fold(events, calendar)`` never raises and never looks at the clock: the same events (in any arrival
order; they are sorted by time, then id) always give the same status. An event it cannot read (a value
of the wrong type, an unknown rating, a malformed date, …) changes nothing; it is listed in the status's
``unreadable`` with the schema's Chinese reason, so the opinion's history can show it as unreadable.
Station and centre both only append events, so merging their histories is a union and the fold of the
union is the truth.

``check_step`` says whether a new step makes sense after the events so far; the write path calls it
before appending. The fold itself is lenient (an out-of-order event from the centre is applied as it
stands) because history that already happened must still be shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from heshi_protocol.errors import InvalidStep
from heshi_protocol.vocab import OPEN_STATES, EventKind, OpinionState, OverdueLevel, Satisfaction
from heshi_protocol.workdays import CalendarYearMissing, HolidayCalendar

S = OpinionState
K = EventKind

LONG_OVERDUE_AFTER = 5  # working days past the deadline
DUE_SOON_WITHIN = 2  # working days before the deadline


@dataclass(frozen=True)
class EventRecord:
    """A handling event as the fold sees it (plain data, no ORM)."""

    id: str
    kind: str
    occurred_at: datetime
    data: dict = field(default_factory=dict)
    note: str = ""
    actor: str = ""
    source: str = "station"


@dataclass(frozen=True)
class OpinionStatus:
    state: OpinionState = S.REGISTERED
    paused_since: date | None = None
    lead_unit_id: str | None = None
    assist_unit_ids: tuple[str, ...] = ()
    transferred_on: date | None = None
    base_due_date: date | None = None
    paused_working_days: int = 0
    due_date: date | None = None
    # True when the deadline was computed on a provisional holiday table (暂定): a year whose official
    # arrangement was not yet known. A ``deadline_recomputed`` event clears it once the table arrives.
    # It is the base deadline's flag (from the event that set it) or'ed, by the fold, with whether the
    # paused working days added to it were counted over a provisional year.
    due_provisional: bool = False
    base_due_provisional: bool = False
    pause_provisional: bool = False
    deadline_problem: str = ""
    reply: str = ""
    replied_on: date | None = None
    fed_back_on: date | None = None
    feedback_method: str = ""
    satisfaction: Satisfaction | None = None
    closed_on: date | None = None
    reopen_count: int = 0
    urge_count: int = 0
    duplicate_of: str | None = None
    voided_on: date | None = None
    last_event_at: datetime | None = None
    # (event id, Chinese reason) of each event the fold could not read; they changed nothing above.
    unreadable: tuple[tuple[str, str], ...] = ()

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def paused(self) -> bool:
        return self.paused_since is not None

    @property
    def closed_on_time(self) -> bool | None:
        """True/False for a closed opinion with a deadline; None when it has no deadline or is not closed."""
        if self.state != S.CLOSED or self.closed_on is None or self.due_date is None:
            return None
        return self.closed_on <= self.due_date


def sort_events(events: Iterable[EventRecord]) -> list[EventRecord]:
    return sorted(events, key=lambda e: (e.occurred_at, e.id))


def _unreadable_reason(ev: object, exc: Exception | None = None) -> str:
    from heshi_protocol.schemas import event_problems  # the schema imports vocab only; no cycle at import

    found = event_problems(ev)
    if found:
        return "；".join(found)
    return f"办理记录无法读取（{type(exc).__name__}）" if exc is not None else "办理记录无法读取"


def _readable_in_order(events: Iterable[EventRecord]) -> tuple[list[EventRecord], list[tuple[str, str]]]:
    """The events sorted by (time, id), and those that cannot even be ordered (no real time or id)."""
    events = list(events)
    try:
        return sort_events(events), []
    except Exception:  # some time is not a datetime (or mixes aware and naive): sort the others
        pass
    good, bad = [], []
    for ev in events:
        when = getattr(ev, "occurred_at", None)
        if isinstance(when, datetime) and when.tzinfo is not None and isinstance(getattr(ev, "id", None), str):
            good.append(ev)
        else:
            bad.append((str(getattr(ev, "id", "")), _unreadable_reason(ev)))
    try:
        return sort_events(good), bad
    except Exception:
        return [], bad + [(str(getattr(ev, "id", "")), _unreadable_reason(ev)) for ev in good]


def fold(events: Iterable[EventRecord], calendar: HolidayCalendar) -> OpinionStatus:
    """Derive the status after ``events``. Pure: depends on nothing but its arguments. Total: never raises;
    an event that cannot be applied is skipped and listed in ``unreadable``."""
    ordered, unreadable = _readable_in_order(events)
    st = OpinionStatus()
    for ev in ordered:
        try:
            st = _apply(st, ev, calendar)
        except Exception as exc:  # a bad value inside the event: keep the status before it
            unreadable.append((str(ev.id), _unreadable_reason(ev, exc)))
    if unreadable:
        st = replace(st, unreadable=tuple(unreadable))
    try:
        return _with_due_date(st, calendar)
    except Exception as exc:
        return replace(st, due_date=st.base_due_date, deadline_problem=f"办理期限无法计算（{type(exc).__name__}）")


def _apply(st: OpinionStatus, ev: EventRecord, cal: HolidayCalendar) -> OpinionStatus:
    day = ev.occurred_at.date()
    d = ev.data or {}
    st = replace(st, last_event_at=ev.occurred_at)
    match ev.kind:
        case K.REGISTERED:
            due = _parse_date(d.get("due_date"))
            if d.get("route") in ("station",):
                return replace(
                    st, state=S.HANDLING, base_due_date=due, transferred_on=day,
                    base_due_provisional=bool(d.get("due_provisional")),
                )  # fmt: skip
            return replace(st, state=S.REGISTERED)
        case K.ANSWERED_ON_SPOT:
            return replace(
                st,
                state=S.FED_BACK,
                reply=d.get("answer", ev.note),
                replied_on=day,
                fed_back_on=day,
                feedback_method=d.get("method", "in_person"),
            )
        case K.TRANSFERRED:
            return replace(
                st,
                state=S.TRANSFERRED,
                lead_unit_id=d.get("lead_unit_id"),
                assist_unit_ids=tuple(d.get("assist_unit_ids", ())),
                transferred_on=day,
                base_due_date=_parse_date(d.get("due_date")),
                base_due_provisional=bool(d.get("due_provisional")),
                paused_working_days=0,
                pause_provisional=False,
                paused_since=None,
                reply="",
                replied_on=None,
            )
        case K.ACCEPTED:
            return replace(st, state=S.HANDLING)
        case K.RETURNED:
            return replace(
                st, state=S.RETURNED, lead_unit_id=None, assist_unit_ids=(), base_due_date=None,
                base_due_provisional=False,
            )  # fmt: skip
        case K.REPLIED:
            return replace(st, state=S.REPLIED, reply=d.get("reply", ev.note), replied_on=day, paused_since=None)
        case K.EXTENDED:
            new_due = _parse_date(d.get("new_due_date"))
            if new_due is None:
                return st
            return replace(st, base_due_date=new_due, base_due_provisional=bool(d.get("due_provisional")))
        case K.DEADLINE_RECOMPUTED:
            # The official holiday table arrived: the deadline computed on the provisional one is replaced.
            new_due = _parse_date(d.get("due_date"))
            if new_due is None or st.base_due_date is None:
                return st
            return replace(st, base_due_date=new_due, base_due_provisional=bool(d.get("provisional")))
        case K.PAUSED:
            return st if st.paused_since else replace(st, paused_since=day)
        case K.RESUMED:
            if st.paused_since is None:
                return st
            try:
                gained = cal.working_days_between(st.paused_since, day)
            except CalendarYearMissing as exc:
                return replace(st, paused_since=None, deadline_problem=str(exc))
            return replace(
                st,
                paused_since=None,
                paused_working_days=st.paused_working_days + max(gained, 0),
                pause_provisional=st.pause_provisional or cal.span_is_provisional(st.paused_since, day),
            )
        case K.URGED:
            return replace(st, urge_count=st.urge_count + 1)
        case K.FED_BACK:
            return replace(
                st,
                state=S.FED_BACK,
                fed_back_on=_parse_date(d.get("fed_back_on")) or day,
                feedback_method=d.get("method", ""),
            )
        case K.SATISFACTION:
            return replace(st, satisfaction=Satisfaction(d["rating"]) if d.get("rating") else None)
        case K.REOPENED:
            return replace(
                st,
                state=S.REOPENED,
                reopen_count=st.reopen_count + 1,
                closed_on=None,
                satisfaction=None,
                fed_back_on=None,
                reply="",
                replied_on=None,
                base_due_date=None,
                base_due_provisional=False,
                pause_provisional=False,
                paused_working_days=0,
                paused_since=None,
                lead_unit_id=None,
                assist_unit_ids=(),
            )
        case K.CLOSED:
            return replace(st, state=S.CLOSED, closed_on=day, paused_since=None)
        case K.WITHDRAWN:
            return replace(st, state=S.WITHDRAWN, closed_on=day, paused_since=None)
        case K.DUPLICATE:
            return replace(st, state=S.DUPLICATE, duplicate_of=d.get("duplicate_of"), closed_on=day)
        case K.VOIDED:
            return replace(st, state=S.VOIDED, voided_on=day, paused_since=None)
        case _:  # NOTE, CORRECTED and kinds from a newer centre: history only
            return st


def _with_due_date(st: OpinionStatus, cal: HolidayCalendar) -> OpinionStatus:
    if st.base_due_date is None:
        return replace(st, due_date=None, due_provisional=False)
    provisional = st.base_due_provisional or st.pause_provisional
    if st.paused_working_days == 0:
        return replace(st, due_date=st.base_due_date, due_provisional=provisional)
    try:
        due, extended_provisionally = cal.deadline(st.base_due_date, st.paused_working_days)
    except CalendarYearMissing as exc:
        return replace(st, due_date=st.base_due_date, due_provisional=provisional, deadline_problem=str(exc))
    return replace(st, due_date=due, due_provisional=provisional or extended_provisionally)


def _parse_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def overdue_level(st: OpinionStatus, today: date, cal: HolidayCalendar) -> OverdueLevel | None:
    """How pressing an open opinion's deadline is today; None when closed, paused or without deadline.

    Raises CalendarYearMissing when the working days between today and the deadline cannot be counted.
    """
    if not st.is_open or st.paused:
        return None
    return deadline_level(st.due_date, today, cal)


def deadline_level(due_date: date | None, today: date, cal: HolidayCalendar) -> OverdueLevel | None:
    """How pressing ``due_date`` is today for an open, running opinion (the part of ``overdue_level`` that
    needs only the deadline, so a list can judge its rows from the cached columns without folding).

    Raises CalendarYearMissing when the working days between today and the deadline cannot be counted.
    """
    if due_date is None:
        return None
    if today == due_date:
        return OverdueLevel.DUE_TODAY
    if today < due_date:
        return OverdueLevel.DUE_SOON if cal.working_days_between(today, due_date) <= DUE_SOON_WITHIN else None
    past = cal.working_days_between(due_date, today)
    return OverdueLevel.LONG_OVERDUE if past > LONG_OVERDUE_AFTER else OverdueLevel.OVERDUE


# Which steps make sense in which state. The write path checks this before appending an event.
_HANDLING = frozenset({S.TRANSFERRED, S.HANDLING})
_ALLOWED: dict[EventKind, frozenset[OpinionState]] = {
    K.ANSWERED_ON_SPOT: frozenset({S.REGISTERED, S.REOPENED}),
    # HANDLING only when the station itself handles it (站内协调, no unit): see ``check_step``.
    K.TRANSFERRED: frozenset({S.REGISTERED, S.REOPENED, S.RETURNED, S.HANDLING}),
    K.ACCEPTED: frozenset({S.TRANSFERRED}),
    K.RETURNED: _HANDLING,  # and only with a unit
    K.REPLIED: _HANDLING,
    K.EXTENDED: _HANDLING,
    K.PAUSED: _HANDLING,
    K.RESUMED: _HANDLING,
    K.URGED: _HANDLING,  # and only with a unit: 督办 is of a handling unit
    K.FED_BACK: frozenset({S.REPLIED}),
    K.SATISFACTION: frozenset({S.FED_BACK}),
    K.REOPENED: frozenset({S.FED_BACK, S.CLOSED}),
    K.CLOSED: frozenset({S.FED_BACK}),
    K.WITHDRAWN: OPEN_STATES,
    K.DUPLICATE: OPEN_STATES,
    K.NOTE: frozenset(S),
    K.CORRECTED: frozenset(S) - {S.VOIDED},
    K.VOIDED: frozenset(S) - {S.VOIDED},
}

# The step that put an opinion in a final state: repeating it gets "already …", not a generic refusal.
_FINAL_BY: dict[OpinionState, tuple[EventKind, str]] = {
    S.CLOSED: (K.CLOSED, "该意见已办结"),
    S.WITHDRAWN: (K.WITHDRAWN, "该意见已撤回"),
    S.DUPLICATE: (K.DUPLICATE, "该意见已标记为重复件"),
    S.VOIDED: (K.VOIDED, "该意见已作废"),
}


# How a step reads after "不能…" where its label is a noun.
_VERB = {
    K.SATISFACTION: "记录满意度",
    K.DUPLICATE: "标记为重复件",
    K.REPLIED: "记录办理答复",
    K.FED_BACK: "反馈群众",
}


def _verb(kind: EventKind) -> str:
    return _VERB.get(kind, kind.label)


def _unit_handled(st: OpinionStatus) -> bool:
    return st.lead_unit_id is not None


def _refusal(st: OpinionStatus, kind: EventKind) -> str | None:
    """The real reason ``kind`` cannot follow status ``st`` (None: it can)."""
    state = st.state
    if state not in _ALLOWED[kind]:
        if state in _FINAL_BY:
            step, said = _FINAL_BY[state]
            if kind == step:
                return f"{said}，不能重复{_verb(kind)}"
            if state == S.CLOSED and kind in (K.TRANSFERRED, K.ANSWERED_ON_SPOT, K.REPLIED, K.URGED):
                return f"{said}，如需继续办理请先“重新办理”"
            return f"{said}，不能{_verb(kind)}"
        return _WHY_NOT.get(kind, lambda _st: f"当前状态为“{state.label}”，不能{_verb(kind)}")(st)
    if kind == K.TRANSFERRED and state == S.HANDLING and _unit_handled(st):
        return "该意见已转办承办单位办理中；如需改派，请先记录承办单位“退回改派”"
    if kind in (K.RETURNED, K.URGED) and not _unit_handled(st):
        return ("该意见由本站协调办理，没有承办单位可退回" if kind == K.RETURNED
                else "该意见没有承办单位，督办只针对已转办承办单位的意见")  # fmt: skip
    if kind == K.PAUSED and st.paused:
        return "已在暂停计时中"
    if kind == K.RESUMED and not st.paused:
        return "未暂停计时，无需恢复"
    if kind == K.SATISFACTION and st.satisfaction is not None:
        return f"已记录满意度（{st.satisfaction.label}），如需更正请先重新办理"
    if kind in (K.EXTENDED, K.PAUSED) and st.due_date is None:
        return "该意见没有办理时限，无需延期或暂停计时"
    return None


def _not_in_hand(what: str):
    def reason(st: OpinionStatus) -> str:
        if st.state == S.RETURNED:
            return f"承办单位已退回，需先重新转办，才能{what}"
        if st.state in (S.REPLIED, S.FED_BACK):
            return f"已收到办理答复，不能再{what}"
        return f"该意见尚未交办，不能{what}"

    return reason


# Refusals in open states (final states are answered by ``_FINAL_BY``).
_WHY_NOT = {
    K.SATISFACTION: lambda st: "尚未反馈群众，不能记录满意度",
    K.CLOSED: lambda st: "尚未反馈群众，不能办结",
    K.FED_BACK: lambda st: "已反馈群众，不能重复反馈" if st.state == S.FED_BACK else "尚未收到办理答复，不能反馈群众",
    K.TRANSFERRED: lambda st: (
        "已转办，承办单位尚未签收；如需改派请先记录“退回改派”"
        if st.state == S.TRANSFERRED
        else "已收到办理答复，不能再转办（如需继续办理请先“重新办理”）"
    ),
    K.REOPENED: lambda st: "该意见已在重新办理中" if st.state == S.REOPENED else "只有已反馈或已办结的意见才能重新办理",
    K.ANSWERED_ON_SPOT: lambda st: "只有待处理或重新办理的意见才能当场答复",
    K.ACCEPTED: lambda st: (
        "承办单位已签收" if st.state == S.HANDLING and st.lead_unit_id else "该意见没有待签收的转办，不能签收"
    ),
    K.RETURNED: _not_in_hand("退回改派"),
    K.REPLIED: lambda st: (
        "已收到办理答复，不能重复记录办理答复" if st.state == S.REPLIED else _not_in_hand("记录办理答复")(st)
    ),
    K.EXTENDED: _not_in_hand("延期"),
    K.PAUSED: _not_in_hand("暂停计时"),
    K.RESUMED: _not_in_hand("恢复计时"),
    K.URGED: _not_in_hand("督办"),
}


def check_step(st: OpinionStatus, kind: EventKind) -> None:
    """Raise InvalidStep (Chinese message naming the real reason and the current state) when ``kind`` makes
    no sense after status ``st``."""
    if kind not in _ALLOWED or kind in (K.REGISTERED, K.DEADLINE_RECOMPUTED):
        raise InvalidStep(f"不能手工添加“{kind.label}”记录")
    reason = _refusal(st, kind)
    if reason is not None:
        raise InvalidStep(f"{reason}（当前状态：{st.state.label}）")


def allowed_steps(st: OpinionStatus) -> frozenset[EventKind]:
    """The handling steps ``check_step`` accepts after status ``st`` (what the window offers as actions)."""
    allowed = set()
    for kind in _ALLOWED:
        try:
            check_step(st, kind)
        except InvalidStep:
            continue
        allowed.add(kind)
    return frozenset(allowed)


def events_as_of(events: Iterable[EventRecord], as_of: date) -> list[EventRecord]:
    """The events dated on or before ``as_of`` (by the local date each event carries)."""
    return [e for e in events if e.occurred_at.date() <= as_of]


def fold_as_of(events: Iterable[EventRecord], calendar: HolidayCalendar, as_of: date) -> OpinionStatus:
    """The status the history showed at the end of day ``as_of``: events dated later are left out, so
    anything recorded with a later date never changes it. Pure, like ``fold``."""
    return fold(events_as_of(events, as_of), calendar)


def fold_steps(
    events: Iterable[EventRecord], calendar: HolidayCalendar
) -> Iterator[tuple[EventRecord | None, OpinionStatus]]:
    """Walk the history: each event (in fold order) with the status just before it; finally ``(None, status
    after every event)``. The statuses are the fold's working state: their ``due_date`` is NOT worked out
    (``deadline_of`` does that, only where a rule needs it — it is the costly part). Lets a rule see what
    the deadline was on any day, not only at the end."""
    st = OpinionStatus()
    for ev in sort_events(events):
        yield ev, st
        try:
            st = _apply(st, ev, calendar)
        except Exception:  # an event whose values cannot be read changes nothing; the walk goes on
            continue
    yield None, st


def deadline_of(st: OpinionStatus, calendar: HolidayCalendar) -> date | None:
    """The deadline of a status from ``fold_steps``, extensions and finished pauses included (as ``fold``
    computes ``due_date``); None without one."""
    if not st.paused_working_days:
        return st.base_due_date
    try:
        return _with_due_date(st, calendar).due_date
    except Exception:  # as ``fold``: the base deadline when the paused days cannot be added
        return st.base_due_date

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
from dataclasses import dataclass, field, fields
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


# ------------------------------------------------------------------------------------------- the fold
# The fold keeps one mutable working state (``_Working``) and freezes it into an ``OpinionStatus`` once, at
# the end: a frozen copy per event (``dataclasses.replace``) was most of the cost of the monthly figures.
# Each step reads and converts everything it needs from the event BEFORE it assigns anything, so an event
# that raises half-way leaves the working state exactly as it was (the fold's "changes nothing" guarantee).

_FIELDS = tuple(f.name for f in fields(OpinionStatus))
_DEFAULTS = OpinionStatus()


class _Working:
    """The fold's mutable state: the attributes of ``OpinionStatus`` (``due_date`` is not worked out here).

    A new one costs nothing: every attribute starts as the class attribute holding ``OpinionStatus``'s
    default (all immutable values), and a step's assignment shadows it on the instance."""

    def frozen(self, **changes) -> OpinionStatus:
        values = {name: getattr(self, name) for name in _FIELDS}
        values.update(changes)
        return OpinionStatus(**values)


for _name in _FIELDS:
    setattr(_Working, _name, getattr(_DEFAULTS, _name))


def _registered(w: _Working, ev: EventRecord, d: dict, day: date, cal: HolidayCalendar) -> None:
    due = _parse_date(d.get("due_date"))
    if d.get("route") in ("station",):
        provisional = bool(d.get("due_provisional"))
        w.state, w.base_due_date, w.transferred_on, w.base_due_provisional = S.HANDLING, due, day, provisional
    else:
        w.state = S.REGISTERED


def _answered_on_spot(w: _Working, ev: EventRecord, d: dict, day: date, cal: HolidayCalendar) -> None:
    reply, method = d.get("answer", ev.note), d.get("method", "in_person")
    w.state, w.reply, w.replied_on, w.fed_back_on, w.feedback_method = S.FED_BACK, reply, day, day, method


def _transferred(w: _Working, ev: EventRecord, d: dict, day: date, cal: HolidayCalendar) -> None:
    lead, assist = d.get("lead_unit_id"), tuple(d.get("assist_unit_ids", ()))
    due, provisional = _parse_date(d.get("due_date")), bool(d.get("due_provisional"))
    w.state, w.lead_unit_id, w.assist_unit_ids, w.transferred_on = S.TRANSFERRED, lead, assist, day
    w.base_due_date, w.base_due_provisional = due, provisional
    w.paused_working_days, w.pause_provisional, w.paused_since = 0, False, None
    w.reply, w.replied_on = "", None


def _accepted(w: _Working, ev: EventRecord, d: dict, day: date, cal: HolidayCalendar) -> None:
    w.state = S.HANDLING


def _returned(w: _Working, ev: EventRecord, d: dict, day: date, cal: HolidayCalendar) -> None:
    w.state, w.lead_unit_id, w.assist_unit_ids = S.RETURNED, None, ()
    w.base_due_date, w.base_due_provisional = None, False


def _replied(w: _Working, ev: EventRecord, d: dict, day: date, cal: HolidayCalendar) -> None:
    reply = d.get("reply", ev.note)
    w.state, w.reply, w.replied_on, w.paused_since = S.REPLIED, reply, day, None


def _extended(w: _Working, ev: EventRecord, d: dict, day: date, cal: HolidayCalendar) -> None:
    new_due = _parse_date(d.get("new_due_date"))
    if new_due is not None:
        provisional = bool(d.get("due_provisional"))
        w.base_due_date, w.base_due_provisional = new_due, provisional


def _deadline_recomputed(w: _Working, ev: EventRecord, d: dict, day: date, cal: HolidayCalendar) -> None:
    # The official holiday table arrived: the deadline computed on the provisional one is replaced.
    new_due = _parse_date(d.get("due_date"))
    if new_due is not None and w.base_due_date is not None:
        provisional = bool(d.get("provisional"))
        w.base_due_date, w.base_due_provisional = new_due, provisional


def _paused(w: _Working, ev: EventRecord, d: dict, day: date, cal: HolidayCalendar) -> None:
    if not w.paused_since:
        w.paused_since = day


def _resumed(w: _Working, ev: EventRecord, d: dict, day: date, cal: HolidayCalendar) -> None:
    if w.paused_since is None:
        return
    try:
        gained = cal.working_days_between(w.paused_since, day)
    except CalendarYearMissing as exc:
        w.paused_since, w.deadline_problem = None, str(exc)
        return
    total = w.paused_working_days + max(gained, 0)
    provisional = w.pause_provisional or cal.span_is_provisional(w.paused_since, day)
    w.paused_since, w.paused_working_days, w.pause_provisional = None, total, provisional


def _urged(w: _Working, ev: EventRecord, d: dict, day: date, cal: HolidayCalendar) -> None:
    w.urge_count += 1


def _fed_back(w: _Working, ev: EventRecord, d: dict, day: date, cal: HolidayCalendar) -> None:
    on, method = _parse_date(d.get("fed_back_on")) or day, d.get("method", "")
    w.state, w.fed_back_on, w.feedback_method = S.FED_BACK, on, method


def _satisfaction(w: _Working, ev: EventRecord, d: dict, day: date, cal: HolidayCalendar) -> None:
    w.satisfaction = Satisfaction(d["rating"]) if d.get("rating") else None


def _reopened(w: _Working, ev: EventRecord, d: dict, day: date, cal: HolidayCalendar) -> None:
    w.state, w.reopen_count = S.REOPENED, w.reopen_count + 1
    w.closed_on, w.satisfaction, w.fed_back_on, w.reply, w.replied_on = None, None, None, "", None
    w.base_due_date, w.base_due_provisional, w.pause_provisional = None, False, False
    w.paused_working_days, w.paused_since, w.lead_unit_id, w.assist_unit_ids = 0, None, None, ()


def _closed(w: _Working, ev: EventRecord, d: dict, day: date, cal: HolidayCalendar) -> None:
    w.state, w.closed_on, w.paused_since = S.CLOSED, day, None


def _withdrawn(w: _Working, ev: EventRecord, d: dict, day: date, cal: HolidayCalendar) -> None:
    w.state, w.closed_on, w.paused_since = S.WITHDRAWN, day, None


def _duplicate(w: _Working, ev: EventRecord, d: dict, day: date, cal: HolidayCalendar) -> None:
    of = d.get("duplicate_of")
    w.state, w.duplicate_of, w.closed_on = S.DUPLICATE, of, day


def _voided(w: _Working, ev: EventRecord, d: dict, day: date, cal: HolidayCalendar) -> None:
    w.state, w.voided_on, w.paused_since = S.VOIDED, day, None


def _history_only(w: _Working, ev: EventRecord, d: dict, day: date, cal: HolidayCalendar) -> None:
    pass  # NOTE, CORRECTED and kinds from a newer centre: history only


_STEPS = {
    K.REGISTERED: _registered,
    K.ANSWERED_ON_SPOT: _answered_on_spot,
    K.TRANSFERRED: _transferred,
    K.ACCEPTED: _accepted,
    K.RETURNED: _returned,
    K.REPLIED: _replied,
    K.EXTENDED: _extended,
    K.DEADLINE_RECOMPUTED: _deadline_recomputed,
    K.PAUSED: _paused,
    K.RESUMED: _resumed,
    K.URGED: _urged,
    K.FED_BACK: _fed_back,
    K.SATISFACTION: _satisfaction,
    K.REOPENED: _reopened,
    K.CLOSED: _closed,
    K.WITHDRAWN: _withdrawn,
    K.DUPLICATE: _duplicate,
    K.VOIDED: _voided,
}


def _apply(w: _Working, ev: EventRecord, cal: HolidayCalendar) -> None:
    """Apply one event to ``w`` in place; when it raises, ``w`` is unchanged."""
    day = ev.occurred_at.date()
    d = ev.data or {}
    try:
        step = _STEPS.get(ev.kind, _history_only)
    except TypeError:  # an unhashable kind: no kind the fold knows (as before, it changes nothing)
        step = _history_only
    step(w, ev, d, day, cal)
    w.last_event_at = ev.occurred_at


def fold(events: Iterable[EventRecord], calendar: HolidayCalendar) -> OpinionStatus:
    """Derive the status after ``events``. Pure: depends on nothing but its arguments. Total: never raises;
    an event that cannot be applied is skipped and listed in ``unreadable``."""
    ordered, unreadable = _readable_in_order(events)
    w = _Working()
    for ev in ordered:
        try:
            _apply(w, ev, calendar)
        except Exception as exc:  # a bad value inside the event: keep the status before it
            unreadable.append((str(ev.id), _unreadable_reason(ev, exc)))
    try:
        due, provisional, problem = _due(w, calendar)
    except Exception as exc:
        return w.frozen(
            unreadable=tuple(unreadable),
            due_date=w.base_due_date,
            deadline_problem=f"办理期限无法计算（{type(exc).__name__}）",
        )
    return w.frozen(unreadable=tuple(unreadable), due_date=due, due_provisional=provisional, deadline_problem=problem)


def _due(st: OpinionStatus | _Working, cal: HolidayCalendar) -> tuple[date | None, bool, str]:
    """(deadline, whether it rests on a provisional table, deadline problem) of a status: the base deadline
    with the working days paused added. May raise (a date the calendar cannot count past)."""
    if st.base_due_date is None:
        return None, False, st.deadline_problem
    provisional = st.base_due_provisional or st.pause_provisional
    if st.paused_working_days == 0:
        return st.base_due_date, provisional, st.deadline_problem
    try:
        due, extended_provisionally = cal.deadline(st.base_due_date, st.paused_working_days)
    except CalendarYearMissing as exc:
        return st.base_due_date, provisional, str(exc)
    return due, provisional or extended_provisionally, st.deadline_problem


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
) -> Iterator[tuple[EventRecord | None, _Working]]:
    """Walk the history: each event (in fold order) with the status just before it; finally ``(None, status
    after every event)``. The status is the fold's live working state, read-only to the caller and valid only
    until the walk goes on (``.frozen()`` gives a lasting ``OpinionStatus``): no copy per step. It has every
    attribute of ``OpinionStatus`` but its ``due_date`` is NOT worked out (``deadline_of`` does that, only
    where a rule needs it — it is the costly part). Lets a rule see what the deadline was on any day, not
    only at the end."""
    w = _Working()
    for ev in sort_events(events):
        yield ev, w
        try:
            _apply(w, ev, calendar)
        except Exception:  # an event whose values cannot be read changes nothing; the walk goes on
            continue
    yield None, w


def deadline_of(st: OpinionStatus | _Working, calendar: HolidayCalendar) -> date | None:
    """The deadline of a status from ``fold_steps``, extensions and finished pauses included (as ``fold``
    computes ``due_date``); None without one."""
    if not st.paused_working_days:
        return st.base_due_date
    try:
        return _due(st, calendar)[0]
    except Exception:  # as ``fold``: the base deadline when the paused days cannot be added
        return st.base_due_date

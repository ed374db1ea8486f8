"""审批: the city office or the opinion's district decides a unit's 申请退回 / 申请延期.

A unit's request is a centre 补充说明 (``note``) event carrying ``data.request`` (``actions.unit_action``).
A decision is one more centre event naming the request (``data.request_id``), so it joins the pull feed and
reaches the station on its next sync like every other centre step:

- 同意延期 → an ``extended`` event whose ``new_due_date`` is the current deadline plus the working days
  asked, counted by the shared workday rules (``HolidayCalendar.deadline``) on the centre's holiday table
  with the statutory table behind it; ``due_provisional`` (暂定) is set when a counted day lies in a year
  without the official table, or when the deadline it extends was itself provisional — as the station's
  own 延期 (``heshi_station.ledger.opinions.extend``) does;
- 同意退回 → a ``returned`` event (the opinion goes back to the station to be transferred again);
- 不同意 → a ``note`` event with ``data.decision == "refused"`` and the reason (required).

Guarantees:
- only 市中心管理员 (any opinion) and 县区人大 (its own district's opinions) decide; anyone else gets
  ``Forbidden`` and nothing is written;
- a request is decided at most once: a second decision is refused (``DecisionRefused``);
- an approval is checked against the opinion's current state by the shared rules (``check_step``);
- all writes happen in the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from heshi_centre import admin, projection
from heshi_centre.console.accounts import CurrentUser, Role
from heshi_centre.console.actions import clean_text
from heshi_centre.console.queries import _shown_time
from heshi_centre.console.scope import Forbidden, visible_opinions
from heshi_centre.errors import CentreError
from heshi_centre.ledger_models import LedgerOpinion, LedgerOpinionEvent
from heshi_centre.models import CentreStation
from heshi_protocol.errors import InvalidStep
from heshi_protocol.opinion_state import check_step
from heshi_protocol.vocab import EventKind
from heshi_protocol.workdays import CalendarYearMissing, with_provisional

REQUEST_LABELS = {"return": "申请退回", "extension": "申请延期"}
DECIDERS = (Role.ADMIN, Role.DISTRICT)
# The kinds a decision is recorded as (approved extension, approved return, refusal).
DECISION_KINDS = (EventKind.EXTENDED.value, EventKind.RETURNED.value, EventKind.NOTE.value)


class DecisionRefused(CentreError):
    status, code = 409, "decision_refused"


@dataclass(frozen=True)
class Decision:
    outcome: str  # "approved" | "refused"
    reason: str
    at: str
    actor: str
    new_due_date: str = ""
    provisional: bool = False


def decider_label(user: CurrentUser) -> str:
    return f"{user.district}人大" if user.role == Role.DISTRICT else "市人大代表联络服务中心"


def _require_decider(user: CurrentUser) -> None:
    if user.role not in DECIDERS:
        raise Forbidden(f"{user.role.label}账号不能审批退回或延期申请")


def _decisions_of(session: Session, keys: set[tuple[int, str]]) -> dict[str, Decision]:
    """Decisions (by request event id) among the centre events of these (station, opinion) pairs."""
    out: dict[str, Decision] = {}
    if not keys:
        return out
    e = LedgerOpinionEvent
    opinion_ids = sorted({o for _s, o in keys})
    for i in range(0, len(opinion_ids), 500):
        rows = session.scalars(
            select(e).where(
                e.source == "centre", e.kind.in_(DECISION_KINDS), e.opinion_id.in_(opinion_ids[i : i + 500])
            )
        )
        for ev in rows:
            d = ev.data or {}
            if (ev.station_id, ev.opinion_id) not in keys or not d.get("request_id"):
                continue
            out[str(d["request_id"])] = Decision(
                outcome=str(d.get("decision") or "approved"),
                reason=str(d.get("reason") or ""),
                at=_shown_time(ev),
                actor=ev.actor,
                new_due_date=str(d.get("new_due_date") or ""),
                provisional=bool(d.get("due_provisional")),
            )
    return out


def _is_request(ev: LedgerOpinionEvent) -> bool:
    d = ev.data or {}
    return ev.source == "centre" and d.get("request") in REQUEST_LABELS and not d.get("decision")


def _request_row(ev: LedgerOpinionEvent, o: LedgerOpinion, st: CentreStation, decision: Decision | None) -> dict:
    d = ev.data or {}
    return {
        "request_id": ev.id,
        "request": d.get("request"),
        "request_label": REQUEST_LABELS.get(d.get("request"), "申请"),
        "reason": d.get("reason", ""),
        "days": d.get("days"),
        "unit": ev.actor,
        "asked_at": _shown_time(ev),
        "station_code": st.code,
        "station_name": st.name,
        "district": st.district,
        "opinion_id": o.id,
        "content": o.content,
        "state": o.state,
        "due_date": o.due_date.isoformat() if o.due_date else "",
        "decision": decision.outcome if decision else "",
        "decision_label": {"approved": "同意", "refused": "不同意"}.get(decision.outcome, "") if decision else "待审批",
        "decision_reason": decision.reason if decision else "",
        "decided_at": decision.at if decision else "",
        "decided_by": decision.actor if decision else "",
        "new_due_date": decision.new_due_date if decision else "",
        "provisional": decision.provisional if decision else False,
    }


def _requests(session: Session, q, actor: str | None = None) -> list[dict]:
    e = LedgerOpinionEvent
    q = (
        q.add_columns(e)
        .join(e, (e.station_id == LedgerOpinion.station_id) & (e.opinion_id == LedgerOpinion.id))
        .where(e.source == "centre", e.kind == EventKind.NOTE.value)
        .order_by(e.occurred_at.desc(), e.id)
    )
    rows = session.execute(q if actor is None else q.where(e.actor == actor)).all()
    # A refusal is a note naming the request too; only the request itself has no ``decision``.
    found = [(o, st, ev) for o, st, ev in rows if _is_request(ev)]
    decisions = _decisions_of(session, {(o.station_id, o.id) for o, _st, _ev in found})
    return [_request_row(ev, o, st, decisions.get(ev.id)) for o, st, ev in found]


def pending_requests(session: Session, user: CurrentUser, *, include_decided: bool = False) -> dict:
    """待审批: the undecided requests on opinions the user may decide (the city office: all; a district:
    its own), newest first; with ``include_decided`` the decided ones too."""
    if user.role not in (*DECIDERS, Role.READONLY):
        raise Forbidden(f"{user.role.label}账号不能查看待审批的申请")
    rows = _requests(session, visible_opinions(user))
    pending = [r for r in rows if not r["decision"]]
    decided = [r for r in rows if r["decision"]] if include_decided else []
    return {"pending": pending, "decided": decided[:50], "can_decide": user.role in DECIDERS}


def unit_requests(session: Session, user: CurrentUser) -> list[dict]:
    """A unit's own requests (by its name, whether or not the opinion is still with it) and their outcome."""
    if user.role != Role.UNIT:
        return []
    q = select(LedgerOpinion, CentreStation).join(CentreStation, CentreStation.id == LedgerOpinion.station_id)
    return _requests(session, q, actor=user.unit)[:100]


def pending_of(session: Session, station_id: int, opinion_id: str) -> list[str]:
    """Ids of the opinion's undecided requests."""
    e = LedgerOpinionEvent
    asked = [
        ev
        for ev in session.scalars(
            select(e).where(e.station_id == station_id, e.opinion_id == opinion_id, e.kind == EventKind.NOTE.value)
        )
        if _is_request(ev)
    ]
    decided = _decisions_of(session, {(station_id, opinion_id)}) if asked else {}
    return [ev.id for ev in asked if ev.id not in decided]


def _find_request(session: Session, user: CurrentUser, code: str, opinion_id: str, request_id: str):
    row = session.execute(
        visible_opinions(user).where(CentreStation.code == code, LedgerOpinion.id == opinion_id)
    ).first()
    if row is None:
        raise Forbidden("没有这条意见，或您无权审批")
    o, st = row
    if user.role == Role.DISTRICT and st.district != user.district:
        raise Forbidden(f"该意见不属于{user.district}，不能审批")
    ev = session.get(LedgerOpinionEvent, (o.station_id, request_id))
    if ev is None or ev.opinion_id != o.id or ev.kind != EventKind.NOTE.value or not _is_request(ev):
        raise DecisionRefused("没有这项退回或延期申请")
    if request_id in _decisions_of(session, {(o.station_id, o.id)}):
        raise DecisionRefused("这项申请已经审批过，不能重复审批")
    return o, st, ev


def decide(
    session: Session, user: CurrentUser, code: str, opinion_id: str, request_id: str, outcome: str, form: dict
) -> str:
    """Record the decision (``outcome`` "approve" or "refuse") on one request; returns a Chinese confirmation.
    Raises ``Forbidden`` (role or district), ``DecisionRefused`` (no such request, already decided, a bad
    reason, a step the opinion's state does not allow, a deadline the calendar cannot count)."""
    _require_decider(user)
    if outcome not in ("approve", "refuse"):
        raise DecisionRefused(f"未知的审批结果：{outcome}")
    o, _st, ev = _find_request(session, user, code, opinion_id, request_id)
    asked = ev.data or {}
    what = REQUEST_LABELS[asked["request"]]
    actor = decider_label(user)
    reason = clean_text(form.get("reason", ""), "不同意的理由" if outcome == "refuse" else "审批意见",
                        required=outcome == "refuse")  # fmt: skip
    base = {"request_id": ev.id, "request": asked["request"], "reason": reason}
    if outcome == "refuse":
        data = {**base, "decision": "refused"}
        admin.record_event(session, code, o.id, EventKind.NOTE.value, note=f"不同意{ev.actor}的{what}", data=data,
                           actor=actor)  # fmt: skip
        return f"已不同意{ev.actor}的{what}，联络站下次同步时收到"
    admin.lock_station(session, o.station_id)  # an open push of the station is waited for
    status = projection.opinion_status(session, o.station_id, o.id)
    kind = EventKind.EXTENDED if asked["request"] == "extension" else EventKind.RETURNED
    try:
        check_step(status, kind)
    except InvalidStep as exc:
        raise DecisionRefused(f"不能同意{what}：{exc}") from exc
    data = {**base, "decision": "approved"}
    note = f"同意{ev.actor}的{what}"
    if kind == EventKind.EXTENDED:
        data |= _extension(session, status, int(asked.get("days") or 0))
        note += f"，延期{data['extra_days']}个工作日"
    admin.record_event(session, code, o.id, kind.value, note=note, data=data, actor=actor)
    if kind == EventKind.EXTENDED:
        shown = data["new_due_date"] + ("（暂定）" if data["due_provisional"] else "")
        return f"已同意{ev.actor}的{what}，新的办理期限为 {shown}，联络站下次同步时收到"
    return f"已同意{ev.actor}的{what}，意见退回联络站重新交办，联络站下次同步时收到"


def _extension(session: Session, status, days: int) -> dict:
    """``new_due_date``, ``extra_days`` and ``due_provisional`` of an approved extension of ``days``
    working days past the current deadline."""
    if days < 1:
        raise DecisionRefused("申请中没有可用的延期天数")
    start: date | None = status.base_due_date or status.due_date
    if start is None:
        raise DecisionRefused("该意见没有办理期限，不能延期")
    calendar = with_provisional(projection.centre_calendar(session))
    try:
        new_due, provisional = calendar.deadline(start, days)
    except CalendarYearMissing as exc:
        raise DecisionRefused(f"不能计算延期后的期限：{exc}") from exc
    return {
        "new_due_date": new_due.isoformat(),
        "extra_days": days,
        "due_provisional": bool(provisional or status.base_due_provisional),
    }

"""The console's reads: stations, opinions (filters and full-text search), one opinion with its whole
history, a unit's inbox. Each returns plain dicts, which both the page and its JSON endpoint show.

Full-text search: every whitespace-separated term must occur in the opinion's text (content, proposer,
village); terms are matched as substrings of the case-folded text, so two-character Chinese terms (路灯,
低保) match exactly like longer ones; the CJK bigram index (``search_index``, c0005) narrows the rows read.
The category filter takes a category's name (the centre's categories and those stations defined).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import false, func, or_, select, tuple_
from sqlalchemy.orm import Session

from heshi_centre.console import search_index
from heshi_centre.console.accounts import CurrentUser
from heshi_centre.console.scope import Forbidden, station_scope, visible_opinions, with_unit
from heshi_centre.ledger_models import LedgerOpinion, LedgerOpinionEvent, LedgerUnit
from heshi_centre.models import CentreCategory, CentreStation, CentreUnit, StationRecord, StationToken
from heshi_centre.projection import centre_calendar, parse_time
from heshi_protocol.opinion_state import OpinionStatus, overdue_level
from heshi_protocol.vocab import OPEN_STATES, EventKind, OpinionState, OverdueLevel, Route, Satisfaction
from heshi_protocol.workdays import CalendarYearMissing, HolidayCalendar

STALE_AFTER_DAYS = 7
# Times are shown in the city's own time, whatever the server's zone.
DISPLAY_TZ = ZoneInfo(os.environ.get("HESHI_CENTRE_TZ", "Asia/Shanghai"))
# The states in which a unit still holds an opinion: its inbox.
WITH_UNIT = (OpinionState.TRANSFERRED.value, OpinionState.HANDLING.value)
PAGE_SIZE = 50
MAX_TERMS = 8  # search terms beyond these are ignored: each adds conditions to the query
OPEN_VALUES = sorted(s.value for s in OPEN_STATES)


def label(enum, value) -> str:
    try:
        return enum(value).label
    except ValueError:
        return str(value or "")


def _day(d) -> str:
    return d.isoformat() if d else ""


def _aware(t: datetime | None) -> datetime | None:
    if t is None:
        return None
    return t if t.tzinfo else t.replace(tzinfo=UTC)


# -- stations -------------------------------------------------------------------------------------------


def list_stations(session: Session, user: CurrentUser, now: datetime | None = None) -> list[dict]:
    now = now or datetime.now(UTC)
    q = select(CentreStation).order_by(CentreStation.district, CentreStation.code)
    if (cond := station_scope(user)) is not None:
        q = q.where(cond)
    live_tokens = dict(
        session.execute(
            select(StationToken.station_id, func.count())
            .where(StationToken.revoked_at.is_(None))
            .group_by(StationToken.station_id)
        ).all()
    )
    opinions = dict(
        session.execute(select(LedgerOpinion.station_id, func.count()).group_by(LedgerOpinion.station_id)).all()
    )
    out = []
    for st in session.scalars(q):
        last = _aware(st.push_cursor_at)
        days = (now - last).days if last else None
        out.append(
            {
                "code": st.code,
                "name": st.name,
                "district": st.district,
                "township": st.township,
                "last_sync": last.astimezone(DISPLAY_TZ).strftime("%Y-%m-%d %H:%M") if last else "",
                "days_since_sync": days,
                "stale": days is None or days > STALE_AFTER_DAYS,
                "version": st.client_agent.rpartition("/")[2] if st.client_agent else "",
                "records_received": st.push_cursor,
                "opinions": opinions.get(st.id, 0),
                "has_token": bool(live_tokens.get(st.id)),
            }
        )
    return out


# -- opinions -------------------------------------------------------------------------------------------


@dataclass
class OpinionFilter:
    district: str = ""
    station: str = ""
    state: str = ""
    overdue: str = ""  # "overdue": open, running and past its deadline
    unit: str = ""
    month: str = ""
    category: str = ""
    q: str = ""
    page: int = 1

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v and k != "page"}


def filtered_opinions(session: Session, user: CurrentUser, f: OpinionFilter, today: date):
    q = visible_opinions(user)
    if f.district:
        q = q.where(CentreStation.district == f.district)
    if f.station:
        q = q.where(CentreStation.code == f.station)
    if f.state == "open":
        q = q.where(LedgerOpinion.state.in_(OPEN_VALUES))
    elif f.state:
        q = q.where(LedgerOpinion.state == f.state)
    if f.overdue == "overdue":
        q = q.where(
            LedgerOpinion.state.in_(OPEN_VALUES),
            LedgerOpinion.paused.is_(False),
            LedgerOpinion.due_date.is_not(None),
            LedgerOpinion.due_date < today,
        )
    if f.unit:
        q = with_unit(q, f.unit)
    if f.month:
        q = q.where(LedgerOpinion.month == f.month)
    if f.category:
        q = q.where(_category_named(session, f.category))
    for term in f.q.split()[:MAX_TERMS]:
        q = q.where(*search_index.term_condition(term))
    return q


def _category_named(session: Session, name: str):
    """An SQL condition: the opinion's category is called ``name`` (a centre category, or one a station
    defined itself and sent as a ``category`` record)."""
    centre_ids = list(session.scalars(select(CentreCategory.id).where(CentreCategory.name == name)))
    station_pairs = [
        (r.station_id, r.entity_id)
        for r in session.execute(
            select(StationRecord.station_id, StationRecord.entity_id, StationRecord.payload).where(
                StationRecord.entity == "category"
            )
        )
        if isinstance(r.payload, dict) and r.payload.get("name") == name
    ]
    conds = []
    if centre_ids:
        conds.append(LedgerOpinion.category_id.in_(centre_ids))
    if station_pairs:
        conds.append(tuple_(LedgerOpinion.station_id, LedgerOpinion.category_id).in_(station_pairs))
    return or_(*conds) if conds else false()


def category_names(session: Session) -> list[str]:
    """The category names an opinion can carry: the centre's, and those stations defined themselves."""
    names = set(session.scalars(select(CentreCategory.name)))
    for (payload,) in session.execute(select(StationRecord.payload).where(StationRecord.entity == "category")):
        if isinstance(payload, dict) and payload.get("name"):
            names.add(str(payload["name"]))
    return sorted(names)


class UnitNames:
    """Names for unit ids: a station's own units by (station, id), the centre's by id."""

    def __init__(self, session: Session, pairs: set[tuple[int, str]]):
        ids = sorted({u for _s, u in pairs})
        self.centre = dict(session.execute(select(CentreUnit.id, CentreUnit.name).where(CentreUnit.id.in_(ids))).all())
        self.station = {
            (r.station_id, r.id): r.name
            for r in session.execute(
                select(LedgerUnit.station_id, LedgerUnit.id, LedgerUnit.name).where(LedgerUnit.id.in_(ids))
            )
        }

    def name(self, station_id: int, unit_id: str | None) -> str:
        if not unit_id:
            return ""
        return self.station.get((station_id, unit_id)) or self.centre.get(unit_id) or unit_id


def _overdue(o: LedgerOpinion, today: date, calendar: HolidayCalendar) -> str:
    """The station's own overdue mark (``opinion_state.overdue_level``) on the stored state."""
    status = OpinionStatus(state=OpinionState(o.state), due_date=o.due_date, paused_since=today if o.paused else None)
    try:
        level = overdue_level(status, today, calendar)
    except CalendarYearMissing:
        return ""
    return level.label if level else ""


def opinion_row(o: LedgerOpinion, st: CentreStation, names: UnitNames, today: date, calendar) -> dict:
    return {
        "id": o.id,
        "station_code": st.code,
        "station_name": st.name,
        "district": st.district,
        "content": o.content,
        "proposer_name": "（保密）" if o.confidential else o.proposer_name,
        "village": o.village,
        "route": label(Route, o.route),
        "registered_on": _day(o.registered_on),
        "month": o.month,
        "state": o.state,
        "state_label": label(OpinionState, o.state),
        "lead_unit": names.name(o.station_id, o.lead_unit_id),
        "assist_units": [names.name(o.station_id, u) for u in o.assist_unit_ids or []],
        "due_date": _day(o.due_date),
        "overdue": _overdue(o, today, calendar),
        "reply": o.reply,
        "replied_on": _day(o.replied_on),
        "satisfaction": label(Satisfaction, o.satisfaction) if o.satisfaction else "",
    }


def _names_for(session: Session, rows) -> UnitNames:
    pairs = set()
    for o, _st in rows:
        pairs |= {(o.station_id, u) for u in [o.lead_unit_id, *(o.assist_unit_ids or [])] if u}
    return UnitNames(session, pairs)


def list_opinions(session: Session, user: CurrentUser, f: OpinionFilter, today: date) -> dict:
    """One page of the opinions ``user`` may see that match ``f``, newest first, with the true total.

    The total rides on the page's own query (a window count over every match, taken before the page is cut),
    so the matches are found once, not once for the count and again for the page; only a page past the end,
    which has no row to carry it, counts again."""
    q = filtered_opinions(session, user, f, today)
    page = max(f.page, 1)
    found = session.execute(
        q.add_columns(func.count().over().label("total"))
        .order_by(LedgerOpinion.registered_on.desc(), LedgerOpinion.id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    if found:
        total = found[0].total
    elif page == 1:
        total = 0
    else:
        total = session.scalar(select(func.count()).select_from(q.order_by(None).subquery()))
    rows = [(o, st) for o, st, _total in found]
    names = _names_for(session, rows)
    calendar = centre_calendar(session)
    return {
        "total": total,
        "page": page,
        "pages": max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        "opinions": [opinion_row(o, st, names, today, calendar) for o, st in rows],
    }


def filter_choices(session: Session, user: CurrentUser) -> dict:
    q = select(CentreStation.code, CentreStation.name, CentreStation.district).order_by(CentreStation.code)
    try:
        cond = station_scope(user)
    except Forbidden:  # a unit filters by what is in its inbox only
        cond = false()
    if cond is not None:
        q = q.where(cond)
    stations = session.execute(q).all()
    months = sorted({m for m in session.scalars(select(LedgerOpinion.month).distinct()) if m}, reverse=True)
    units = sorted(
        set(session.scalars(select(CentreUnit.name))) | set(session.scalars(select(LedgerUnit.name).distinct()))
    )
    return {
        "districts": sorted({s.district for s in stations if s.district}),
        "stations": [{"code": s.code, "name": s.name} for s in stations],
        "states": [{"value": s.value, "label": s.label} for s in OpinionState],
        "months": months,
        "units": [u for u in units if u],
        "categories": category_names(session),
    }


def opinion_detail(session: Session, user: CurrentUser, station_code: str, opinion_id: str, today: date) -> dict | None:
    """The opinion with its whole history (station's and centre's events, oldest first); None when it does
    not exist or the user may not see it."""
    row = session.execute(
        visible_opinions(user).where(CentreStation.code == station_code, LedgerOpinion.id == opinion_id)
    ).first()
    if row is None:
        return None
    o, st = row
    events = session.scalars(
        select(LedgerOpinionEvent)
        .where(LedgerOpinionEvent.station_id == o.station_id, LedgerOpinionEvent.opinion_id == o.id)
        .order_by(LedgerOpinionEvent.occurred_at, LedgerOpinionEvent.id)
    ).all()
    names = _names_for(session, [(o, st)])
    out = opinion_row(o, st, names, today, centre_calendar(session))
    reception = session.get(StationRecord, (o.station_id, "reception", o.reception_id or ""))
    out["reception_matter"] = (reception.payload or {}).get("matter", "") if reception else ""
    out["history"] = [
        {
            "id": e.id,
            "kind": e.kind,
            "kind_label": label(EventKind, e.kind),
            "occurred_at": _shown_time(e),
            "actor": e.actor,
            "source": "市中心" if e.source == "centre" else "联络站",
            "note": e.note,
            "text": _event_text(e),
        }
        for e in events
    ]
    out["_station_id"] = o.station_id
    out["_lead_unit_id"] = o.lead_unit_id
    return out


def _shown_time(e: LedgerOpinionEvent) -> str:
    t = parse_time(e.occurred_iso) or parse_time(e.occurred_at)
    return t.astimezone(DISPLAY_TZ).strftime("%Y-%m-%d %H:%M") if t else ""


def _event_text(e: LedgerOpinionEvent) -> str:
    d = e.data or {}
    parts = []
    for key, name in (("reply", "答复"), ("answer", "答复"), ("reason", "理由"), ("days", "申请天数"),
                      ("new_due_date", "新期限"), ("due_date", "办理期限")):  # fmt: skip
        if d.get(key):
            parts.append(f"{name}：{d[key]}")
    if d.get("due_provisional") and d.get("new_due_date"):
        parts.append("新期限为暂定（当年节假日安排未公布）")
    asked = {"return": "申请退回", "extension": "申请延期"}.get(d.get("request"), "")
    if d.get("decision") in ("approved", "refused"):  # a decision on a unit's request (console.decisions)
        parts = [p for p in parts if not p.startswith("申请天数")]
        parts.insert(0, ("同意" if d["decision"] == "approved" else "不同意") + asked)
    elif asked:
        parts.insert(0, asked)
    if e.note:
        parts.append(e.note)
    return "；".join(str(p) for p in parts)


def inbox(session: Session, user: CurrentUser, today: date) -> dict:
    """The opinions a unit still holds (transferred, in handling), the nearest deadline first."""
    q = visible_opinions(user).where(LedgerOpinion.state.in_(WITH_UNIT))
    rows = session.execute(
        q.order_by(LedgerOpinion.due_date.is_(None), LedgerOpinion.due_date, LedgerOpinion.registered_on)
    ).all()
    names = _names_for(session, rows)
    calendar = centre_calendar(session)
    out = []
    for o, st in rows:
        r = opinion_row(o, st, names, today, calendar)
        r["as_lead"] = r["lead_unit"] == user.unit
        out.append(r)
    overdue = {OverdueLevel.OVERDUE.label, OverdueLevel.LONG_OVERDUE.label}
    return {"unit": user.unit, "opinions": out, "overdue": sum(1 for r in out if r["overdue"] in overdue)}

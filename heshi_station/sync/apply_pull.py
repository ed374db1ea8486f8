"""Applying one page of centre-owned changes to the station's ledger, inside the caller's transaction.

Guarantees:
- the caller (``engine``) applies a page and stores the pull cursor in ONE local transaction;
- nothing applied here creates an outbox row: pulled data is the centre's and is never pushed back;
- roster deputies, units and categories are upserted by id with ``source="centre"``; a station record
  that already uses the same unit/category name is renamed “…（本站）” through the ordinary
  audit + outbox path (that rename is a station change, so the centre hears of it);
- a holiday year is checked and installed by ``install_pulled_calendar_year`` (which also recounts the
  provisional deadlines of open opinions); a bad one is refused whole, its report kept in
  ``counts.refused_calendars``, and the rest of the page is applied;
- a centre handling event is appended to the opinion's history with ``source="centre"`` and the cached
  state is refreshed from the fold (``refresh_cached_state``); it is never checked against ``check_step``
  because it already happened; an event already present, or for an opinion this ledger does not hold,
  is skipped (counted);
- each change is checked first (``pull_checks.pulled_problem``) and then applied inside its own SAVEPOINT:
  a change that fails the check, or whose applying raises anyway, is rolled back alone and set aside in
  ``pull_set_aside`` with its reason (counted in ``PullCounts.set_aside``); the rest of the page applies,
  so one bad change never stops a station and never rolls back good ones;
- a change that applies marks any open set-aside entry for the same record superseded;
- the caller calls ``ledger.calendar_changed()`` and ``ledger.reference_changed()`` after the page's
  transaction ends (committed or not), so no cache holds rows from a rolled-back page.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from heshi_protocol.kill_points import kill_point
from heshi_protocol.payloads import category_payload, unit_payload
from heshi_protocol.workdays import HolidayCalendar
from heshi_station.db.models import (
    Category,
    Deputy,
    HandlingUnit,
    Opinion,
    OpinionEvent,
    PulledChangeSetAside,
)
from heshi_station.ledger.context import Ledger, calendar_from_session
from heshi_station.ledger.holidays import HolidayTableInvalid, install_pulled_calendar_year
from heshi_station.ledger.opinions import refresh_cached_state
from heshi_station.ledger.pinyin import full_pinyin, initials
from heshi_station.sync.pull_checks import kind_label, pulled_problem

log = logging.getLogger(__name__)


@dataclass
class PullCounts:
    deputies: int = 0
    units: int = 0
    categories: int = 0
    calendar_years: int = 0
    events: int = 0
    skipped: int = 0
    # Holiday tables from the centre that failed the checks: one Chinese report each, for the clerk.
    refused_calendars: list[str] = field(default_factory=list)
    set_aside: int = 0
    # Why changes were set aside (reason -> how many), for the sync summary.
    set_aside_reasons: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.deputies + self.units + self.categories + self.calendar_years + self.events

    def add(self, other: PullCounts) -> None:
        for name in ("deputies", "units", "categories", "calendar_years", "events", "skipped", "set_aside"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.refused_calendars.extend(other.refused_calendars)
        for reason, n in other.set_aside_reasons.items():
            self.set_aside_reasons[reason] = self.set_aside_reasons.get(reason, 0) + n

    def note_set_aside(self, reason: str) -> None:
        self.set_aside += 1
        self.set_aside_reasons[reason] = self.set_aside_reasons.get(reason, 0) + 1


class _CalendarFromSession:
    """What ``refresh_cached_state`` needs from a ledger (``calendar()``), answered from this session, so a
    holiday year applied earlier in the same page (not yet committed) is already counted."""

    def __init__(self, session: Session) -> None:
        self._calendar = calendar_from_session(session)

    def calendar(self) -> HolidayCalendar:
        return self._calendar


def apply_changes(session: Session, ledger: Ledger, changes: list[dict], epoch: str = "") -> PullCounts:
    """Apply a page of changes in order; a change that cannot be applied is set aside, never raised."""
    counts = PullCounts()
    calendar_source = ledger
    for i, change in enumerate(changes):
        kind, p = change.get("kind"), change.get("payload")
        problem = pulled_problem(kind, p)
        if problem is None:
            applied = PullCounts()  # counted only once its savepoint is released
            try:
                with session.begin_nested():
                    calendar_source = _apply_one(session, ledger, calendar_source, kind, p, applied)
                    _supersede(session, ledger, kind, p)
                counts.add(applied)
            except HolidayTableInvalid as exc:  # refused whole (nothing written); the rest of the sync goes on
                problem = str(exc)
            except (KeyError, TypeError, ValueError, SQLAlchemyError) as exc:
                # The check is the first guard; this is the second: a change is rolled back alone.
                log.warning("pulled change %s (%s) could not be applied", change.get("seq"), kind, exc_info=True)
                problem = f"无法应用（{type(exc).__name__}：{_short(exc)}）"
                if kind == "calendar_year":
                    calendar_source = _CalendarFromSession(session)
        if problem is not None:
            if kind == "calendar_year" and problem not in counts.refused_calendars:
                counts.refused_calendars.append(problem)
            _set_aside(session, ledger, change, epoch, problem)
            counts.note_set_aside(f"{kind_label(kind)}：{problem}")
        if i == 0:
            session.flush()
            kill_point("mid_pull")
    return counts


def _short(exc: Exception, limit: int = 120) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _apply_one(session: Session, ledger: Ledger, calendar_source, kind: str, p: dict, counts: PullCounts):
    """Apply one checked change; returns the calendar source later events of the page must use."""
    if kind == "deputy":
        _deputy(session, ledger, p)
        counts.deputies += 1
    elif kind == "handling_unit":
        _unit(session, ledger, p)
        ledger.reference_changed()
        counts.units += 1
    elif kind == "category":
        _category(session, ledger, p)
        ledger.reference_changed()
        counts.categories += 1
    elif kind == "calendar_year":
        install_pulled_calendar_year(session, ledger, p)
        counts.calendar_years += 1
        session.flush()
        calendar_source = _CalendarFromSession(session)
    elif kind == "opinion_event":
        if _event(session, ledger, calendar_source, p):
            counts.events += 1
        else:
            counts.skipped += 1
    return calendar_source


def _entity_id(kind, p) -> str:
    if not isinstance(p, dict):
        return ""
    value = p.get("year") if kind == "calendar_year" else p.get("id")
    return str(value)[:64] if value is not None else ""


def _set_aside(session: Session, ledger: Ledger, change: dict, epoch: str, reason: str) -> None:
    """Keep the change with its reason; it replaces an open entry for the same record (a re-pull after a
    new centre epoch, or a later bad version), so the list holds each record once."""
    kind = str(change.get("kind"))[:40]
    entity_id = _entity_id(kind, change.get("payload"))
    payload = change.get("payload")
    session.execute(
        delete(PulledChangeSetAside).where(
            PulledChangeSetAside.kind == kind,
            PulledChangeSetAside.entity_id == entity_id,
            PulledChangeSetAside.superseded_at.is_(None),
        )
    )
    session.add(
        PulledChangeSetAside(
            change_seq=int(change.get("seq") or 0),
            epoch=epoch,
            kind=kind,
            entity_id=entity_id,
            payload=_storable(payload),
            reason=reason,
            set_aside_at=ledger.now(),
        )
    )


def _storable(payload) -> dict:
    """The payload as the JSON column keeps it (``json.dumps`` escapes lone surrogates and writes NaN);
    anything else (never sent by a well-formed page) as its text."""
    return payload if isinstance(payload, dict) else {"value": repr(payload)[:10000]}


def _supersede(session: Session, ledger: Ledger, kind: str, p: dict) -> None:
    session.execute(
        update(PulledChangeSetAside)
        .where(
            PulledChangeSetAside.kind == kind,
            PulledChangeSetAside.entity_id == _entity_id(kind, p),
            PulledChangeSetAside.superseded_at.is_(None),
        )
        .values(superseded_at=ledger.now())
        .execution_options(synchronize_session=False)
    )


def _text(p: dict, key: str, default: str = "") -> str:
    value = p.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise TypeError(f"{key} 应为文字")
    return value.strip()


def _deputy(session: Session, ledger: Ledger, p: dict) -> None:
    d = session.get(Deputy, p["id"])
    if d is None:
        d = Deputy(id=p["id"])
        session.add(d)
    d.name = _text(p, "name")
    if not d.name:
        raise ValueError("代表姓名为空")
    d.gender = _text(p, "gender")
    d.level = _text(p, "level")
    d.constituency = _text(p, "constituency")
    d.phone = _text(p, "phone")
    d.active = bool(p.get("active", True))
    d.name_initials = initials(d.name)
    d.name_pinyin = full_pinyin(d.name)
    d.source = "centre"
    d.updated_at = ledger.now()


def _free_name(session: Session, ledger: Ledger, model, entity: str, payload_fn, name: str, keep_id: str) -> None:
    """If a station-made row already uses ``name``, rename it so the centre's row can take the name."""
    clash = session.scalar(select(model).where(model.name == name, model.id != keep_id))
    if clash is None:
        return
    base = f"{name}（本站）"
    new_name, n = base, 1
    while session.scalar(select(model.id).where(model.name == new_name)) is not None:
        n += 1
        new_name = f"{base}{n}"
    clash.name = new_name
    session.flush()
    ledger.record_change(session, f"{entity}.rename_for_centre", entity, clash.id, payload_fn(clash))


def _unit(session: Session, ledger: Ledger, p: dict) -> None:
    name = _text(p, "name")
    if not name:
        raise ValueError("单位名称为空")
    _free_name(session, ledger, HandlingUnit, "handling_unit", unit_payload, name, p["id"])
    u = session.get(HandlingUnit, p["id"])
    if u is None:
        u = HandlingUnit(id=p["id"])
        session.add(u)
    parent = p.get("parent_id")
    u.name, u.kind, u.active, u.source = name, _text(p, "kind"), bool(p.get("active", True)), "centre"
    u.parent_id = parent if parent and session.get(HandlingUnit, parent) is not None else None
    session.flush()


def _category(session: Session, ledger: Ledger, p: dict) -> None:
    name = _text(p, "name")
    days = int(p["time_limit_days"])
    if not name or not 1 <= days <= 120:
        raise ValueError("意见类别或办理时限不正确")
    _free_name(session, ledger, Category, "category", category_payload, name, p["id"])
    c = session.get(Category, p["id"])
    if c is None:
        c = Category(id=p["id"])
        session.add(c)
    c.name, c.time_limit_days, c.active, c.source = name, days, bool(p.get("active", True)), "centre"
    session.flush()


def _event(session: Session, ledger: Ledger, calendar_source, p: dict) -> bool:
    if session.get(OpinionEvent, p["id"]) is not None:
        return False
    opinion = session.get(Opinion, p["opinion_id"])
    if opinion is None:
        return False
    occurred_at = datetime.fromisoformat(p["occurred_at"])
    if occurred_at.tzinfo is None:
        raise ValueError("办理时间缺少时区")
    data = p.get("data") or {}
    if not isinstance(data, dict):
        raise TypeError("data 应为对象")
    opinion.events.append(
        OpinionEvent(
            id=p["id"],
            opinion_id=opinion.id,
            kind=_text(p, "kind"),
            occurred_at=occurred_at,
            recorded_at=ledger.now(),
            actor=_text(p, "actor")[:50],
            source="centre",
            note=_text(p, "note"),
            data=data,
        )
    )
    refresh_cached_state(opinion, calendar_source)
    session.flush()
    return True

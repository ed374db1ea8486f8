"""Keeping the structured tables (``ledger_models``) current with what stations send and the centre records.

Guarantees:
- ``project_records`` runs inside the push's transaction: the structured tables change exactly when the
  stored records do, or not at all;
- an opinion's state columns are always ``opinion_state.fold`` (the one implementation the station uses)
  over all its events known here — the station's and the centre's — on the centre's holiday table
  (the bundled table when the centre has none). A push folds the history it read before its writes plus
  its own events as written (``held_histories`` + ``with_events``) — the same events a read-back would give,
  without waiting for the writes; a step recorded at the centre waits for an open push of the station
  (``admin.lock_station``), so neither misses the other's events;
- projecting never refuses a push: a value that cannot be read (a malformed date) is stored empty, the
  raw record stays in ``station_record``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from types import SimpleNamespace

from sqlalchemy import select
from sqlalchemy.orm import Session

from heshi_centre.bulk_write import delete_where, insert_rows, pipeline, update_rows, upsert_rows, where_in
from heshi_centre.console import overview_summary, search_index
from heshi_centre.duty_projection import project_duties
from heshi_centre.ledger_models import (
    LedgerAttendance,
    LedgerDeputy,
    LedgerOpinion,
    LedgerOpinionEvent,
    LedgerOpinionUnit,
    LedgerReception,
    LedgerUnit,
)
from heshi_centre.models import CentreEvent, CentreHolidayYear
from heshi_centre.stored_records import record_pages
from heshi_protocol.opinion_state import EventRecord, fold
from heshi_protocol.workdays import HolidayCalendar, load_bundled_calendar

BATCH = 500


def parse_time(value) -> datetime | None:
    """An ISO time as an aware datetime (naive ones are taken as UTC); None when unreadable."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        t = datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def parse_day(value) -> date | None:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def _month(d: date | datetime | None) -> str:
    # Formatted by hand: ``strftime`` cost 20 µs a call, a tenth of a push's projection.
    return f"{d.year:04d}-{d.month:02d}" if d else ""


def _text(value, limit: int) -> str:
    return str(value or "")[:limit]


def search_text(*parts) -> str:
    """What full-text search matches: the parts joined, case-folded (substring match keeps 2-character
    Chinese terms working, which token indexes miss)."""
    return "\n".join(str(p) for p in parts if p).casefold()


_calendars: dict[tuple, HolidayCalendar] = {}


def centre_calendar(session: Session) -> HolidayCalendar:
    """The centre's holiday table (the bundled one when it has none), built once per distinct content."""
    rows = list(
        session.execute(select(CentreHolidayYear.year, CentreHolidayYear.days).order_by(CentreHolidayYear.year))
    )
    key = tuple((r.year, tuple(tuple(d) for d in r.days)) for r in rows)
    if key not in _calendars:
        if not rows:
            _calendars[key] = load_bundled_calendar()
        else:
            entries = [(date.fromisoformat(d), bool(work), name) for r in rows for d, work, name in r.days]
            _calendars[key] = HolidayCalendar.from_entries([r.year for r in rows], entries)
        if len(_calendars) > 8:  # holiday tables change a few times a year; keep the newest
            _calendars.pop(next(iter(_calendars)))
    return _calendars[key]


def _reception_row(station_id: int, p: Mapping) -> dict:
    at = parse_time(p.get("received_at"))
    visitors = p.get("visitors") if isinstance(p.get("visitors"), list) else []
    people = 0
    for v in visitors:
        try:
            people += max(int((v or {}).get("group_size") or 1), 1)
        except (TypeError, ValueError, AttributeError):
            people += 1
    return {
        "station_id": station_id,
        "id": str(p["id"]),
        "received_at": at,
        "month": _month(at),
        "way": _text(p.get("way"), 20),
        "category_id": p.get("category_id") and _text(p.get("category_id"), 64),
        "matter": _text(p.get("matter"), 100_000),
        "people": people,
        "voided": bool(p.get("voided_at")),
    }


def _opinion_row(station_id: int, p: Mapping) -> dict:
    registered = parse_day(p.get("registered_on"))
    return {
        "station_id": station_id,
        "id": str(p["id"]),
        "reception_id": p.get("reception_id") and _text(p.get("reception_id"), 64),
        "content": _text(p.get("content"), 100_000),
        "category_id": p.get("category_id") and _text(p.get("category_id"), 64),
        "proposer_name": _text(p.get("proposer_name"), 100),
        "village": _text(p.get("village"), 100),
        "route": _text(p.get("route"), 20),
        "confidential": bool(p.get("confidential")),
        "registered_on": registered,
        "month": _month(registered),
        "search_text": search_text(p.get("content"), p.get("proposer_name"), p.get("village")),
    }


def _event_row(station_id: int, p: Mapping, source: str) -> dict | None:
    at = parse_time(p.get("occurred_at"))
    if at is None:
        return None
    return {
        "station_id": station_id,
        "id": str(p["id"]),
        "opinion_id": _text(p.get("opinion_id"), 64),
        "kind": _text(p.get("kind"), 30),
        "occurred_at": at,
        "occurred_iso": at.isoformat() if isinstance(p.get("occurred_at"), datetime) else _text(p["occurred_at"], 40),
        "actor": _text(p.get("actor"), 100),
        "source": source,
        "note": _text(p.get("note"), 100_000),
        "data": p.get("data") if isinstance(p.get("data"), dict) else {},
    }


def _attendance_row(station_id: int, p: Mapping) -> dict:
    day = parse_day(p.get("day"))
    return {
        "station_id": station_id,
        "id": str(p["id"]),
        "deputy_id": _text(p.get("deputy_id"), 64),
        "day": day,
        "month": _month(day),
        "status": _text(p.get("status"), 20),
    }


def _deputy_row(station_id: int, p: Mapping) -> dict:
    return {
        "station_id": station_id,
        "id": str(p["id"]),
        "name": _text(p.get("name"), 100),
        "level": _text(p.get("level"), 20),
        "active": bool(p.get("active", True)),
    }


def project_records(
    session: Session, station_id: int, records: Mapping[tuple[str, str], Mapping], plan: PlannedRows | None = None
) -> None:
    """Bring the structured tables in line with ``records`` ((entity, id) -> payload just stored for this
    station), and re-derive the state of every opinion they touch. ``plan``: ``planned_rows`` of the same
    records, when the caller has built it already."""
    plan = plan or planned_rows(station_id, records)
    calendar = centre_calendar(session)
    # The touched opinions' histories are read BEFORE the batch is written and the batch's events added in
    # memory: the fold then needs no read after the writes, so it runs here while PostgreSQL is still busy
    # with them, and its own writes join the same pipeline.
    held, histories = held_histories(session, station_id, plan.touched)
    stored = set(held)  # the opinions the centre held before this batch
    opinion_rows = plan.tables[LedgerOpinion]
    held |= {str(r["id"]) for r in opinion_rows}
    histories = with_events(histories, plan.events, plan.touched)
    with pipeline(session):
        for model, model_rows in plan.tables.items():
            if model is not LedgerOpinion:  # written by write_states, with their folded state
                upsert_rows(session, model, model_rows)
        upsert_rows(session, LedgerOpinionEvent, plan.events)
        search_index.index_opinions(session, station_id, opinion_rows, stored=stored)
        project_duties(session, station_id, records)  # deputies' duties and deputy links (issue 14)
        folded = write_states(session, station_id, held, histories, calendar, opinion_rows)
        overview_summary.judge_folded(session, station_id, folded, calendar)
    overview_summary.refresh_station(session, station_id, set(plan.touched) - set(folded), folded)


@dataclass
class PlannedRows:
    """What a batch of records projects to, built without the database."""

    tables: dict[type, list[dict]]
    events: list[dict]
    touched: set[str]


def planned_rows(station_id: int, records: Mapping[tuple[str, str], Mapping]) -> PlannedRows:
    """The structured rows of ``records`` and the opinions they touch (pure: reads nothing)."""
    models = (LedgerReception, LedgerOpinion, LedgerAttendance, LedgerDeputy, LedgerUnit)
    rows: dict[type, list[dict]] = {m: [] for m in models}
    events: list[dict] = []
    touched: set[str] = set()
    for (entity, _entity_id), p in records.items():
        if entity == "reception":
            rows[LedgerReception].append(_reception_row(station_id, p))
        elif entity == "opinion":
            rows[LedgerOpinion].append(_opinion_row(station_id, p))
            touched.add(str(p["id"]))
        elif entity == "opinion_event":
            if (row := _event_row(station_id, p, "station")) is not None:
                events.append(row)
                touched.add(row["opinion_id"])
        elif entity == "attendance":
            rows[LedgerAttendance].append(_attendance_row(station_id, p))
        elif entity == "deputy":
            rows[LedgerDeputy].append(_deputy_row(station_id, p))
        elif entity == "handling_unit":
            rows[LedgerUnit].append(
                {"station_id": station_id, "id": str(p["id"]), "name": _text(p.get("name"), 100),
                 "kind": _text(p.get("kind"), 20)}
            )  # fmt: skip
    return PlannedRows(rows, events, touched)


def project_centre_event(session: Session, station_id: int, payload: Mapping) -> None:
    """A handling event recorded at the centre: into the history, and the opinion's state re-derived."""
    if (row := _event_row(station_id, payload, "centre")) is not None:
        upsert_rows(session, LedgerOpinionEvent, [row])
        folded = refold(session, station_id, {row["opinion_id"]})
        overview_summary.refresh_station(session, station_id, {row["opinion_id"]}, folded)


Histories = dict[str, dict[str, EventRecord]]  # opinion id -> its events by event id


def _event_record(e) -> EventRecord:
    """An event as the fold reads it, from a ``ledger_opinion_event`` row (read back, or about to be written:
    both give the same record)."""
    return EventRecord(
        id=e.id, kind=e.kind, occurred_at=parse_time(e.occurred_iso) or parse_time(e.occurred_at),
        data=e.data or {}, note=e.note, actor=e.actor, source=e.source,
    )  # fmt: skip


def stored_events(session: Session, station_id: int, opinion_ids: Iterable[str]) -> Histories:
    """Every stored event of these opinions, by opinion and event id (opinions without events are absent),
    read in chunks."""
    ids = sorted(set(opinion_ids))
    histories: Histories = {}
    E = LedgerOpinionEvent  # noqa: N806 - a table alias
    # Plain columns, not ORM objects: a push folds thousands of events and needs no identity map.
    columns = (E.opinion_id, E.id, E.kind, E.occurred_iso, E.occurred_at, E.data, E.note, E.actor, E.source)
    for i in range(0, len(ids), BATCH):
        stmt = select(*columns).where(E.station_id == station_id)
        for e in session.execute(where_in(session, stmt, E.opinion_id, ids[i : i + BATCH])):
            histories.setdefault(e.opinion_id, {})[e.id] = _event_record(e)
    return histories


def held_histories(session: Session, station_id: int, opinion_ids: Iterable[str]) -> tuple[set[str], Histories]:
    """(which of these opinions the centre holds, every stored event of each of them), read in chunks."""
    ids = sorted(set(opinion_ids))
    held: set[str] = set()
    stmt = select(LedgerOpinion.id).where(LedgerOpinion.station_id == station_id)
    for i in range(0, len(ids), BATCH):
        held.update(session.scalars(where_in(session, stmt, LedgerOpinion.id, ids[i : i + BATCH])))
    return held, stored_events(session, station_id, ids)


def with_events(histories: Histories, rows: Iterable[Mapping], opinion_ids: Iterable[str]) -> Histories:
    """``histories`` after upserting these event rows (keyed by event id, as the table is: a row replaces the
    stored event with its id, wherever it was), for the opinions ``opinion_ids``."""
    rows = list(rows)
    replaced = {str(r["id"]) for r in rows}
    out: Histories = {o: {} for o in opinion_ids}
    for opinion_id, events in histories.items():
        if opinion_id in out:
            out[opinion_id].update((k, v) for k, v in events.items() if k not in replaced)
    for r in rows:
        if r["opinion_id"] in out:
            out[r["opinion_id"]][str(r["id"])] = _event_record(SimpleNamespace(**r))
    return out


def write_states(
    session: Session,
    station_id: int,
    held: set[str],
    histories: Histories,
    calendar: HolidayCalendar,
    opinion_rows: Sequence[dict] = (),
) -> dict[str, tuple[list[EventRecord], object]]:
    """Fold each held opinion of ``histories`` and write its state columns and unit links (writes only: safe
    inside ``pipeline``). ``opinion_rows``: ``ledger_opinion`` rows to upsert (each touched, so in
    ``histories``); they are written with their state columns — one write per opinion, not an insert and
    then an update. Returns, per opinion folded, (all its events, its folded state), so the overview's
    judging need not read and fold them again."""
    folded: dict[str, tuple[list[EventRecord], object]] = {}
    unit_rows, updates = [], []
    for opinion_id in sorted(histories):
        if opinion_id not in held:
            continue
        events = list(histories[opinion_id].values())
        st = fold(events, calendar)
        folded[opinion_id] = (events, st)
        updates.append({"station_id": station_id, "id": opinion_id, **state_columns(st)})
        units = {str(u): "assist" for u in st.assist_unit_ids if u}
        if st.lead_unit_id:
            units[str(st.lead_unit_id)] = "lead"
        unit_rows += [
            {"station_id": station_id, "opinion_id": opinion_id, "unit_id": u[:64], "role": role}
            for u, role in units.items()
        ]
    states = {u["id"]: u for u in updates}
    upsert_rows(session, LedgerOpinion, [{**row, **states[str(row["id"])]} for row in opinion_rows])
    written = {str(row["id"]) for row in opinion_rows}
    delete_where(session, LedgerOpinionUnit, station_id, "opinion_id", sorted(folded))
    # One statement by primary key, not one per opinion.
    update_rows(session, LedgerOpinion, [u for u in updates if u["id"] not in written])
    insert_rows(session, LedgerOpinionUnit, unit_rows)
    return folded


def refold(
    session: Session, station_id: int, opinion_ids: Iterable[str], calendar: HolidayCalendar | None = None
) -> dict[str, tuple[list[EventRecord], object]]:
    """Re-derive the state columns of these opinions from all their stored events. Returns, per opinion the
    centre holds, (all its events, its folded state) — see ``write_states``."""
    calendar = calendar or centre_calendar(session)
    held, histories = held_histories(session, station_id, opinion_ids)
    histories = with_events(histories, [], opinion_ids)
    with pipeline(session):  # on PostgreSQL: one round trip for the writes
        return write_states(session, station_id, held, histories, calendar)


def state_columns(st) -> dict:
    return {
        "state": st.state.value,
        "lead_unit_id": st.lead_unit_id,
        "assist_unit_ids": list(st.assist_unit_ids),
        "transferred_on": st.transferred_on,
        "due_date": st.due_date,
        "paused": st.paused,
        "reply": st.reply or "",
        "replied_on": st.replied_on,
        "fed_back_on": st.fed_back_on,
        "closed_on": st.closed_on,
        "satisfaction": st.satisfaction.value if st.satisfaction else None,
        "urge_count": st.urge_count,
        "last_event_at": st.last_event_at,
    }


def project_everything(session: Session) -> int:
    """Fill the structured tables from every stored record and centre event (the c0002 migration).
    Returns the number of records projected."""
    count = 0
    for station_id, records in record_pages(session):
        # Events need their opinion row first; project_records refolds every touched opinion.
        project_records(session, station_id, records)
        count += len(records)
    for e in session.scalars(select(CentreEvent)):
        payload = {
            "id": e.id, "opinion_id": e.opinion_id, "kind": e.kind, "occurred_at": parse_time(e.occurred_at),
            "actor": e.actor, "note": e.note, "data": e.data,
        }  # fmt: skip
        project_centre_event(session, e.station_id, payload)
        count += 1
    return count


def opinion_status(session: Session, station_id: int, opinion_id: str):
    """The opinion's status folded now from every event the centre holds (for checking a new step)."""
    events = stored_events(session, station_id, [opinion_id]).get(opinion_id, {})
    return fold(list(events.values()), centre_calendar(session))

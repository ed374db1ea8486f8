"""Registering a voter reception (选民接待登记) with its visitors and the opinions raised.

``register_reception`` validates everything first and reports every bad field at once; then, in ONE
transaction, it writes the reception, its visitors, each opinion with its ``registered`` event and the
follow-up its route implies (answered on the spot / transferred with a deadline / handled at the
station with a deadline), the audit entries and the outbox entries. Nothing is written if anything fails.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import select

from heshi_protocol.opinion_state import EventRecord, fold
from heshi_protocol.payloads import VISITOR_FIELDS, event_payload, opinion_payload, reception_payload
from heshi_protocol.vocab import EventKind, ReceptionWay, Route
from heshi_station.db.models import (
    Opinion,
    OpinionEvent,
    Reception,
    Visitor,
    opinion_deputy,
    reception_deputy,
)
from heshi_station.db.types import new_id
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import OpinionInput, ReceptionInput, ReceptionRecord, VisitorInput, VisitorRecord
from heshi_station.ledger.errors import NotFound, ValidationFailed
from heshi_station.ledger.normalise import MAX_LONG_TEXT
from heshi_station.ledger.opinions import DEFAULT_TIME_LIMIT_DAYS, deadline_data, transfer_event_data
from heshi_station.ledger.pinyin import initials
from heshi_station.ledger.reception_rules import (
    Known,
    lookup_for,
    normalise_reception,
    validate_reception,
)
from heshi_station.ledger.records import reception_record
from heshi_station.ledger.row_batch import RowBatch

MAX_TEXT = MAX_LONG_TEXT  # the limit on 反映问题 and 意见内容 (excel_import quotes it)


def search_document(reception: dict, visitors: list[dict]) -> str:
    """The text the search indexes hold for a reception; the same form migration 0006's triggers build."""
    parts = [reception["matter"], reception["outcome"]]
    parts += [f"{v['name']} {v['village']} {v['phone']}" for v in visitors]
    return " ".join(parts)


def opinion_search_document(opinion: dict) -> str:
    """The text the search indexes hold for an opinion; the same form migration 0010's trigger builds."""
    return " ".join((opinion["content"], opinion["proposer_name"], opinion["proposer_phone"], opinion["village"]))


def register_reception(ledger: Ledger, data: ReceptionInput) -> ReceptionRecord:
    """Register a reception with its visitors and opinions; returns the stored record.

    With ``data.source_key`` set (imports), registering the same key again returns the existing record.
    """
    if data.received_at.tzinfo is None:
        data.received_at = data.received_at.astimezone()
    data = normalise_reception(data)
    with ledger.write() as s:
        if data.source_key:
            existing = s.scalar(select(Reception).where(Reception.source_key == data.source_key))
            if existing is not None:
                return reception_record(s, existing)
        known = lookup_for(s, data)
        errors = validate_reception(data, known, ledger.today())
        if errors:
            raise ValidationFailed(errors)
        rows = RowBatch()
        record = _reception_rows(ledger, data, known, rows)
        opinion_ids = tuple(
            _opinion_rows(ledger, data, known, i, o, record.id, rows) for i, o in enumerate(data.opinions)
        )
        rows.write(s)
        return replace(record, opinion_ids=opinion_ids)


def _reception_rows(ledger: Ledger, data: ReceptionInput, known: Known, rows: RowBatch) -> ReceptionRecord:
    rid = new_id()
    deputy_ids = list(dict.fromkeys(data.deputy_ids))
    row = {
        "id": rid, "received_at": data.received_at, "received_on": data.received_at.date(), "way": data.way,
        "place": data.place, "clerk_name": data.clerk_name or ledger.actor,
        "matter": data.matter, "category_id": data.category_id, "confidential": data.confidential,
        "anonymous": data.anonymous, "outcome": data.outcome, "source_key": data.source_key,
        "created_at": ledger.now(), "voided_at": None, "void_reason": "", "corrected_at": None, "revision": 0,
    }  # fmt: skip
    visitors = []
    for i, v in enumerate(data.visitors):
        name = "" if data.anonymous else v.name
        visitors.append({
            "id": new_id(), "reception_id": rid, "position": i, "name": name, "gender": v.gender,
            "phone": v.phone, "id_number": v.id_number,
            "village": v.village, "group_size": v.group_size, "name_initials": initials(name) if name else "",
        })  # fmt: skip
    row["search_text"] = search_document(row, visitors)
    rows.add(Reception.__table__, row)
    for visitor in visitors:
        rows.add(Visitor.__table__, visitor)
    for did in deputy_ids:
        rows.add(reception_deputy, {"reception_id": rid, "deputy_id": did})
    rows.change(ledger, "reception.register", "reception", rid, reception_payload(row, visitors, deputy_ids), "upsert")
    category = known.categories.get(data.category_id or "")
    return ReceptionRecord(
        id=rid, received_at=row["received_at"], way=data.way, way_label=ReceptionWay(data.way).label,
        matter=row["matter"], place=row["place"], clerk_name=row["clerk_name"], category_id=data.category_id,
        category_name=category[0] if category else "", confidential=data.confidential, anonymous=data.anonymous,
        outcome=row["outcome"],
        visitors=tuple(VisitorRecord(**{k: v[k] for k in VISITOR_FIELDS}) for v in visitors),
        deputy_ids=tuple(deputy_ids), deputy_names=tuple(known.deputies[d] for d in deputy_ids), opinion_ids=(),
    )  # fmt: skip


def _opinion_rows(
    ledger: Ledger, data: ReceptionInput, known: Known, i: int, o: OpinionInput, reception_id: str, rows: RowBatch
) -> str:
    """Rows for one opinion: the opinion (with its cached state), its deputies and its first events."""
    first = data.visitors[0] if data.visitors else VisitorInput()
    category_id = o.category_id or data.category_id
    when = data.received_at
    route = Route(o.route)
    cal = ledger.calendar()
    limit = o.time_limit_days
    if limit is None:
        limit = known.categories[category_id][1] if category_id in known.categories else DEFAULT_TIME_LIMIT_DAYS
    events: list[tuple[EventKind, dict]] = []
    reg_data: dict = {"route": route.value}
    if route == Route.STATION:
        reg_data["time_limit_days"] = limit
        reg_data |= deadline_data(
            cal, on=when.date(), time_limit_days=limit, due_date=o.due_date, due_reason=o.due_reason,
            prefix=f"opinions[{i}].", earliest_label="登记日期",
        )  # fmt: skip
    events.append((EventKind.REGISTERED, reg_data))
    if route == Route.ON_SPOT:
        events.append((EventKind.ANSWERED_ON_SPOT, {"answer": o.answer or data.outcome, "method": "in_person"}))
    elif route in (Route.TRANSFER, Route.SUGGESTION):
        tdata = transfer_event_data(
            cal, on=when.date(), known_units=known.units, lead_unit_id=o.lead_unit_id,
            assist_unit_ids=o.assist_unit_ids, time_limit_days=limit, due_date=o.due_date, due_reason=o.due_reason,
            prefix=f"opinions[{i}].",
        )  # fmt: skip
        events.append((EventKind.TRANSFERRED, tdata))
    oid = new_id()
    event_rows = [
        {"id": new_id(), "opinion_id": oid, "kind": kind.value, "occurred_at": when, "recorded_at": ledger.now(),
         "actor": ledger.actor, "source": "station", "note": "", "data": ev_data}
        for kind, ev_data in events
    ]  # fmt: skip
    status = fold([EventRecord(e["id"], e["kind"], when, e["data"]) for e in event_rows], cal)
    deputy_ids = list(dict.fromkeys(o.deputy_ids if o.deputy_ids is not None else data.deputy_ids))
    row = {
        "id": oid, "reception_id": reception_id, "content": o.content, "category_id": category_id,
        "proposer_name": "" if data.anonymous else first.name, "proposer_phone": first.phone,
        "village": first.village, "route": route.value, "confidential": data.confidential,
        "registered_on": when.date(), "created_at": ledger.now(), "state": status.state.value,
        "lead_unit_id": status.lead_unit_id, "due_date": status.due_date, "paused": status.paused,
        "closed_on": status.closed_on, "due_provisional": status.due_provisional, "corrected_at": None, "revision": 0,
    }  # fmt: skip
    row["search_text"] = opinion_search_document(row)
    row["proposer_initials"] = initials(row["proposer_name"]) if row["proposer_name"] else ""
    rows.add(Opinion.__table__, row)
    for did in deputy_ids:
        rows.add(opinion_deputy, {"opinion_id": oid, "deputy_id": did})
    rows.change(ledger, "opinion.register", "opinion", oid, opinion_payload(row, deputy_ids), "upsert")
    for e in event_rows:
        rows.add(OpinionEvent.__table__, e)
        rows.change(ledger, f"opinion.{e['kind']}", "opinion_event", e["id"], event_payload(e), "append")
    return oid


def get_reception(ledger: Ledger, reception_id: str) -> ReceptionRecord:
    with ledger.read() as s:
        reception = s.get(Reception, reception_id)
        if reception is None:
            raise NotFound(f"接待记录不存在：{reception_id}")
        return reception_record(s, reception)


def list_receptions(
    ledger: Ledger,
    start: datetime | None = None,
    end: datetime | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[ReceptionRecord]:
    """Receptions by time (newest first); ``start``/``end`` are dates or datetimes (end exclusive)."""
    with ledger.read() as s:
        q = select(Reception).order_by(Reception.received_at.desc(), Reception.id.desc())
        if start is not None:
            q = q.where(Reception.received_on >= (start.date() if isinstance(start, datetime) else start))
        if end is not None:
            q = q.where(Reception.received_on < (end.date() if isinstance(end, datetime) else end))
        q = q.offset(offset)
        if limit is not None:
            q = q.limit(limit)
        return [reception_record(s, r) for r in s.scalars(q)]

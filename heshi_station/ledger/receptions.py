"""Registering a voter reception (选民接待登记) with its visitors and the opinions raised.

``register_reception`` validates everything first and reports every bad field at once; then, in ONE
transaction, it writes the reception, its visitors, each opinion with its ``registered`` event and the
follow-up its route implies (answered on the spot / transferred with a deadline / handled at the
station with a deadline), the audit entries and the outbox entries. Nothing is written if anything fails.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from heshi_protocol.opinion_state import EventRecord, fold
from heshi_protocol.payloads import VISITOR_FIELDS, event_payload, opinion_payload, reception_payload
from heshi_protocol.vocab import EventKind, Gender, ReceptionWay, Route
from heshi_protocol.workdays import CalendarYearMissing
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
from heshi_station.ledger.errors import FieldError, NotFound, ValidationFailed
from heshi_station.ledger.opinions import DEFAULT_TIME_LIMIT_DAYS, transfer_event_data
from heshi_station.ledger.pinyin import initials
from heshi_station.ledger.records import reception_record
from heshi_station.ledger.row_batch import RowBatch
from heshi_station.ledger.validation import (
    future_problem,
    id_number_problem,
    normalise_phone,
    phone_problem,
    required_problem,
)

MAX_TEXT = 5000
_GENDERS = frozenset(g.value for g in Gender)
_WAYS = frozenset(w.value for w in ReceptionWay)
_ROUTES = frozenset(r.value for r in Route)


@dataclass(frozen=True)
class _Known:
    """What the input refers to that exists in the ledger (looked up once per operation)."""

    deputies: dict[str, str]  # id -> name
    categories: dict[str, tuple[str, int]]  # id -> (name, time limit in working days)
    units: set[str]


# One prebuilt statement for everything a registration refers to (built once: on this hot path building
# and compiling statements costs more than running them).
_LOOKUP = text(
    "SELECT 'd', id, name, 0 FROM deputy WHERE id IN :deputies "
    "UNION ALL SELECT 'c', id, name, time_limit_days FROM category WHERE id IN :categories "
    "UNION ALL SELECT 'u', id, name, 0 FROM handling_unit WHERE id IN :units"
).bindparams(
    bindparam("deputies", expanding=True), bindparam("categories", expanding=True), bindparam("units", expanding=True)
)


def _lookup(session: Session, data: ReceptionInput) -> _Known:
    deputy_ids = set(data.deputy_ids)
    category_ids = {data.category_id} if data.category_id else set()
    unit_ids: set[str] = set()
    for o in data.opinions:
        deputy_ids.update(o.deputy_ids or ())
        if o.category_id:
            category_ids.add(o.category_id)
        unit_ids.update(u for u in (o.lead_unit_id, *o.assist_unit_ids) if u)
    known = _Known({}, {}, set())
    rows = session.connection().execute(
        _LOOKUP, {"deputies": list(deputy_ids), "categories": list(category_ids), "units": list(unit_ids)}
    )
    for kind, rid, name, limit in rows:
        if kind == "d":
            known.deputies[rid] = name
        elif kind == "c":
            known.categories[rid] = (name, limit)
        else:
            known.units.add(rid)
    return known


def _visitor_errors(i: int, v: VisitorInput, anonymous: bool) -> list[FieldError]:
    label = f"来访人{i + 1}"
    errors = []
    if not anonymous and (p := required_problem(v.name)):
        errors.append(FieldError(f"visitors[{i}].name", f"{label} 姓名", p + "（或勾选“匿名”）"))
    if p := phone_problem(v.phone):
        errors.append(FieldError(f"visitors[{i}].phone", f"{label} 联系电话", p))
    if p := id_number_problem(v.id_number):
        errors.append(FieldError(f"visitors[{i}].id_number", f"{label} 身份证号", p))
    if v.gender not in _GENDERS:
        errors.append(FieldError(f"visitors[{i}].gender", f"{label} 性别", "应为男或女"))
    if not isinstance(v.group_size, int) or not 1 <= v.group_size <= 999:
        errors.append(FieldError(f"visitors[{i}].group_size", f"{label} 来访人数", "应为1至999的整数"))
    return errors


def _opinion_errors(known: _Known, i: int, o: OpinionInput, outcome: str) -> list[FieldError]:
    label = f"意见{i + 1}"
    errors = []
    if p := required_problem(o.content):
        errors.append(FieldError(f"opinions[{i}].content", f"{label} 内容", p))
    elif len(o.content) > MAX_TEXT:
        errors.append(FieldError(f"opinions[{i}].content", f"{label} 内容", f"不能超过{MAX_TEXT}字"))
    if o.route not in _ROUTES:
        errors.append(FieldError(f"opinions[{i}].route", f"{label} 处理方式", "请选择：" + "、".join(Route.labels())))
        return errors
    if o.category_id and o.category_id not in known.categories:
        errors.append(FieldError(f"opinions[{i}].category_id", f"{label} 意见类别", "类别不存在"))
    if any(d not in known.deputies for d in o.deputy_ids or ()):
        errors.append(FieldError(f"opinions[{i}].deputy_ids", f"{label} 代表", "所选代表不存在"))
    if o.route == Route.ON_SPOT and required_problem(o.answer or outcome):
        errors.append(FieldError(f"opinions[{i}].answer", f"{label} 答复内容", "当场答复的意见须填写答复内容"))
    if o.route in (Route.TRANSFER, Route.SUGGESTION) and o.lead_unit_id not in known.units:
        errors.append(FieldError(f"opinions[{i}].lead_unit_id", f"{label} 主办单位", "转办须选择主办单位"))
    return errors


def validate_reception(data: ReceptionInput, known: _Known, today: date) -> list[FieldError]:
    """Every problem with ``data`` (empty list: it can be registered)."""
    errors: list[FieldError] = []
    if p := future_problem(data.received_at, today):
        errors.append(FieldError("received_at", "接待时间", p))
    if data.way not in _WAYS:
        errors.append(FieldError("way", "接待方式", "请选择：" + "、".join(ReceptionWay.labels())))
    if p := required_problem(data.matter):
        errors.append(FieldError("matter", "反映问题", p))
    elif len(data.matter) > MAX_TEXT:
        errors.append(FieldError("matter", "反映问题", f"不能超过{MAX_TEXT}字"))
    if not data.visitors:
        errors.append(FieldError("visitors", "来访人", "至少登记一位来访人"))
    for i, v in enumerate(data.visitors):
        errors.extend(_visitor_errors(i, v, data.anonymous))
    if data.category_id and data.category_id not in known.categories:
        errors.append(FieldError("category_id", "意见类别", "类别不存在"))
    if any(d not in known.deputies for d in data.deputy_ids):
        errors.append(FieldError("deputy_ids", "接待代表", "所选代表不存在"))
    for i, o in enumerate(data.opinions):
        errors.extend(_opinion_errors(known, i, o, data.outcome))
    return errors


def search_document(reception: dict, visitors: list[dict]) -> str:
    """The text the search indexes hold for a reception; the same form migration 0006's triggers build."""
    parts = [reception["matter"], reception["outcome"]]
    parts += [f"{v['name']} {v['village']} {v['phone']}" for v in visitors]
    return " ".join(parts)


def register_reception(ledger: Ledger, data: ReceptionInput) -> ReceptionRecord:
    """Register a reception with its visitors and opinions; returns the stored record.

    With ``data.source_key`` set (imports), registering the same key again returns the existing record.
    """
    if data.received_at.tzinfo is None:
        data.received_at = data.received_at.astimezone()
    with ledger.write() as s:
        if data.source_key:
            existing = s.scalar(select(Reception).where(Reception.source_key == data.source_key))
            if existing is not None:
                return reception_record(s, existing)
        known = _lookup(s, data)
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


def _reception_rows(ledger: Ledger, data: ReceptionInput, known: _Known, rows: RowBatch) -> ReceptionRecord:
    rid = new_id()
    deputy_ids = list(dict.fromkeys(data.deputy_ids))
    row = {
        "id": rid, "received_at": data.received_at, "received_on": data.received_at.date(), "way": data.way,
        "place": data.place.strip(), "clerk_name": data.clerk_name.strip() or ledger.actor,
        "matter": data.matter.strip(), "category_id": data.category_id, "confidential": data.confidential,
        "anonymous": data.anonymous, "outcome": data.outcome.strip(), "source_key": data.source_key,
        "created_at": ledger.now(), "voided_at": None, "void_reason": "", "corrected_at": None, "revision": 0,
    }  # fmt: skip
    visitors = []
    for i, v in enumerate(data.visitors):
        name = "" if data.anonymous else v.name.strip()
        visitors.append({
            "id": new_id(), "reception_id": rid, "position": i, "name": name, "gender": v.gender,
            "phone": normalise_phone(v.phone), "id_number": v.id_number.strip().upper(),
            "village": v.village.strip(), "group_size": v.group_size, "name_initials": initials(name) if name else "",
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
    ledger: Ledger, data: ReceptionInput, known: _Known, i: int, o: OpinionInput, reception_id: str, rows: RowBatch
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
        due = o.due_date
        if due is None:
            try:
                due = cal.add_working_days(when.date(), limit)
            except CalendarYearMissing as exc:
                raise ValidationFailed.single(
                    f"opinions[{i}].due_date", f"意见{i + 1} 截止日期", f"{exc} 也可以手工填写截止日期。"
                ) from exc
        reg_data.update(time_limit_days=limit, due_date=due.isoformat())
    events.append((EventKind.REGISTERED, reg_data))
    if route == Route.ON_SPOT:
        events.append(
            (EventKind.ANSWERED_ON_SPOT, {"answer": (o.answer or data.outcome).strip(), "method": "in_person"})
        )
    elif route in (Route.TRANSFER, Route.SUGGESTION):
        tdata = transfer_event_data(
            cal, on=when.date(), known_units=known.units, lead_unit_id=o.lead_unit_id,
            assist_unit_ids=o.assist_unit_ids, time_limit_days=limit, due_date=o.due_date, prefix=f"opinions[{i}].",
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
        "id": oid, "reception_id": reception_id, "content": o.content.strip(), "category_id": category_id,
        "proposer_name": "" if data.anonymous else first.name.strip(), "proposer_phone": normalise_phone(first.phone),
        "village": first.village.strip(), "route": route.value, "confidential": data.confidential,
        "registered_on": when.date(), "created_at": ledger.now(), "state": status.state.value,
        "lead_unit_id": status.lead_unit_id, "due_date": status.due_date, "paused": status.paused,
        "closed_on": status.closed_on, "due_provisional": status.due_provisional, "corrected_at": None, "revision": 0,
    }  # fmt: skip
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

"""Registering a voter reception (选民接待登记) with its visitors and the opinions raised.

``register_reception`` validates everything first and reports every bad field at once; then, in ONE
transaction, it writes the reception, its visitors, each opinion with its ``registered`` event and the
follow-up its route implies (answered on the spot / transferred with a deadline / handled at the
station with a deadline), the audit entries and the outbox entries. Nothing is written if anything fails.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from heshi_station.db.models import Category, Deputy, HandlingUnit, Opinion, Reception, Visitor
from heshi_station.db.types import new_id
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import OpinionInput, ReceptionInput, ReceptionRecord, VisitorInput
from heshi_station.ledger.errors import FieldError, NotFound, ValidationFailed
from heshi_station.ledger.opinions import DEFAULT_TIME_LIMIT_DAYS, append_event, transfer_data
from heshi_station.ledger.payloads import opinion_payload, reception_payload
from heshi_station.ledger.pinyin import initials
from heshi_station.ledger.records import reception_record
from heshi_station.ledger.validation import (
    future_problem,
    id_number_problem,
    normalise_phone,
    phone_problem,
    required_problem,
)
from heshi_station.ledger.vocab import EventKind, Gender, ReceptionWay, Route
from heshi_station.ledger.workdays import CalendarYearMissing

MAX_TEXT = 5000


def _visitor_errors(i: int, v: VisitorInput, anonymous: bool) -> list[FieldError]:
    label = f"来访人{i + 1}"
    errors = []
    if not anonymous and (p := required_problem(v.name)):
        errors.append(FieldError(f"visitors[{i}].name", f"{label} 姓名", p + "（或勾选“匿名”）"))
    if p := phone_problem(v.phone):
        errors.append(FieldError(f"visitors[{i}].phone", f"{label} 联系电话", p))
    if p := id_number_problem(v.id_number):
        errors.append(FieldError(f"visitors[{i}].id_number", f"{label} 身份证号", p))
    try:
        Gender(v.gender)
    except ValueError:
        errors.append(FieldError(f"visitors[{i}].gender", f"{label} 性别", "应为男或女"))
    if not isinstance(v.group_size, int) or not 1 <= v.group_size <= 999:
        errors.append(FieldError(f"visitors[{i}].group_size", f"{label} 来访人数", "应为1至999的整数"))
    return errors


def _opinion_errors(session: Session, i: int, o: OpinionInput, outcome: str) -> list[FieldError]:
    label = f"意见{i + 1}"
    errors = []
    if p := required_problem(o.content):
        errors.append(FieldError(f"opinions[{i}].content", f"{label} 内容", p))
    elif len(o.content) > MAX_TEXT:
        errors.append(FieldError(f"opinions[{i}].content", f"{label} 内容", f"不能超过{MAX_TEXT}字"))
    try:
        route = Route(o.route)
    except ValueError:
        errors.append(FieldError(f"opinions[{i}].route", f"{label} 处理方式", "请选择：" + "、".join(Route.labels())))
        return errors
    if o.category_id and session.get(Category, o.category_id) is None:
        errors.append(FieldError(f"opinions[{i}].category_id", f"{label} 意见类别", "类别不存在"))
    for did in o.deputy_ids or ():
        if session.get(Deputy, did) is None:
            errors.append(FieldError(f"opinions[{i}].deputy_ids", f"{label} 相关代表", f"代表不存在：{did}"))
    if route == Route.ON_SPOT and required_problem(o.answer or outcome):
        errors.append(FieldError(f"opinions[{i}].answer", f"{label} 答复内容", "当场答复的意见须填写答复内容"))
    if route in (Route.TRANSFER, Route.SUGGESTION) and (
        not o.lead_unit_id or session.get(HandlingUnit, o.lead_unit_id) is None
    ):
        errors.append(FieldError(f"opinions[{i}].lead_unit_id", f"{label} 主办单位", "转办须选择主办单位"))
    return errors


def validate_reception(session: Session, data: ReceptionInput, ledger: Ledger) -> list[FieldError]:
    errors: list[FieldError] = []
    if data.received_at.tzinfo is None:
        data.received_at = data.received_at.astimezone()
    if p := future_problem(data.received_at, ledger.today()):
        errors.append(FieldError("received_at", "接待时间", p))
    try:
        ReceptionWay(data.way)
    except ValueError:
        errors.append(FieldError("way", "接待方式", "请选择：" + "、".join(ReceptionWay.labels())))
    if p := required_problem(data.matter):
        errors.append(FieldError("matter", "反映问题", p))
    elif len(data.matter) > MAX_TEXT:
        errors.append(FieldError("matter", "反映问题", f"不能超过{MAX_TEXT}字"))
    if not data.visitors:
        errors.append(FieldError("visitors", "来访人", "至少登记一位来访人"))
    for i, v in enumerate(data.visitors):
        errors.extend(_visitor_errors(i, v, data.anonymous))
    if data.category_id and session.get(Category, data.category_id) is None:
        errors.append(FieldError("category_id", "意见类别", "类别不存在"))
    for did in data.deputy_ids:
        if session.get(Deputy, did) is None:
            errors.append(FieldError("deputy_ids", "接待代表", f"代表不存在：{did}"))
    for i, o in enumerate(data.opinions):
        errors.extend(_opinion_errors(session, i, o, data.outcome))
    return errors


def register_reception(ledger: Ledger, data: ReceptionInput) -> ReceptionRecord:
    """Register a reception with its visitors and opinions; returns the stored record."""
    with ledger.write() as s:
        if data.source_key:
            existing = s.scalar(select(Reception).where(Reception.source_key == data.source_key))
            if existing is not None:
                return reception_record(s, existing)
        errors = validate_reception(s, data, ledger)
        if errors:
            raise ValidationFailed(errors)
        deputies = [s.get(Deputy, d) for d in dict.fromkeys(data.deputy_ids)]
        reception = Reception(
            id=new_id(),
            received_at=data.received_at,
            received_on=data.received_at.date(),
            way=data.way,
            place=data.place.strip(),
            clerk_name=data.clerk_name.strip() or ledger.actor,
            matter=data.matter.strip(),
            category_id=data.category_id,
            confidential=data.confidential,
            anonymous=data.anonymous,
            outcome=data.outcome.strip(),
            source_key=data.source_key,
            created_at=ledger.now(),
        )
        reception.deputies = deputies
        for i, v in enumerate(data.visitors):
            name = "" if data.anonymous else v.name.strip()
            reception.visitors.append(
                Visitor(
                    id=new_id(),
                    position=i,
                    name=name,
                    gender=v.gender,
                    phone=normalise_phone(v.phone),
                    id_number=v.id_number.strip().upper(),
                    village=v.village.strip(),
                    group_size=v.group_size,
                    name_initials=initials(name) if name else "",
                )
            )
        s.add(reception)
        s.flush()
        ledger.record_change(s, "reception.register", "reception", reception.id, reception_payload(reception))
        for i, o in enumerate(data.opinions):
            _register_opinion(ledger, s, reception, data, i, o)
        return reception_record(s, reception)


def _register_opinion(
    ledger: Ledger, s: Session, reception: Reception, data: ReceptionInput, i: int, o: OpinionInput
) -> Opinion:
    first = data.visitors[0] if data.visitors else VisitorInput()
    category_id = o.category_id or data.category_id
    opinion = Opinion(
        id=new_id(),
        reception_id=reception.id,
        content=o.content.strip(),
        category_id=category_id,
        proposer_name="" if data.anonymous else first.name.strip(),
        proposer_phone=normalise_phone(first.phone),
        village=first.village.strip(),
        route=o.route,
        confidential=data.confidential,
        registered_on=reception.received_on,
        created_at=ledger.now(),
    )
    ids = o.deputy_ids if o.deputy_ids is not None else data.deputy_ids
    opinion.deputies = [s.get(Deputy, d) for d in dict.fromkeys(ids)]
    s.add(opinion)
    s.flush()
    ledger.record_change(s, "opinion.register", "opinion", opinion.id, opinion_payload(opinion))
    when = reception.received_at
    route = Route(o.route)
    reg_data: dict = {"route": route.value}
    if route == Route.STATION:
        limit = o.time_limit_days
        if limit is None:
            category = s.get(Category, category_id) if category_id else None
            limit = category.time_limit_days if category else DEFAULT_TIME_LIMIT_DAYS
        due = o.due_date
        if due is None:
            try:
                due = ledger.calendar().add_working_days(when.date(), limit)
            except CalendarYearMissing as exc:
                raise ValidationFailed.single(
                    f"opinions[{i}].due_date", f"意见{i + 1} 截止日期", f"{exc} 也可以手工填写截止日期。"
                ) from exc
        reg_data.update(time_limit_days=limit, due_date=due.isoformat())
    append_event(ledger, s, opinion, EventKind.REGISTERED, when=when, data=reg_data, check=False)
    if route == Route.ON_SPOT:
        append_event(
            ledger,
            s,
            opinion,
            EventKind.ANSWERED_ON_SPOT,
            when=when,
            data={"answer": (o.answer or data.outcome).strip(), "method": "in_person"},
        )
    elif route in (Route.TRANSFER, Route.SUGGESTION):
        tdata = transfer_data(
            ledger,
            s,
            on=when.date(),
            category_id=category_id,
            lead_unit_id=o.lead_unit_id,
            assist_unit_ids=o.assist_unit_ids,
            time_limit_days=o.time_limit_days,
            due_date=o.due_date,
            prefix=f"opinions[{i}].",
        )
        append_event(ledger, s, opinion, EventKind.TRANSFERRED, when=when, data=tdata)
    return opinion


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

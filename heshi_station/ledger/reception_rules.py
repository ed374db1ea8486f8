"""The one set of rules for what a reception and its opinions may hold, shared by registration and 更正.

``normalise_reception`` turns input as typed into the stored form (``ledger.normalise``); the ``*_errors``
functions list every problem of the normalised input as :class:`FieldError` (which field, what is wrong).
Registering a reception and correcting one both run exactly these, so a value refused at entry is refused
in a correction too, with the same words.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.orm import Session

from heshi_protocol.vocab import Gender, ReceptionWay, Route
from heshi_station.ledger.dto import OpinionInput, ReceptionInput, VisitorInput
from heshi_station.ledger.errors import FieldError
from heshi_station.ledger.normalise import (
    MAX_LONG_TEXT,
    MAX_NAME,
    MAX_PLACE,
    MAX_VILLAGE,
    as_text,
    character_problem,
    clean_line,
    clean_name,
    clean_text,
    normalise_phone,
    text_problem,
)
from heshi_station.ledger.validation import future_problem, id_number_problem, phone_problem, required_problem

MAX_TEXT = MAX_LONG_TEXT  # kept for callers that know the old name
_GENDERS = frozenset(g.value for g in Gender)
_WAYS = frozenset(w.value for w in ReceptionWay)
_ROUTES = frozenset(r.value for r in Route)


@dataclass(frozen=True)
class Known:
    """What the input refers to that exists in the ledger (looked up once per operation)."""

    deputies: dict[str, str]  # id -> name
    categories: dict[str, tuple[str, int]]  # id -> (name, time limit in working days)
    units: set[str]


def _placeholders(n: int) -> str:
    return ", ".join("?" for _ in range(n)) or "NULL"


def lookup(session: Session, deputy_ids, category_ids, unit_ids) -> Known:
    """Everything an input refers to, in one statement on the DBAPI cursor of the caller's transaction.

    On the registration hot path SQLAlchemy's per-statement work cost more than SQLite's (issue 9 §9).
    """
    deputies = [d for d in deputy_ids if isinstance(d, str)]
    categories = [c for c in category_ids if isinstance(c, str)]
    units = [u for u in unit_ids if isinstance(u, str)]
    sql = (
        f"SELECT 'd', id, name, 0 FROM deputy WHERE id IN ({_placeholders(len(deputies))}) "
        f"UNION ALL SELECT 'c', id, name, time_limit_days FROM category WHERE id IN ({_placeholders(len(categories))}) "
        f"UNION ALL SELECT 'u', id, name, 0 FROM handling_unit WHERE id IN ({_placeholders(len(units))})"
    )
    known = Known({}, {}, set())
    cursor = session.connection().connection.dbapi_connection.cursor()
    try:
        rows = cursor.execute(sql, [*deputies, *categories, *units]).fetchall()
    finally:
        cursor.close()
    for kind, rid, name, limit in rows:
        if kind == "d":
            known.deputies[rid] = name
        elif kind == "c":
            known.categories[rid] = (name, limit)
        else:
            known.units.add(rid)
    return known


def lookup_for(session: Session, data: ReceptionInput) -> Known:
    deputy_ids = set(data.deputy_ids)
    category_ids = {data.category_id} if data.category_id else set()
    unit_ids: set[str] = set()
    for o in data.opinions:
        deputy_ids.update(o.deputy_ids or ())
        if o.category_id:
            category_ids.add(o.category_id)
        unit_ids.update(u for u in (o.lead_unit_id, *o.assist_unit_ids) if u)
    return lookup(session, deputy_ids, category_ids, unit_ids)


# ------------------------------------------------------------------------------------------ normalising
def normalise_visitor(v: VisitorInput) -> VisitorInput:
    return replace(
        v,
        name=clean_name(v.name),
        phone=normalise_phone(v.phone),
        id_number=clean_line(v.id_number).replace(" ", "").upper(),
        village=clean_line(v.village),
    )


def normalise_opinion(o: OpinionInput) -> OpinionInput:
    return replace(o, content=clean_text(o.content), answer=clean_text(o.answer))


def normalise_reception(data: ReceptionInput) -> ReceptionInput:
    """A copy of ``data`` with every text field in the stored form (the caller's object is left as it was)."""
    return replace(
        data,
        matter=clean_text(data.matter),
        outcome=clean_text(data.outcome),
        place=clean_line(data.place),
        clerk_name=clean_name(data.clerk_name),
        visitors=[normalise_visitor(v) for v in data.visitors],
        opinions=[normalise_opinion(o) for o in data.opinions],
    )


# ------------------------------------------------------------------------------------------- the rules
def long_text_errors(field: str, label: str, value, *, required: bool) -> list[FieldError]:
    if required and (p := required_problem(as_text(value))):
        return [FieldError(field, label, p)]
    if p := text_problem(value, MAX_LONG_TEXT):
        return [FieldError(field, label, p)]
    return []


def line_errors(field: str, label: str, value, limit: int) -> list[FieldError]:
    p = text_problem(value, limit)
    return [FieldError(field, label, p)] if p else []


def person_errors(
    prefix: str, label: str, name, phone, village, *, name_required: bool, village_field: str | None = None
) -> list[FieldError]:
    """Name, phone and village of a visitor or an opinion's proposer."""
    errors = []
    if name_required and (p := required_problem(as_text(name))):
        errors.append(FieldError(f"{prefix}name", f"{label}姓名", p + "（或勾选“匿名”）"))
    errors += line_errors(f"{prefix}name", f"{label}姓名", name, MAX_NAME)
    if p := character_problem(phone) or phone_problem(as_text(phone)):
        errors.append(FieldError(f"{prefix}phone", f"{label}联系电话", p))
    errors += line_errors(village_field or f"{prefix}village", f"{label}村(社区)", village, MAX_VILLAGE)
    return errors


def visitor_errors(i: int, v: VisitorInput, anonymous: bool) -> list[FieldError]:
    label = f"来访人{i + 1} "
    errors = person_errors(f"visitors[{i}].", label, v.name, v.phone, v.village, name_required=not anonymous)
    if p := id_number_problem(as_text(v.id_number)):
        errors.append(FieldError(f"visitors[{i}].id_number", f"{label}身份证号", p))
    if v.gender not in _GENDERS:
        errors.append(FieldError(f"visitors[{i}].gender", f"{label}性别", "应为男或女"))
    if not isinstance(v.group_size, int) or isinstance(v.group_size, bool) or not 1 <= v.group_size <= 999:
        errors.append(FieldError(f"visitors[{i}].group_size", f"{label}来访人数", "应为1至999的整数"))
    return errors


def opinion_errors(known: Known, i: int, o: OpinionInput, outcome: str) -> list[FieldError]:
    label = f"意见{i + 1} "
    errors = long_text_errors(f"opinions[{i}].content", f"{label}内容", o.content, required=True)
    errors += long_text_errors(f"opinions[{i}].answer", f"{label}答复内容", o.answer, required=False)
    if o.route not in _ROUTES:
        errors.append(FieldError(f"opinions[{i}].route", f"{label}处理方式", "请选择：" + "、".join(Route.labels())))
        return errors
    errors += reference_errors(known, f"opinions[{i}].", label, o.category_id, o.deputy_ids or ())
    if o.route == Route.ON_SPOT and required_problem(o.answer or outcome):
        errors.append(FieldError(f"opinions[{i}].answer", f"{label}答复内容", "当场答复的意见须填写答复内容"))
    if o.route in (Route.TRANSFER, Route.SUGGESTION) and o.lead_unit_id not in known.units:
        errors.append(FieldError(f"opinions[{i}].lead_unit_id", f"{label}主办单位", "转办须选择主办单位"))
    return errors


def reference_errors(known: Known, prefix: str, label: str, category_id, deputy_ids) -> list[FieldError]:
    errors = []
    if category_id and category_id not in known.categories:
        errors.append(FieldError(f"{prefix}category_id", f"{label}意见类别", "类别不存在"))
    if any(d not in known.deputies for d in deputy_ids):
        errors.append(FieldError(f"{prefix}deputy_ids", f"{label}代表", "所选代表不存在"))
    return errors


def reception_errors(data: ReceptionInput, known: Known, today: date) -> list[FieldError]:
    """Every problem of the reception's own fields and visitors (not its opinions)."""
    errors: list[FieldError] = []
    if p := future_problem(data.received_at, today):
        errors.append(FieldError("received_at", "接待时间", p))
    if data.way not in _WAYS:
        errors.append(FieldError("way", "接待方式", "请选择：" + "、".join(ReceptionWay.labels())))
    errors += long_text_errors("matter", "反映问题", data.matter, required=True)
    errors += long_text_errors("outcome", "办理情况", data.outcome, required=False)
    errors += line_errors("place", "接待地点", data.place, MAX_PLACE)
    errors += line_errors("clerk_name", "联络员", data.clerk_name, MAX_NAME)
    if not data.visitors:
        errors.append(FieldError("visitors", "来访人", "至少登记一位来访人"))
    for i, v in enumerate(data.visitors):
        errors.extend(visitor_errors(i, v, data.anonymous))
    if data.category_id and data.category_id not in known.categories:
        errors.append(FieldError("category_id", "意见类别", "类别不存在"))
    if any(d not in known.deputies for d in data.deputy_ids):
        errors.append(FieldError("deputy_ids", "接待代表", "所选代表不存在"))
    return errors


def validate_reception(data: ReceptionInput, known: Known, today: date) -> list[FieldError]:
    """Every problem with ``data`` (empty list: it can be registered)."""
    errors = reception_errors(data, known, today)
    for i, o in enumerate(data.opinions):
        errors.extend(opinion_errors(known, i, o, data.outcome))
    return errors

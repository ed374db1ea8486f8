"""Is a change pulled from the centre one the station can apply? One function, ``pulled_problem``.

Guarantees:
- ``pulled_problem(entity, payload)`` never raises, whatever it is given (any JSON value, hostile text,
  wrong types, NaN, lone surrogates); it returns None for a change the station can apply, else ONE Chinese
  sentence naming the field and what is wrong with it;
- it accepts exactly what ``apply_pull`` and the opinion fold can read: a change it passes never makes
  them raise for a reason of its content (the savepoint in ``apply_pull`` is the second guard);
- reference data is held to the rules of the ledger's own ``reference_data`` operations (a deputy's
  level and gender from the vocabularies, a category's time limit 1–120 working days, a unit's kind);
- an opinion event's ``data`` is checked per kind for the fields the fold reads (``满意度`` needs a known
  rating, dates are ISO ``YYYY-MM-DD``); a kind from a newer centre is history only and passes;
- a holiday year must list each day once, within that year, and not be empty.

The shared schema ``heshi_protocol.schemas.record_problems`` (written for the centre's door) is meant to
replace the body of this module at merge; the signature stays.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from heshi_protocol.holiday_file import HolidayTableInvalid
from heshi_protocol.schemas import change_problems
from heshi_protocol.vocab import DeputyLevel, EventKind, FeedbackMethod, Gender, Satisfaction, UnitKind
from heshi_station.ledger.holidays import check_pulled_calendar_year
from heshi_station.ledger.normalise import MAX_LONG_TEXT, MAX_NAME, MAX_REASON, character_problem

MAX_ID = 64
MAX_KIND = 40
OLDEST_YEAR, NEWEST_YEAR = 2000, 2100


KIND_LABELS = {
    "deputy": "代表",
    "handling_unit": "办理单位",
    "category": "意见类别",
    "calendar_year": "节假日表",
    "opinion_event": "办理记录",
}


def kind_label(kind: object) -> str:
    """The Chinese name of a pulled change's kind (``变更`` for anything unknown)."""
    return KIND_LABELS.get(kind, "变更") if isinstance(kind, str) else "变更"


class _Problem(Exception):
    """Internal: carries the first problem found out of the nested checks."""


def pulled_problem(entity: Any, payload: Any) -> str | None:
    """None if the pulled change can be applied, else a Chinese sentence saying why not.

    The station's own checks (which name what the clerk sees) come first, then the shared wire schema
    (``heshi_protocol.schemas.change_problems``) that the centre applies before it publishes a change.
    """
    try:
        check = _CHECKS.get(entity) if isinstance(entity, str) else None
        if check is None:
            return f"未知的变更类型“{_shown(entity)}”"
        if not isinstance(payload, dict):
            return "变更内容不是对象"
        _no_bad_values(payload, "内容")
        check(payload)
        # The shared wire schema the centre validates with is the door on this side too.
        if shared := change_problems(entity, payload):
            return shared[0]
    except _Problem as exc:
        return str(exc)
    except Exception as exc:  # the promise is "never raises": an unforeseen shape is a problem, not a crash
        return f"变更内容无法识别（{type(exc).__name__}）"
    return None


def _shown(value: Any, limit: int = 40) -> str:
    text = value if isinstance(value, str) else repr(value)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _no_bad_values(value: Any, where: str, depth: int = 0) -> None:
    """No NaN/Infinity, no text that cannot be stored, no absurd nesting, anywhere in the payload."""
    if depth > 20:
        raise _Problem(f"{where}嵌套过深")
    if isinstance(value, float) and not math.isfinite(value):
        raise _Problem(f"{where}含有无效数值（{value}）")
    if isinstance(value, str):
        if p := character_problem(value):
            raise _Problem(f"{where}：{p}")
    elif isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                raise _Problem(f"{where}的字段名不是文字")
            _no_bad_values(k, where, depth + 1)
            _no_bad_values(v, f"{where}.{k}" if depth < 3 else where, depth + 1)
    elif isinstance(value, list):
        for v in value:
            _no_bad_values(v, where, depth + 1)


def _text(p: dict, key: str, label: str, *, limit: int, required: bool = False) -> str:
    value = p.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _Problem(f"{label}（{key}）应为文字")
    if required and not value.strip():
        raise _Problem(f"{label}（{key}）为空")
    if len(value) > limit:
        raise _Problem(f"{label}（{key}）超过{limit}字")
    return value


def _id(p: dict, key: str, label: str) -> str:
    return _text(p, key, label, limit=MAX_ID, required=True)


def _choice(p: dict, key: str, label: str, enum, *, required: bool = True, default: str = "") -> None:
    value = p.get(key, default)
    if value is None and not required:
        return
    if not isinstance(value, str) or value not in {m.value for m in enum}:
        if not required and value in ("", None):
            return
        raise _Problem(f"{label}（{key}）“{_shown(value)}”不是有效的选项，可选：{'、'.join(enum.labels())}")


def _flag(p: dict, key: str, label: str) -> None:
    if key in p and p[key] is not None and not isinstance(p[key], bool):
        raise _Problem(f"{label}（{key}）应为是或否")


def _iso_date(value: Any, label: str, key: str, *, required: bool) -> date | None:
    if value is None or (value == "" and not required):
        if required:
            raise _Problem(f"{label}（{key}）缺失")
        return None
    if not isinstance(value, str) or len(value) != 10:
        raise _Problem(f"{label}（{key}）“{_shown(value)}”不是 YYYY-MM-DD 格式的日期")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _Problem(f"{label}（{key}）“{_shown(value)}”不是 YYYY-MM-DD 格式的日期") from None


def _deputy(p: dict) -> None:
    _id(p, "id", "代表编号")
    _text(p, "name", "代表姓名", limit=MAX_NAME, required=True)
    _choice(p, "level", "代表层级", DeputyLevel)
    _choice(p, "gender", "性别", Gender, required=False)
    _text(p, "constituency", "选区", limit=200)
    _text(p, "phone", "代表电话", limit=40)
    _flag(p, "active", "在用")


def _unit(p: dict) -> None:
    _id(p, "id", "单位编号")
    _text(p, "name", "单位名称", limit=200, required=True)
    _choice(p, "kind", "单位类型", UnitKind)
    if p.get("parent_id") is not None:
        _id(p, "parent_id", "上级单位")
    _flag(p, "active", "在用")


def _category(p: dict) -> None:
    _id(p, "id", "类别编号")
    _text(p, "name", "意见类别", limit=MAX_NAME, required=True)
    days = p.get("time_limit_days")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 120:
        raise _Problem(f"办理时限（time_limit_days）“{_shown(days)}”应为1至120个工作日")
    _flag(p, "active", "在用")


def _calendar_year(p: dict) -> None:
    year = p.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not OLDEST_YEAR <= year <= NEWEST_YEAR:
        raise _Problem(f"节假日表的年份“{_shown(year)}”不正确")
    _text(p, "source", "节假日表来源", limit=200)
    days = p.get("days")
    if not isinstance(days, list) or not days:
        raise _Problem(f"{year} 年的节假日表是空的")
    try:  # the same checks as a holiday file imported by hand (heshi_protocol.holiday_file)
        check_pulled_calendar_year(p)
    except HolidayTableInvalid as exc:
        raise _Problem(str(exc)) from None


def _event(p: dict) -> None:
    _id(p, "id", "办理记录编号")
    _id(p, "opinion_id", "意见编号")
    kind = _text(p, "kind", "办理类型", limit=MAX_KIND, required=True)
    if kind == EventKind.REGISTERED.value:
        raise _Problem("办理类型“登记”只能由联络站记录")
    occurred = p.get("occurred_at")
    try:
        when = datetime.fromisoformat(occurred) if isinstance(occurred, str) else None
    except ValueError:
        when = None
    if when is None:
        raise _Problem(f"办理时间（occurred_at）“{_shown(occurred)}”不是有效的日期时间")
    if when.tzinfo is None:
        raise _Problem("办理时间（occurred_at）缺少时区")
    _text(p, "actor", "办理人", limit=MAX_NAME * 2)
    _text(p, "note", "说明", limit=MAX_LONG_TEXT)
    data = p.get("data")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise _Problem("办理内容（data）应为对象")
    check = _EVENT_DATA.get(kind)
    if check is not None:
        check(data)


def _dated(key: str, label: str, *, required: bool = False):
    def check(d: dict) -> None:
        _iso_date(d.get(key), label, key, required=required)

    return check


def _satisfaction(d: dict) -> None:
    _choice(d, "rating", "满意度", Satisfaction, required=False)


def _transferred(d: dict) -> None:
    if d.get("lead_unit_id") is not None:
        _id(d, "lead_unit_id", "主办单位")
    assist = d.get("assist_unit_ids", [])
    if not isinstance(assist, list) or not all(isinstance(a, str) and 0 < len(a) <= MAX_ID for a in assist):
        raise _Problem("协办单位（assist_unit_ids）应为单位编号的列表")
    _iso_date(d.get("due_date"), "办理期限", "due_date", required=False)
    _flag(d, "due_provisional", "期限是否暂定")


def _feedback(d: dict) -> None:
    _iso_date(d.get("fed_back_on"), "反馈日期", "fed_back_on", required=False)
    _choice(d, "method", "反馈方式", FeedbackMethod, required=False)


def _answered(d: dict) -> None:
    _text(d, "answer", "当场答复", limit=MAX_LONG_TEXT)
    _choice(d, "method", "答复方式", FeedbackMethod, required=False)


def _replied(d: dict) -> None:
    _text(d, "reply", "办理答复", limit=MAX_LONG_TEXT)


def _duplicate(d: dict) -> None:
    if d.get("duplicate_of") is not None:
        _id(d, "duplicate_of", "重复的意见")


def _with_reason(d: dict) -> None:
    _text(d, "reason", "理由", limit=MAX_REASON)


_EVENT_DATA = {
    EventKind.SATISFACTION.value: _satisfaction,
    EventKind.TRANSFERRED.value: _transferred,
    EventKind.EXTENDED.value: _dated("new_due_date", "延期后的期限"),
    EventKind.DEADLINE_RECOMPUTED.value: _dated("due_date", "重算后的期限", required=True),
    EventKind.FED_BACK.value: _feedback,
    EventKind.ANSWERED_ON_SPOT.value: _answered,
    EventKind.REPLIED.value: _replied,
    EventKind.DUPLICATE.value: _duplicate,
    EventKind.VOIDED.value: _with_reason,
}

_CHECKS = {
    "deputy": _deputy,
    "handling_unit": _unit,
    "category": _category,
    "calendar_year": _calendar_year,
    "opinion_event": _event,
}

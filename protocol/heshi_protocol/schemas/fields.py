"""Building blocks of the shared schema: field types, Chinese field names, and turning a pydantic error
into one Chinese sentence that names the field.

Guarantees: ``problems_of`` and ``json_value_problems`` never raise, whatever they are given (a hostile
payload may be any Python object: deep nesting, NaN, lone surrogates, huge strings, cycles).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints, ValidationError

from heshi_protocol import vocab

# Characters no field may hold: C0 controls other than tab/newline/CR, DEL, and lone surrogates (they
# cannot be encoded as UTF-8, so PostgreSQL and SQLite would refuse them on write).
FORBIDDEN_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})")

FIRST_YEAR, LAST_YEAR = 1949, 2100  # a ledger date outside these years cannot be real
MAX_DEPTH = 8  # free-form JSON (an event's data) may nest this deep
MAX_ITEMS = 1000  # and hold this many values in all


class Strict(BaseModel):
    """A wire object: exact JSON types (no "1" for 1), no fields the protocol does not define."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Open(BaseModel):
    """A wire object whose unknown fields are kept (an event's ``data``: newer stations add keys)."""

    model_config = ConfigDict(strict=True, extra="allow", frozen=True)


def _real_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"年份 {year} 不可能是真实的台账日期（应在 {FIRST_YEAR}–{LAST_YEAR} 年之间）")


def _date(value: str) -> str:
    try:
        if not _DATE.fullmatch(value):
            raise ValueError
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"“{value[:40]}”不是有效的日期，应为 YYYY-MM-DD") from None
    _real_year(day.year)
    return value


def _time(value: str) -> str:
    try:
        if not _TIME.fullmatch(value):
            raise ValueError
        time.fromisoformat(value)
    except ValueError:
        raise ValueError(f"“{value[:40]}”不是有效的时刻，应为 HH:MM:SS") from None
    return value


def _datetime(value: str) -> str:
    try:
        if not _DATETIME.fullmatch(value):
            raise ValueError
        when = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"“{value[:40]}”不是有效的带时区时间，应为 ISO-8601（如 2026-03-20T09:30:00+08:00）") from None
    _real_year(when.year)
    return value


# Text checked in pydantic-core (a Rust regex): no C0 controls other than tab/newline/CR, no DEL; a lone
# surrogate fails there as "string_unicode". Far cheaper than a Python validator per string.
_CLEAN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
_CLEAN_NOT_BLANK = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"


def text(max_length: int, *, required: bool = False) -> Any:
    """A string of at most ``max_length`` characters without control characters or lone surrogates;
    ``required``: not blank."""
    return Annotated[str, StringConstraints(max_length=max_length, pattern=_CLEAN_NOT_BLANK if required else _CLEAN)]


Id = text(64, required=True)
Name = text(200)
RequiredName = text(200, required=True)
LongText = text(20000)
RequiredLongText = text(20000, required=True)
IsoDate = Annotated[str, StringConstraints(max_length=10), AfterValidator(_date)]
IsoTime = Annotated[str, StringConstraints(max_length=15), AfterValidator(_time)]
IsoDateTime = Annotated[str, StringConstraints(max_length=40), AfterValidator(_datetime)]


def one_of(enum: type[vocab.Labelled]) -> Any:
    """A code of the closed vocabulary ``enum`` (its English value on the wire)."""
    return Literal.__getitem__(tuple(m.value for m in enum))


# Chinese names of the wire fields, for messages that name the field.
LABELS = {
    "id": "编号", "code": "联络站编码", "name": "名称", "district": "区", "township": "乡镇(街道)", "address": "地址",
    "gender": "性别", "level": "代表层级", "constituency": "选区", "phone": "电话", "active": "在用",
    "kind": "类型", "parent_id": "上级单位", "time_limit_days": "办理时限", "received_at": "接待时间",
    "way": "接待方式", "place": "地点", "clerk_name": "联络员", "matter": "反映事项", "category_id": "意见类别",
    "confidential": "涉密", "anonymous": "匿名", "outcome": "处理结果", "voided_at": "作废时间",
    "void_reason": "作废理由", "corrected_at": "更正时间", "revision": "更正次数", "deputy_ids": "代表",
    "visitors": "来访人", "id_number": "身份证号", "village": "村(社区)", "group_size": "人数",
    "reception_id": "所属接待", "content": "意见内容", "proposer_name": "提出人", "proposer_phone": "提出人电话",
    "route": "办理方式", "registered_on": "登记日期", "opinion_id": "所属意见", "occurred_at": "办理时间",
    "actor": "办理人", "source": "来源", "note": "说明", "data": "办理内容", "day": "日期", "start_time": "开始时间",
    "end_time": "结束时间", "topic": "主题", "deputy_id": "代表", "reception_day_id": "接待日",
    "status": "出席情况", "arrived_at": "到站时间", "left_at": "离站时间", "activities": "履职活动",
    "leave_reason": "请假事由", "due_date": "办理期限", "due_provisional": "暂定期限", "answer": "答复内容",
    "method": "反馈方式", "lead_unit_id": "主办单位", "assist_unit_ids": "协办单位", "reply": "办理答复",
    "new_due_date": "延期后期限", "extra_days": "延期天数", "provisional": "暂定", "fed_back_on": "反馈日期",
    "rating": "满意度", "duplicate_of": "重复的意见", "year": "年份", "days": "节假日", "after": "起始序号",
    "epoch": "纪元", "ops": "记录", "seq": "序号", "op_id": "操作编号", "entity": "记录类型", "entity_id": "记录编号",
    "op": "提交方式", "payload": "记录内容", "changes": "变更", "next_since": "下一页起点", "more": "是否还有",
}  # fmt: skip

_TYPE_WORDS = {
    "string_type": "文字", "int_type": "整数", "bool_type": "“是/否”（true/false）", "dict_type": "JSON 对象",
    "list_type": "列表", "model_type": "JSON 对象", "tuple_type": "列表", "none_required": "空值",
}  # fmt: skip


def _where(loc: Iterable) -> str:
    parts = [str(p) for p in loc if not (isinstance(p, str) and p.startswith(("function-", "literal[")))]
    named = [p for p in parts if p in LABELS]
    label = LABELS[named[-1]] if named else "内容"
    path = ".".join(parts)
    return f"{label}（{path}）" if path else label


def _choices(ctx: dict) -> str:
    expected = str(ctx.get("expected", ""))
    codes = re.findall(r"'([^']*)'", expected)
    words = []
    for code in codes:
        for enum in (
            vocab.ReceptionWay, vocab.Gender, vocab.DeputyLevel, vocab.AttendanceStatus, vocab.Route,
            vocab.UnitKind, vocab.EventKind, vocab.Satisfaction, vocab.FeedbackMethod,
        ):  # fmt: skip
            if code in enum._value2member_map_:
                words.append(f"{code}（{enum(code).label}）" if code else "空（未填）")
                break
        else:
            words.append(code)
    return "、".join(words) or expected


def _short(value: Any) -> str:
    try:
        shown = repr(value)
    except Exception:
        return "?"
    return shown if len(shown) <= 40 else shown[:37] + "…"


def error_message(error: dict) -> str:
    """One pydantic error as a Chinese sentence naming the field."""
    where = _where(error.get("loc", ()))
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"缺少{where}"
    if kind == "extra_forbidden":
        return f"{where}：不是协议中的字段"
    if kind in _TYPE_WORDS:
        return f"{where}应为{_TYPE_WORDS[kind]}，收到 {_short(error.get('input'))}"
    if kind == "string_too_long":
        return f"{where}过长（最多 {ctx.get('max_length')} 个字符）"
    if kind == "string_pattern_mismatch":
        value = error.get("input")
        if isinstance(value, str) and not value.strip():
            return f"{where}不能为空"
        return f"{where}含有不可见的控制字符"
    if kind == "string_too_short":
        return f"{where}不能为空"
    if kind == "too_long":
        return f"{where}条目过多（最多 {ctx.get('max_length')} 条）"
    if kind == "too_short":
        return f"{where}至少要有 {ctx.get('min_length')} 条"
    if kind == "literal_error":
        return f"{where}应为 {_choices(ctx)} 之一，收到 {_short(error.get('input'))}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"{where}超出允许范围，收到 {_short(error.get('input'))}"
    if kind == "value_error":
        return f"{where}{error.get('msg', '').removeprefix('Value error, ')}"
    if kind == "string_unicode":
        return f"{where}含有无法编码的字符"
    if kind == "json_invalid":
        return f"不是有效的 JSON（{ctx.get('error', '')}）"
    if kind == "union_tag_invalid":
        return f"{where}不是可识别的类型，收到 {_short(error.get('input'))}"
    return f"{where}不正确"


def problems_of(model: type[BaseModel], value: Any, *, limit: int = 5) -> list[str]:
    """Chinese problems of ``value`` as ``model`` (empty: valid). Never raises."""
    try:
        model.model_validate(value)
    except ValidationError as exc:
        try:
            return [error_message(e) for e in exc.errors(include_url=False)[:limit]]
        except Exception:
            return ["内容不符合协议格式"]
    except Exception:  # a hostile object (a cycle, a __getattr__ that raises): not readable
        return ["内容不符合协议格式"]
    return []


def json_value_problems(value: Any, where: str) -> list[str]:
    """Problems of a free-form JSON value: only JSON types, finite numbers, clean text, bounded depth and
    size. Never raises (walks iteratively, so a deep or cyclic value cannot exhaust the stack)."""
    try:
        return _walk(value, where)
    except Exception:  # a hostile mapping whose items() raises, and the like
        return [f"{where}不是可读的 JSON 值"]


def _walk(value: Any, where: str) -> list[str]:
    count = 0
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        count += 1
        if count > MAX_ITEMS:
            return [f"{where}包含的值过多（最多 {MAX_ITEMS} 个）"]
        if depth > MAX_DEPTH:
            return [f"{where}嵌套过深（最多 {MAX_DEPTH} 层）"]
        if item is None or isinstance(item, bool | int):
            continue
        if isinstance(item, float):
            if not math.isfinite(item):
                return [f"{where}含有非有限数值（NaN 或 Infinity）"]
        elif isinstance(item, str):
            if FORBIDDEN_CHARACTERS.search(item):
                return [f"{where}含有不可见的控制字符或无法编码的字符"]
        elif isinstance(item, dict):
            for k, v in item.items():
                if not isinstance(k, str):
                    return [f"{where}的键应为文字"]
                stack.append((k, depth + 1))
                stack.append((v, depth + 1))
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
        else:
            return [f"{where}含有 JSON 不能表示的值（{type(item).__name__}）"]
    return []

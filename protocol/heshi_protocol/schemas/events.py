"""The shape of an opinion's handling event on the wire (pushed by a station, pulled from the centre), and of
each event kind's ``data``: the keys the fold reads must have the right type and a known value; other keys
are kept (a station writes extra context such as ``historical`` or ``changes``) but must be plain JSON."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, Union

from pydantic import Field, TypeAdapter, ValidationError, create_model

from heshi_protocol import vocab
from heshi_protocol.schemas.fields import (
    FIRST_YEAR,
    LAST_YEAR,
    Id,
    IsoDate,
    IsoDateTime,
    LongText,
    Name,
    Open,
    Strict,
    error_message,
    json_value_problems,
    one_of,
    problems_of,
)

IdList = Annotated[list[Id], Field(max_length=500)]
Method = one_of(vocab.FeedbackMethod) | Literal[""]
Days = Annotated[int, Field(ge=0, le=3650)]


class EventPayload(Strict):
    """An ``opinion_event`` record / change."""

    id: Id
    opinion_id: Id
    kind: one_of(vocab.EventKind)
    occurred_at: IsoDateTime
    actor: Name = ""
    source: Literal["station", "centre"] = "station"
    note: LongText = ""
    data: dict[str, Any] = {}


class RegisteredData(Open):
    route: one_of(vocab.Route) | None = None
    due_date: IsoDate | None = None
    due_provisional: bool = False
    time_limit_days: Days | None = None


class AnsweredOnSpotData(Open):
    answer: LongText = ""
    method: Method = ""


class TransferredData(Open):
    lead_unit_id: Id | None = None
    assist_unit_ids: IdList = []
    due_date: IsoDate | None = None
    due_provisional: bool = False
    time_limit_days: Days | None = None


class RepliedData(Open):
    reply: LongText = ""


class ExtendedData(Open):
    new_due_date: IsoDate | None = None
    extra_days: Days | None = None
    due_provisional: bool = False


class DeadlineRecomputedData(Open):
    due_date: IsoDate | None = None
    provisional: bool = False


class FedBackData(Open):
    fed_back_on: IsoDate | None = None
    method: Method = ""


class SatisfactionData(Open):
    rating: one_of(vocab.Satisfaction)


class DuplicateData(Open):
    duplicate_of: Id | None = None


class AnyData(Open):
    pass


K = vocab.EventKind
DATA_MODELS: dict[str, type[Open]] = {
    K.REGISTERED: RegisteredData,
    K.ANSWERED_ON_SPOT: AnsweredOnSpotData,
    K.TRANSFERRED: TransferredData,
    K.REPLIED: RepliedData,
    K.EXTENDED: ExtendedData,
    K.DEADLINE_RECOMPUTED: DeadlineRecomputedData,
    K.FED_BACK: FedBackData,
    K.SATISFACTION: SatisfactionData,
    K.DUPLICATE: DuplicateData,
}


def _event_model(kind: vocab.EventKind) -> type[EventPayload]:
    data_model = DATA_MODELS.get(kind, AnyData)
    return create_model(
        f"{kind.name.title().replace('_', '')}Event",
        __base__=EventPayload,
        kind=(Literal[kind.value], ...),
        data=(data_model, Field(default_factory=data_model)),
    )


# One validator for every kind, chosen by ``kind`` in pydantic-core: the event and its data in one pass.
EVENT_ADAPTER = TypeAdapter(
    Annotated[Union[tuple(_event_model(k) for k in vocab.EventKind)], Field(discriminator="kind")]  # noqa: UP007
)
_DECLARED = {k.value: frozenset(DATA_MODELS.get(k, AnyData).model_fields) for k in vocab.EventKind}


def _wire_event_problems(event: dict) -> list[str]:
    try:
        EVENT_ADAPTER.validate_python(event)
    except ValidationError as exc:
        found = []
        for error in exc.errors(include_url=False)[:5]:
            kind = error.get("type")
            if kind == "union_tag_invalid":
                found.append(f"办理类型（kind）不是可识别的类型，收到 {str(event.get('kind'))[:40]!r}")
            elif kind == "union_tag_not_found":
                found.append("缺少办理类型（kind）")
            else:  # the first location is the kind that chose the model
                found.append(error_message({**error, "loc": tuple(error.get("loc", ()))[1:]}))
        return found
    data = event.get("data") or {}
    extra = data.keys() - _DECLARED[event["kind"]]
    # Keys the model declares were typed above; only the others are free-form JSON to walk.
    return json_value_problems({k: data[k] for k in extra}, "办理内容（data）") if extra else []


def data_problems(kind: Any, data: Any) -> list[str]:
    """Problems of an event's ``data`` for its kind (the keys the fold reads, then the whole value as JSON)."""
    if not isinstance(data, dict):
        return [f"办理内容（data）应为 JSON 对象，收到 {type(data).__name__}"]
    model = DATA_MODELS.get(kind, AnyData) if isinstance(kind, str) else AnyData
    found = [p.replace("（", "（data.", 1) if "（" in p else p for p in problems_of(model, data)]
    return found or json_value_problems(data, "办理内容（data）")


def _record_problems(event: Any) -> list[str]:
    """Problems of an in-memory event (``opinion_state.EventRecord`` or alike): a ``datetime`` time."""
    kind, when, data = getattr(event, "kind", None), getattr(event, "occurred_at", None), getattr(event, "data", None)
    if not isinstance(kind, str) or kind not in vocab.EventKind._value2member_map_:
        return [f"办理类型（kind）不是可识别的类型，收到 {str(kind)[:40]!r}"]
    if not isinstance(when, datetime):
        return ["办理时间（occurred_at）应为时间"]
    if not FIRST_YEAR <= when.year <= LAST_YEAR:
        return [f"办理时间（occurred_at）的年份 {when.year} 不可能是真实的"]
    return data_problems(kind, data if data is not None else {})


def event_problems(event: Any) -> list[str]:
    """Chinese problems of one handling event (empty: readable). Accepts the wire form (a dict as in
    ``payloads.event_payload``) or an in-memory event with ``kind``, ``occurred_at`` (datetime) and ``data``.
    Never raises."""
    try:
        if event is None or isinstance(event, str | int | float | list):
            return [f"办理记录应为 JSON 对象，收到 {type(event).__name__}"]
        if not isinstance(event, dict):
            return _record_problems(event)
        return _wire_event_problems(event)
    except Exception:
        return ["办理记录无法读取"]


__all__ = ["DATA_MODELS", "EventPayload", "Strict", "data_problems", "event_problems"]

"""What the two sides send each other around the records: the push body, the pull page, and each kind of
centre-owned change a station pulls (reference data, holiday years, handling events)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator
from pydantic import Strict as StrictMode

from heshi_protocol import wire
from heshi_protocol.schemas.events import EventPayload, event_problems
from heshi_protocol.schemas.fields import (
    FIRST_YEAR,
    LAST_YEAR,
    Id,
    IsoDate,
    Strict,
    problems_of,
    text,
)
from heshi_protocol.schemas.records import CategoryRecord, DeputyRecord, UnitRecord

MAX_SEQ = 2**62
Seq = Annotated[int, Field(ge=1, le=MAX_SEQ)]
Word = Annotated[str, Field(min_length=1, max_length=30, pattern=r"^[a-z_]+$")]


class PushOp(Strict):
    seq: Seq
    op_id: Id
    entity: Word
    entity_id: Id
    op: Word
    payload: dict[str, Any]


class PushBody(Strict):
    """A push request. The payloads are only "an object" here; each is judged by ``record_problems`` so one
    bad record is rejected on its own and never stops the batch."""

    after: Annotated[int, Field(ge=0, le=MAX_SEQ)]
    epoch: text(64) | None = None
    ops: Annotated[list[PushOp], Field(max_length=wire.MAX_OPS_PER_BATCH)]


# ``[date, is_working_day, name]``; a JSON array is a tuple here (strict mode alone wants a Python tuple).
HolidayDay = Annotated[tuple[IsoDate, bool, text(30)], StrictMode(False)]


class HolidayYear(Strict):
    """One year of the working-day calendar: ``days`` are ``[date, is_working_day, name]``."""

    id: Annotated[str, Field(pattern=r"^\d{4}$")]
    year: Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
    source: text(100)
    days: Annotated[list[HolidayDay], Field(min_length=1, max_length=366)]

    @model_validator(mode="after")
    def _days_belong_to_the_year(self) -> HolidayYear:
        if self.id != str(self.year):
            raise ValueError(f"编号 {self.id} 与年份 {self.year} 不一致")
        seen: set[str] = set()
        for day, _working, _name in self.days:
            if date.fromisoformat(day).year != self.year:
                raise ValueError(f"{self.year} 年的节假日表中出现了其他年份的日期 {day}")
            if day in seen:
                raise ValueError(f"{day} 在 {self.year} 年的节假日表中出现了不止一次（不能既是节假日又是调休上班日）")
            seen.add(day)
        return self


# The payload model of each kind of change a station pulls.
CHANGE_MODELS = {
    "deputy": DeputyRecord,
    "handling_unit": UnitRecord,
    "category": CategoryRecord,
    "calendar_year": HolidayYear,
    "opinion_event": EventPayload,
}


class PullChange(Strict):
    seq: Seq
    kind: Literal[wire.PULL_KINDS]  # type: ignore[valid-type]
    entity_id: Id
    payload: dict[str, Any]


class PullPage(Strict):
    """A pull reply. Each change's payload is judged by ``change_problems`` so one bad change is set aside
    on its own."""

    epoch: text(64)
    changes: Annotated[list[PullChange], Field(max_length=5000)]
    next_since: Annotated[int, Field(ge=0, le=MAX_SEQ)]
    more: bool


def change_problems(kind: Any, payload: Any) -> list[str]:
    """Chinese problems of one pulled change's payload (empty: the station can apply it). Never raises."""
    try:
        if kind == "opinion_event":
            return event_problems(payload)
        model = CHANGE_MODELS.get(kind) if isinstance(kind, str) else None
        if model is None:
            return [f"未知的变更类型：{str(kind)[:40]}"]
        return problems_of(model, payload)
    except Exception:
        return ["变更内容无法读取"]

"""Request and reply bodies as the OpenAPI spec shows them (pydantic); mirrors ``heshi_protocol.wire``."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SkipValidation

MAX_SEQ = 2**62
Text64 = Field(min_length=1, max_length=64, pattern=r"^[^\x00-\x1f]+$")


class PushOp(BaseModel):
    model_config = ConfigDict(extra="forbid")
    seq: int = Field(ge=1, le=MAX_SEQ)
    op_id: str = Text64
    entity: str = Field(min_length=1, max_length=30, pattern=r"^[a-z_]+$")
    entity_id: str = Text64
    op: str = Field(min_length=1, max_length=20, pattern=r"^[a-z_]+$")
    # Checked as "an object" by the app (``push.apply_push``), not walked field by field here: validating
    # every nested value cost more than the whole database write.
    payload: SkipValidation[dict[str, Any]]


class PushRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    after: int = Field(ge=0, le=MAX_SEQ, description="the station's sequence number just before ops[0]")
    epoch: str | None = Field(default=None, max_length=64)
    ops: list[PushOp] = Field(max_length=5000)


class Rejection(BaseModel):
    seq: int
    code: str
    message: str


class PushResponse(BaseModel):
    epoch: str
    cursor: int = Field(description="highest sequence number the centre holds for this station")
    first_seq: int | None = Field(description="seq of the first op answered (null for an empty batch)")
    last_seq: int | None
    statuses: str = Field(description="one letter per op, in order: a = applied, d = duplicate, r = rejected")
    rejections: list[Rejection] = Field(description="code and Chinese message for every 'r', in order")


class ChangeOut(BaseModel):
    seq: int
    kind: str
    entity_id: str
    payload: dict[str, Any]


class PullResponse(BaseModel):
    epoch: str
    changes: list[ChangeOut]
    next_since: int
    more: bool


class StationOut(BaseModel):
    code: str
    name: str


class HelloResponse(BaseModel):
    epoch: str
    cursor: int
    server_time: str
    station: StationOut
    protocol_min: int
    protocol_max: int


class HealthResponse(BaseModel):
    status: str
    protocol_min: int
    protocol_max: int


class ErrorResponse(BaseModel):
    code: str
    message: str


class CentreEventIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    station_code: str = Field(min_length=1, max_length=32, pattern=r"^[^\x00-\x1f]+$")
    kind: str = Field(min_length=1, max_length=20)
    note: str = Field(default="", max_length=4000, pattern=r"^[^\x00]*$")
    actor: str = Field(default="", max_length=50, pattern=r"^[^\x00]*$")
    data: dict[str, Any] = Field(default_factory=dict)
    occurred_at: str | None = Field(default=None, max_length=40)


class CentreEventOut(BaseModel):
    id: str
    opinion_id: str
    kind: str
    change_seq: int

"""Reply bodies and the admin request as the OpenAPI spec shows them (pydantic); mirrors ``heshi_protocol.wire``.

The push body is ``heshi_protocol.schemas.PushBody`` (shared with the station), not defined here."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


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

"""The shape of every station-owned record a station pushes (one model per entity of ``wire.STATION_ENTITIES``,
matching the field lists of ``heshi_protocol.payloads``), and of the reference data the centre sends back."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from heshi_protocol import vocab
from heshi_protocol.schemas.duty_records import DUTY_RECORD_MODELS
from heshi_protocol.schemas.events import EventPayload
from heshi_protocol.schemas.fields import (
    Id,
    IsoDate,
    IsoDateTime,
    IsoTime,
    LongText,
    Name,
    RequiredLongText,
    RequiredName,
    Strict,
    one_of,
    text,
)

Phone = text(40)
IdList = Annotated[list[Id], Field(max_length=500)]


class StationRecord(Strict):
    id: Id
    code: text(32, required=True)
    name: RequiredName
    district: Name = ""
    township: Name = ""
    address: Name = ""


class DeputyRecord(Strict):
    id: Id
    name: RequiredName
    gender: one_of(vocab.Gender) = ""
    level: one_of(vocab.DeputyLevel)
    constituency: Name = ""
    phone: Phone = ""
    active: bool = True


class UnitRecord(Strict):
    id: Id
    name: RequiredName
    kind: one_of(vocab.UnitKind)
    parent_id: Id | None = None
    active: bool = True


class CategoryRecord(Strict):
    id: Id
    name: RequiredName
    time_limit_days: Annotated[int, Field(ge=1, le=365)]
    active: bool = True


class VisitorRecord(Strict):
    id: Id
    name: Name = ""
    gender: one_of(vocab.Gender) = ""
    phone: Phone = ""
    id_number: text(18) = ""
    village: Name = ""
    group_size: Annotated[int, Field(ge=1, le=100000)] = 1


class ReceptionRecord(Strict):
    id: Id
    received_at: IsoDateTime
    way: one_of(vocab.ReceptionWay)
    place: Name = ""
    clerk_name: Name = ""
    matter: RequiredLongText
    category_id: Id | None = None
    confidential: bool = False
    anonymous: bool = False
    outcome: LongText = ""
    voided_at: IsoDateTime | None = None
    void_reason: LongText = ""
    corrected_at: IsoDateTime | None = None
    revision: Annotated[int, Field(ge=0, le=1_000_000)] = 0
    deputy_ids: IdList = []
    visitors: Annotated[list[VisitorRecord], Field(max_length=500)] = []


class OpinionRecord(Strict):
    id: Id
    reception_id: Id | None = None
    content: RequiredLongText
    category_id: Id | None = None
    proposer_name: Name = ""
    proposer_phone: Phone = ""
    village: Name = ""
    route: one_of(vocab.Route)
    confidential: bool = False
    registered_on: IsoDate
    corrected_at: IsoDateTime | None = None
    revision: Annotated[int, Field(ge=0, le=1_000_000)] = 0
    deputy_ids: IdList = []


class ReceptionDayRecord(Strict):
    id: Id
    day: IsoDate
    start_time: IsoTime
    end_time: IsoTime
    place: Name = ""
    topic: Name = ""
    deputy_ids: IdList = []


class AttendanceRecord(Strict):
    id: Id
    deputy_id: Id
    day: IsoDate
    reception_day_id: Id | None = None
    status: one_of(vocab.AttendanceStatus)
    arrived_at: IsoTime | None = None
    left_at: IsoTime | None = None
    activities: LongText = ""
    leave_reason: LongText = ""


# Each entity a station may push, with the model its payload must satisfy.
RECORD_MODELS = {
    "station": StationRecord,
    "deputy": DeputyRecord,
    "handling_unit": UnitRecord,
    "category": CategoryRecord,
    "reception": ReceptionRecord,
    "opinion": OpinionRecord,
    "opinion_event": EventPayload,
    "reception_day": ReceptionDayRecord,
    "attendance": AttendanceRecord,
    **DUTY_RECORD_MODELS,
}

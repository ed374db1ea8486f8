"""The shape of the deputies' duty records a station pushes (issue 14), matching the field lists of
``heshi_protocol.payloads`` (``duty_activity_payload`` … ``training_payload``). Each snapshot carries its
children, so one model judges the whole record."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from heshi_protocol import vocab
from heshi_protocol.schemas.fields import Id, IsoDate, IsoDateTime, LongText, Name, RequiredName, Strict, one_of

IdList = Annotated[list[Id], Field(max_length=500)]
Count = Annotated[int, Field(ge=0, le=1_000_000)]
Revision = Annotated[int, Field(ge=0, le=1_000_000)]


class _Correctable(Strict):
    voided_at: IsoDateTime | None = None
    void_reason: LongText = ""
    corrected_at: IsoDateTime | None = None
    revision: Revision = 0


class DutyActivityRecord(_Correctable):
    id: Id
    kind: one_of(vocab.DutyKind)
    day: IsoDate
    place: Name = ""
    subject: Name = ""
    contact_with: Name = ""
    contact_way: one_of(vocab.ContactWay) | Literal[""] = ""
    raised: LongText = ""
    notes: LongText = ""
    reception_id: Id | None = None
    deputy_ids: IdList = []


class ReportBackRecord(_Correctable):
    id: Id
    deputy_id: Id
    day: IsoDate
    place: Name = ""
    voters_present: Count
    summary: LongText = ""
    satisfied: Count = 0
    basically: Count = 0
    dissatisfied: Count = 0
    invalid: Count = 0


class VoteProjectRecord(Strict):
    id: Id
    position: Count = 0
    name: RequiredName
    sponsor: Name = ""
    budget_yuan: Annotated[int, Field(ge=0, le=10**15)] = 0
    votes_for: Count = 0
    votes_against: Count = 0
    abstain: Count = 0


class ProjectVoteRecord(_Correctable):
    id: Id
    year: Annotated[int, Field(ge=1949, le=2200)]
    day: IsoDate
    place: Name = ""
    rule: one_of(vocab.VoteRule)
    deputies_total: Count
    notes: LongText = ""
    deputy_ids: IdList = []
    projects: Annotated[list[VoteProjectRecord], Field(max_length=500)] = []


class TrainingAttendeeRecord(Strict):
    deputy_id: Id
    status: one_of(vocab.AttendanceStatus)
    leave_reason: Name = ""


class TrainingRecord(_Correctable):
    id: Id
    topic: RequiredName
    organiser: Name = ""
    day: IsoDate
    hours: Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)]
    place: Name = ""
    notes: LongText = ""
    attendees: Annotated[list[TrainingAttendeeRecord], Field(max_length=5000)] = []


DUTY_RECORD_MODELS = {
    "duty_activity": DutyActivityRecord,
    "report_back": ReportBackRecord,
    "project_vote": ProjectVoteRecord,
    "training": TrainingRecord,
}

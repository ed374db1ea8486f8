"""Inputs and records of the deputies' duties (issue 14): plain dataclasses, no ORM object leaves the ledger.

Codes (``kind``, ``contact_way``, ``rule``, ``status``) are the English values of ``heshi_protocol.vocab``;
an input may also carry the Chinese label, which the operations read back with ``from_label``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


# ----------------------------------------------------------------------------------------------- inputs
@dataclass
class ActivityInput:
    kind: str  # DutyKind
    day: date
    deputy_ids: list[str] = field(default_factory=list)
    place: str = ""
    subject: str = ""
    contact_with: str = ""  # 联系选民 only
    contact_way: str = ""  # ContactWay, 联系选民 only
    raised: str = ""  # what the constituents raised (联系选民 only)
    notes: str = ""


@dataclass
class ReportBackInput:
    deputy_id: str
    day: date
    place: str
    voters_present: int
    summary: str
    satisfied: int = 0
    basically: int = 0
    dissatisfied: int = 0
    invalid: int = 0


@dataclass
class ProjectInput:
    name: str
    sponsor: str = ""
    budget_yuan: int = 0
    votes_for: int = 0
    votes_against: int = 0
    abstain: int = 0


@dataclass
class ProjectVoteInput:
    year: int
    day: date
    rule: str  # VoteRule
    deputies_total: int
    deputy_ids: list[str] = field(default_factory=list)  # the deputies voting (signature lines)
    projects: list[ProjectInput] = field(default_factory=list)
    place: str = ""
    notes: str = ""


@dataclass
class AttendeeInput:
    deputy_id: str
    status: str = "present"  # AttendanceStatus
    leave_reason: str = ""


@dataclass
class TrainingInput:
    topic: str
    day: date
    hours: float
    attendees: list[AttendeeInput] = field(default_factory=list)
    organiser: str = ""
    place: str = ""
    notes: str = ""


# ---------------------------------------------------------------------------------------------- records
@dataclass(frozen=True)
class DutyBookkeeping:
    voided_at: datetime | None
    void_reason: str
    corrected_at: datetime | None
    revision: int


@dataclass(frozen=True)
class ActivityRecord:
    id: str
    kind: str
    kind_label: str
    day: date
    place: str
    subject: str
    contact_with: str
    contact_way: str
    contact_way_label: str
    raised: str
    notes: str
    deputy_ids: tuple[str, ...]
    deputy_names: tuple[str, ...]
    book: DutyBookkeeping
    reception_id: str | None = None  # 联系选民 whose raised matters were registered as opinions


@dataclass(frozen=True)
class ReportBackRecord:
    id: str
    deputy_id: str
    deputy_name: str
    day: date
    place: str
    voters_present: int
    summary: str
    satisfied: int
    basically: int
    dissatisfied: int
    invalid: int
    result: str  # ReportBackResult
    result_label: str
    satisfaction_rate: float | None  # (满意 + 基本满意) / valid ballots; None when no valid ballot
    book: DutyBookkeeping

    @property
    def ballots_counted(self) -> int:
        return self.satisfied + self.basically + self.dissatisfied + self.invalid


@dataclass(frozen=True)
class ProjectRecord:
    id: str
    position: int
    name: str
    sponsor: str
    budget_yuan: int
    votes_for: int
    votes_against: int
    abstain: int
    adopted: bool


@dataclass(frozen=True)
class ProjectVoteRecord:
    id: str
    year: int
    day: date
    place: str
    rule: str
    rule_label: str
    deputies_total: int
    deputy_ids: tuple[str, ...]
    deputy_names: tuple[str, ...]
    projects: tuple[ProjectRecord, ...]
    notes: str
    book: DutyBookkeeping

    @property
    def adopted(self) -> tuple[ProjectRecord, ...]:
        return tuple(p for p in self.projects if p.adopted)


@dataclass(frozen=True)
class AttendeeRecord:
    deputy_id: str
    deputy_name: str
    status: str
    status_label: str
    leave_reason: str


@dataclass(frozen=True)
class TrainingRecord:
    id: str
    topic: str
    organiser: str
    day: date
    hours: float
    place: str
    notes: str
    attendees: tuple[AttendeeRecord, ...]
    book: DutyBookkeeping

"""Plain dataclasses that cross the ledger's boundary: inputs to operations and records they return.

No ORM object ever leaves the ledger package; the UI, reports, sync and CLI see only these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time


# ----------------------------------------------------------------------------------------------- inputs
@dataclass
class VisitorInput:
    name: str = ""
    gender: str = ""
    phone: str = ""
    id_number: str = ""
    village: str = ""
    group_size: int = 1


#: Appended to every deadline counted on a provisional holiday table, on screen and on paper.
PROVISIONAL_MARK = "（暂定）"


@dataclass
class OpinionInput:
    content: str
    route: str  # Route value
    category_id: str | None = None
    lead_unit_id: str | None = None
    assist_unit_ids: list[str] = field(default_factory=list)
    time_limit_days: int | None = None  # working days; default from the category
    due_date: date | None = None  # typed by the clerk instead of the computed deadline; needs due_reason
    due_reason: str = ""  # why the deadline was typed (kept on the event)
    answer: str = ""  # for Route.ON_SPOT
    deputy_ids: list[str] | None = None  # default: the reception's deputies


@dataclass
class ReceptionInput:
    received_at: datetime
    way: str  # ReceptionWay value
    matter: str
    visitors: list[VisitorInput] = field(default_factory=list)
    deputy_ids: list[str] = field(default_factory=list)
    category_id: str | None = None
    place: str = ""
    clerk_name: str = ""
    confidential: bool = False
    anonymous: bool = False
    outcome: str = ""
    opinions: list[OpinionInput] = field(default_factory=list)
    source_key: str | None = None  # set by imports so the same row is never imported twice


@dataclass
class DeputyInput:
    name: str
    level: str  # DeputyLevel value
    gender: str = ""
    constituency: str = ""
    phone: str = ""
    active: bool = True


@dataclass
class StationInput:
    code: str
    name: str
    district: str = ""
    township: str = ""
    address: str = ""


# ---------------------------------------------------------------------------------------------- records
@dataclass(frozen=True)
class VisitorRecord:
    id: str
    name: str
    gender: str
    phone: str
    id_number: str
    village: str
    group_size: int


@dataclass(frozen=True)
class ReceptionRecord:
    id: str
    received_at: datetime
    way: str
    way_label: str
    matter: str
    place: str
    clerk_name: str
    category_id: str | None
    category_name: str
    confidential: bool
    anonymous: bool
    outcome: str
    visitors: tuple[VisitorRecord, ...]
    deputy_ids: tuple[str, ...]
    deputy_names: tuple[str, ...]
    opinion_ids: tuple[str, ...]
    # 更正 / 作废 (issue 9 §2): a voided reception is kept and shown marked; ``revision`` counts corrections.
    voided_at: datetime | None = None
    void_reason: str = ""
    corrected_at: datetime | None = None
    revision: int = 0

    @property
    def voided(self) -> bool:
        return self.voided_at is not None

    @property
    def people(self) -> int:
        return sum(v.group_size for v in self.visitors) or 1


@dataclass(frozen=True)
class TimelineEntry:
    id: str
    kind: str
    kind_label: str
    occurred_at: datetime
    actor: str
    source: str
    note: str
    data: dict


@dataclass(frozen=True)
class OpinionRecord:
    id: str
    reception_id: str | None
    registered_on: date
    content: str
    category_id: str | None
    category_name: str
    proposer_name: str
    proposer_phone: str
    village: str
    route: str
    route_label: str
    confidential: bool
    state: str
    state_label: str
    paused: bool
    lead_unit_id: str | None
    lead_unit_name: str
    assist_unit_names: tuple[str, ...]
    due_date: date | None
    overdue_level: str | None
    overdue_label: str
    deadline_problem: str
    reply: str
    fed_back_on: date | None
    feedback_method: str
    satisfaction: str | None
    satisfaction_label: str
    closed_on: date | None
    closed_on_time: bool | None
    urge_count: int
    reopen_count: int
    deputy_names: tuple[str, ...]
    timeline: tuple[TimelineEntry, ...] = ()
    allowed_steps: frozenset[str] = frozenset()  # EventKind values the next step may be
    corrected_at: datetime | None = None  # the latest 更正 of the registration fields
    revision: int = 0  # how many corrections were saved
    deputy_ids: tuple[str, ...] = ()
    void_reason: str = ""  # the reason of the 作废, when state is voided
    due_provisional: bool = False  # the deadline was counted on a provisional (暂定) holiday table

    def due_text(self, fmt: str = "%Y-%m-%d") -> str:
        """The deadline as shown everywhere (screen and paper): ``fmt``, then “（暂定）” when provisional."""
        return deadline_text(self.due_date, self.due_provisional, fmt)


def deadline_text(due_date: date | None, provisional: bool, fmt: str = "%Y-%m-%d") -> str:
    """A deadline as shown everywhere: ``fmt``, then “（暂定）” when provisional; "" without a deadline."""
    if due_date is None:
        return ""
    return due_date.strftime(fmt) + (PROVISIONAL_MARK if provisional else "")


@dataclass(frozen=True)
class OpinionListRow:
    """One row of the opinion list: only what the list shows, read from the opinion's cached columns
    (``ledger.opinion_list``) — the full record with its history is ``opinions.get_opinion``."""

    id: str
    registered_on: date
    content: str
    category_name: str
    proposer_name: str
    state: str
    state_label: str
    paused: bool
    lead_unit_name: str
    due_date: date | None
    due_provisional: bool
    overdue_level: str | None
    overdue_label: str

    def due_text(self, fmt: str = "%Y-%m-%d") -> str:
        return deadline_text(self.due_date, self.due_provisional, fmt)

    @classmethod
    def of_record(cls, r: OpinionRecord) -> OpinionListRow:
        """The list row of a full record (a step's result shown at once in its row)."""
        return cls(
            id=r.id, registered_on=r.registered_on, content=r.content, category_name=r.category_name,
            proposer_name=r.proposer_name, state=r.state, state_label=r.state_label, paused=r.paused,
            lead_unit_name=r.lead_unit_name, due_date=r.due_date, due_provisional=r.due_provisional,
            overdue_level=r.overdue_level, overdue_label=r.overdue_label,
        )  # fmt: skip


@dataclass(frozen=True)
class DeputyRecord:
    id: str
    name: str
    gender: str
    level: str
    level_label: str
    constituency: str
    phone: str
    active: bool
    name_initials: str


@dataclass(frozen=True)
class UnitRecord:
    id: str
    name: str
    kind: str
    kind_label: str
    parent_id: str | None
    active: bool


@dataclass(frozen=True)
class CategoryRecord:
    id: str
    name: str
    time_limit_days: int
    active: bool


@dataclass(frozen=True)
class StationRecord:
    id: str
    code: str
    name: str
    district: str
    township: str
    address: str


@dataclass(frozen=True)
class ReceptionDayRecord:
    id: str
    day: date
    start_time: time
    end_time: time
    place: str
    topic: str
    deputy_ids: tuple[str, ...]
    deputy_names: tuple[str, ...]


@dataclass(frozen=True)
class AttendanceRecord:
    id: str
    deputy_id: str
    deputy_name: str
    day: date
    reception_day_id: str | None
    status: str
    status_label: str
    arrived_at: time | None
    left_at: time | None
    hours: float | None
    activities: str
    leave_reason: str
    people_received: int
    opinions_collected: int

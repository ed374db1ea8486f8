"""All ORM models; import from here so every table is registered on ``Base.metadata``."""

from heshi_station.db.models.base import Base
from heshi_station.db.models.duties import (
    DutyActivity,
    ProjectVote,
    ReportBack,
    Training,
    TrainingAttendee,
    VoteProject,
    duty_activity_deputy,
    project_vote_deputy,
)
from heshi_station.db.models.ledger import (
    Attendance,
    Opinion,
    OpinionEvent,
    Reception,
    ReceptionDay,
    Visitor,
    opinion_deputy,
    reception_deputy,
    rota,
)
from heshi_station.db.models.reference import (
    AppSetting,
    CalendarDay,
    CalendarYear,
    Category,
    Clerk,
    Deputy,
    HandlingUnit,
    Station,
)
from heshi_station.db.models.sync import AuditEntry, OutboxEntry, PulledChangeSetAside, SyncCursor

__all__ = [
    "AppSetting",
    "Attendance",
    "AuditEntry",
    "Base",
    "CalendarDay",
    "CalendarYear",
    "Category",
    "Clerk",
    "Deputy",
    "DutyActivity",
    "HandlingUnit",
    "Opinion",
    "OpinionEvent",
    "OutboxEntry",
    "ProjectVote",
    "PulledChangeSetAside",
    "Reception",
    "ReceptionDay",
    "ReportBack",
    "Station",
    "SyncCursor",
    "Training",
    "TrainingAttendee",
    "Visitor",
    "VoteProject",
    "duty_activity_deputy",
    "opinion_deputy",
    "project_vote_deputy",
    "reception_deputy",
    "rota",
]

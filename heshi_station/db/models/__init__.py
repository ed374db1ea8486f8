"""All ORM models; import from here so every table is registered on ``Base.metadata``."""

from heshi_station.db.models.base import Base
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
    "HandlingUnit",
    "Opinion",
    "OpinionEvent",
    "OutboxEntry",
    "PulledChangeSetAside",
    "Reception",
    "ReceptionDay",
    "Station",
    "SyncCursor",
    "Visitor",
    "opinion_deputy",
    "reception_deputy",
    "rota",
]

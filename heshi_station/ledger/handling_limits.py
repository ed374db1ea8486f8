"""The limits of handling steps, in one place for the ledger's checks and the window's input boxes (the
dialogs take their ranges from here instead of repeating them).

Guarantees: ``step_time_bounds`` is what ``opinions._when`` accepts as a step's time: not before the
opinion's registration day nor its latest step, never later than now.
"""

from __future__ import annotations

from datetime import date, datetime, time

from heshi_station.ledger.context import Ledger

#: 办理时限 of a transfer or a category, in working days (inclusive).
TIME_LIMIT_DAYS = (1, 120)
#: 延期 in working days (inclusive).
EXTENSION_DAYS = (1, 60)


def step_time_bounds(
    ledger: Ledger, registered_on: date, last_step_at: datetime | None = None
) -> tuple[datetime, datetime]:
    """(earliest, latest) time the next handling step of an opinion may carry: not before its registration
    day nor its latest step (``last_step_at``), never later than now."""
    now = ledger.now()
    earliest = datetime.combine(registered_on, time(0, 0)).astimezone()
    if last_step_at is not None:
        earliest = max(earliest, last_step_at.replace(second=0, microsecond=0))
    return min(earliest, now), now

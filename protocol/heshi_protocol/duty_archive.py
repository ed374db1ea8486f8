"""代表履职档案 counting rules (issue 14), shared by the station (``heshi_station.ledger.archive``) and the
centre's console (``heshi_centre.console.duties``): both feed an ``ArchiveTally`` the facts they hold, so a
deputy's archive counts the same wherever it is read.

Rules (a fact outside the year, or voided, counts nowhere):
- 进站履职: attendance days by status (出席 / 请假 / 缺席);
- 参加接待, 接待群众: receptions the deputy was on duty for, and the people received in them;
- 收集意见: opinions linked to the deputy, registered that year, not voided;
- 履职活动 by kind; 联系选民 is the count of 联系选民 activities, set against the yearly expectation;
- 述职测评: the deputy's report-backs; 票决: the project votes the deputy voted in;
- 培训: trainings attended (出席) and their hours (rounded to 0.1), leaves and absences.

Pure: plain values in, plain values out; nothing else of the project is imported but ``vocab``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from heshi_protocol.vocab import DutyKind

CONTACT_TARGET_SETTING = "duty_contact_target"
DEFAULT_CONTACT_TARGET = 10
STATUSES = ("present", "leave", "absent")


def year_bounds(year: int) -> tuple[date, date]:
    """[start, end) of a calendar year."""
    return date(year, 1, 1), date(year + 1, 1, 1)


@dataclass(frozen=True)
class ArchiveCounts:
    """One deputy's counts for one year."""

    attendances: int = 0
    leaves: int = 0
    absences: int = 0
    receptions: int = 0
    people_received: int = 0
    opinions_raised: int = 0
    activities: dict[str, int] = field(default_factory=lambda: {k.value: 0 for k in DutyKind})
    report_backs: int = 0
    votes: int = 0
    trainings_attended: int = 0
    training_hours: float = 0.0
    training_leaves: int = 0
    training_absences: int = 0

    @property
    def contacts(self) -> int:
        return self.activities[DutyKind.CONTACT.value]

    def contact_target_met(self, target: int) -> bool:
        return self.contacts >= target


class ArchiveTally:
    """Collects facts for one year and gives each deputy's ``ArchiveCounts``. Every ``add_*`` ignores a fact
    dated outside the year (or without a date) or voided, so callers may pass more than the year."""

    def __init__(self, year: int) -> None:
        self.year = year
        self.start, self.end = year_bounds(year)
        self._n: Counter = Counter()  # (deputy_id, what) -> count
        self._hours: Counter = Counter()  # deputy_id -> training hours attended

    def _in(self, day: date | None, voided: bool) -> bool:
        return day is not None and not voided and self.start <= day < self.end

    def add_attendance(self, deputy_id: str, day: date | None, status: str) -> None:
        if self._in(day, False) and status in STATUSES:
            self._n[(deputy_id, "attendance_" + status)] += 1

    def add_reception(self, deputy_ids: Iterable[str], day: date | None, people: int, voided: bool) -> None:
        if self._in(day, voided):
            for d in set(deputy_ids):
                self._n[(d, "receptions")] += 1
                self._n[(d, "people")] += int(people or 0)

    def add_opinion(self, deputy_ids: Iterable[str], registered_on: date | None, voided: bool) -> None:
        if self._in(registered_on, voided):
            for d in set(deputy_ids):
                self._n[(d, "opinions")] += 1

    def add_activity(self, deputy_ids: Iterable[str], day: date | None, kind: str, voided: bool) -> None:
        if self._in(day, voided) and kind in DutyKind._value2member_map_:
            for d in set(deputy_ids):
                self._n[(d, "activity_" + kind)] += 1

    def add_report_back(self, deputy_id: str, day: date | None, voided: bool) -> None:
        if self._in(day, voided):
            self._n[(deputy_id, "report_backs")] += 1

    def add_vote(self, deputy_ids: Iterable[str], day: date | None, voided: bool) -> None:
        if self._in(day, voided):
            for d in set(deputy_ids):
                self._n[(d, "votes")] += 1

    def add_training(self, attendees: Iterable[tuple[str, str]], day: date | None, hours: float, voided: bool) -> None:
        """``attendees``: (deputy id, status) pairs."""
        if self._in(day, voided):
            for d, status in attendees:
                if status in STATUSES:
                    self._n[(d, "training_" + status)] += 1
                    if status == "present":
                        self._hours[d] += float(hours or 0)

    def counts(self, deputy_id: str) -> ArchiveCounts:
        n = lambda what: self._n[(deputy_id, what)]  # noqa: E731
        return ArchiveCounts(
            attendances=n("attendance_present"),
            leaves=n("attendance_leave"),
            absences=n("attendance_absent"),
            receptions=n("receptions"),
            people_received=n("people"),
            opinions_raised=n("opinions"),
            activities={k.value: n("activity_" + k.value) for k in DutyKind},
            report_backs=n("report_backs"),
            votes=n("votes"),
            trainings_attended=n("training_present"),
            training_hours=round(self._hours[deputy_id], 1),
            training_leaves=n("training_leave"),
            training_absences=n("training_absent"),
        )

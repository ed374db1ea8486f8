"""代表履职档案: each deputy's performance archive for one calendar year, read from every ledger.

Counts (voided records count nowhere):
- 进站履职: attendance days 出席 / 请假 / 缺席 (``attendance``);
- 参加接待, 接待群众: receptions the deputy was on duty for and the people received in them; 收集意见: opinions
  linked to the deputy, registered that year, not voided;
- 履职活动 by kind (``duty_activity`` the deputy took part in); 联系选民 is the count of 联系选民 activities,
  set against the station's yearly expectation (setting ``duty_contact_target``, default ``DEFAULT_CONTACT_TARGET``);
- 述职测评: the deputy's report-backs with their result; 票决: the project votes the deputy voted in;
- 培训: trainings attended (出席) and their hours, leaves and absences.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from heshi_protocol.vocab import DeputyLevel, DutyKind, OpinionState, label_of
from heshi_station.db.models import (
    Attendance,
    Deputy,
    DutyActivity,
    Opinion,
    ProjectVote,
    Reception,
    Training,
    TrainingAttendee,
    Visitor,
    duty_activity_deputy,
    opinion_deputy,
    project_vote_deputy,
    reception_deputy,
)
from heshi_station.ledger import reference_data
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.duty_dto import ReportBackRecord
from heshi_station.ledger.errors import ValidationFailed
from heshi_station.ledger.report_backs import list_report_backs

CONTACT_TARGET_SETTING = "duty_contact_target"
DEFAULT_CONTACT_TARGET = 10


@dataclass(frozen=True)
class DeputyArchive:
    deputy_id: str
    name: str
    level_label: str
    constituency: str
    year: int
    attendances: int
    leaves: int
    absences: int
    receptions: int
    people_received: int
    opinions_raised: int
    activities: dict[str, int]  # DutyKind value → count, every kind present (0 when none)
    report_backs: tuple[ReportBackRecord, ...]
    votes: int
    trainings_attended: int
    training_hours: float
    training_leaves: int
    training_absences: int
    contact_target: int

    @property
    def contacts(self) -> int:
        return self.activities[DutyKind.CONTACT.value]

    @property
    def contact_target_met(self) -> bool:
        return self.contacts >= self.contact_target

    def activity_labels(self) -> list[tuple[str, int]]:
        return [(DutyKind(k).label, n) for k, n in self.activities.items()]


@dataclass(frozen=True)
class StationArchive:
    year: int
    station_name: str
    contact_target: int
    deputies: tuple[DeputyArchive, ...]


def contact_target(ledger: Ledger) -> int:
    """The station's yearly expectation of contacts with constituents per deputy."""
    text = reference_data.get_setting(ledger, CONTACT_TARGET_SETTING, "")
    return int(text) if text.strip().isdigit() else DEFAULT_CONTACT_TARGET


def set_contact_target(ledger: Ledger, target: int) -> None:
    if isinstance(target, bool) or not isinstance(target, int) or not 0 <= target <= 1000:
        raise ValidationFailed.single("contact_target", "联系选民年度要求", "应为0至1000之间的整数")
    reference_data.set_setting(ledger, CONTACT_TARGET_SETTING, str(target))


def _per_deputy(s: Session, stmt) -> dict[str, int]:
    return {d: int(n or 0) for d, n in s.execute(stmt)}


def deputy_archives(ledger: Ledger, year: int, deputy_id: str | None = None) -> StationArchive:
    """The archives of every deputy on the register (or one), ordered by pinyin of the name."""
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    target = contact_target(ledger)
    report_backs: dict[str, list[ReportBackRecord]] = {}
    for rb in list_report_backs(ledger, start, end):
        report_backs.setdefault(rb.deputy_id, []).append(rb)
    station = reference_data.get_station(ledger)
    with ledger.read() as s:
        q = select(Deputy).order_by(Deputy.name_pinyin, Deputy.id)
        if deputy_id:
            q = q.where(Deputy.id == deputy_id)
        deputies = list(s.scalars(q))
        att = Counter(
            {
                (d, st): n
                for d, st, n in s.execute(
                    select(Attendance.deputy_id, Attendance.status, func.count())
                    .where(Attendance.day >= start, Attendance.day < end)
                    .group_by(Attendance.deputy_id, Attendance.status)
                )
            }
        )
        live_receptions = select(Reception.id).where(
            Reception.received_on >= start, Reception.received_on < end, Reception.voided_at.is_(None)
        )
        receptions = _per_deputy(
            s,
            select(reception_deputy.c.deputy_id, func.count())
            .where(reception_deputy.c.reception_id.in_(live_receptions))
            .group_by(reception_deputy.c.deputy_id),
        )
        people = _per_deputy(
            s,
            select(reception_deputy.c.deputy_id, func.sum(Visitor.group_size))
            .join(Visitor, Visitor.reception_id == reception_deputy.c.reception_id)
            .where(reception_deputy.c.reception_id.in_(live_receptions))
            .group_by(reception_deputy.c.deputy_id),
        )
        opinions = _per_deputy(
            s,
            select(opinion_deputy.c.deputy_id, func.count())
            .join(Opinion, Opinion.id == opinion_deputy.c.opinion_id)
            .where(
                Opinion.registered_on >= start,
                Opinion.registered_on < end,
                Opinion.state != OpinionState.VOIDED.value,
            )
            .group_by(opinion_deputy.c.deputy_id),
        )
        activities = Counter(
            {
                (d, k): n
                for d, k, n in s.execute(
                    select(duty_activity_deputy.c.deputy_id, DutyActivity.kind, func.count())
                    .join(DutyActivity, DutyActivity.id == duty_activity_deputy.c.activity_id)
                    .where(DutyActivity.day >= start, DutyActivity.day < end, DutyActivity.voided_at.is_(None))
                    .group_by(duty_activity_deputy.c.deputy_id, DutyActivity.kind)
                )
            }
        )
        votes = _per_deputy(
            s,
            select(project_vote_deputy.c.deputy_id, func.count())
            .join(ProjectVote, ProjectVote.id == project_vote_deputy.c.vote_id)
            .where(ProjectVote.day >= start, ProjectVote.day < end, ProjectVote.voided_at.is_(None))
            .group_by(project_vote_deputy.c.deputy_id),
        )
        training: dict[tuple[str, str], tuple[int, float]] = {
            (d, st): (n, float(h or 0))
            for d, st, n, h in s.execute(
                select(TrainingAttendee.deputy_id, TrainingAttendee.status, func.count(), func.sum(Training.hours))
                .join(Training, Training.id == TrainingAttendee.training_id)
                .where(Training.day >= start, Training.day < end, Training.voided_at.is_(None))
                .group_by(TrainingAttendee.deputy_id, TrainingAttendee.status)
            )
        }
        out = tuple(
            DeputyArchive(
                deputy_id=d.id,
                name=d.name,
                level_label=label_of(DeputyLevel, d.level),
                constituency=d.constituency,
                year=year,
                attendances=att[(d.id, "present")],
                leaves=att[(d.id, "leave")],
                absences=att[(d.id, "absent")],
                receptions=receptions.get(d.id, 0),
                people_received=people.get(d.id, 0),
                opinions_raised=opinions.get(d.id, 0),
                activities={k.value: activities[(d.id, k.value)] for k in DutyKind},
                report_backs=tuple(report_backs.get(d.id, ())),
                votes=votes.get(d.id, 0),
                trainings_attended=training.get((d.id, "present"), (0, 0.0))[0],
                training_hours=round(training.get((d.id, "present"), (0, 0.0))[1], 1),
                training_leaves=training.get((d.id, "leave"), (0, 0.0))[0],
                training_absences=training.get((d.id, "absent"), (0, 0.0))[0],
                contact_target=target,
            )
            for d in deputies
        )
    return StationArchive(year, station.name if station else "代表联络站", target, out)


def find_deputy(ledger: Ledger, name_or_id: str) -> str:
    """The id of the deputy named (or with this id); refused when none or several match."""
    text = name_or_id.strip()
    matches = [d for d in reference_data.list_deputies(ledger) if text in (d.id, d.name)]
    if not matches:
        raise ValidationFailed.single("deputy", "代表", f"代表名册中没有“{text}”")
    if len(matches) > 1:
        ids = "、".join(d.id for d in matches)
        raise ValidationFailed.single("deputy", "代表", f"有{len(matches)}位代表名叫“{text}”，请改用编号：{ids}")
    return matches[0].id

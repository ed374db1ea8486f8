"""代表履职档案: each deputy's performance archive for one calendar year, read from every ledger; the counting
rules are ``heshi_protocol.duty_archive`` (the centre's console applies the same).

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

from dataclasses import dataclass

from sqlalchemy import func, select

from heshi_protocol.duty_archive import CONTACT_TARGET_SETTING, DEFAULT_CONTACT_TARGET, ArchiveTally, year_bounds
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


def deputy_archives(ledger: Ledger, year: int, deputy_id: str | None = None) -> StationArchive:
    """The archives of every deputy on the register (or one), ordered by pinyin of the name; the counts are
    ``heshi_protocol.duty_archive.ArchiveTally`` over this year's rows (the rules the centre applies too)."""
    start, end = year_bounds(year)
    target = contact_target(ledger)
    report_backs: dict[str, list[ReportBackRecord]] = {}
    for rb in list_report_backs(ledger, start, end):
        report_backs.setdefault(rb.deputy_id, []).append(rb)
    station = reference_data.get_station(ledger)
    tally = ArchiveTally(year)
    with ledger.read() as s:
        q = select(Deputy).order_by(Deputy.name_pinyin, Deputy.id)
        if deputy_id:
            q = q.where(Deputy.id == deputy_id)
        deputies = list(s.scalars(q))
        conn = s.connection()  # plain rows: the ORM's per-row bookkeeping would double the time
        mine = (lambda col: col == deputy_id) if deputy_id else (lambda col: True)
        for d, day, status in conn.execute(
            select(Attendance.deputy_id, Attendance.day, Attendance.status).where(
                Attendance.day >= start, Attendance.day < end, mine(Attendance.deputy_id)
            )
        ):
            tally.add_attendance(d, day, status)
        # One row per (record, deputy): the link tables' keys make each pair unique.
        rd = reception_deputy.c
        people = (
            select(func.coalesce(func.sum(Visitor.group_size), 0))
            .where(Visitor.reception_id == Reception.id)
            .scalar_subquery()
        )
        for d, day, voided, n in conn.execute(
            select(rd.deputy_id, Reception.received_on, Reception.voided_at.isnot(None), people)
            .join(Reception, Reception.id == rd.reception_id)
            .where(Reception.received_on >= start, Reception.received_on < end, mine(rd.deputy_id))
        ):
            tally.add_reception((d,), day, int(n or 0), bool(voided))
        od = opinion_deputy.c
        for d, day, voided in conn.execute(
            select(od.deputy_id, Opinion.registered_on, Opinion.state == OpinionState.VOIDED.value)
            .join(Opinion, Opinion.id == od.opinion_id)
            .where(Opinion.registered_on >= start, Opinion.registered_on < end, mine(od.deputy_id))
        ):
            tally.add_opinion((d,), day, bool(voided))
        ad = duty_activity_deputy.c
        for d, day, voided, kind in conn.execute(
            select(ad.deputy_id, DutyActivity.day, DutyActivity.voided_at.isnot(None), DutyActivity.kind)
            .join(DutyActivity, DutyActivity.id == ad.activity_id)
            .where(DutyActivity.day >= start, DutyActivity.day < end, mine(ad.deputy_id))
        ):
            tally.add_activity((d,), day, kind, bool(voided))
        vd = project_vote_deputy.c
        for d, day, voided in conn.execute(
            select(vd.deputy_id, ProjectVote.day, ProjectVote.voided_at.isnot(None))
            .join(ProjectVote, ProjectVote.id == vd.vote_id)
            .where(ProjectVote.day >= start, ProjectVote.day < end, mine(vd.deputy_id))
        ):
            tally.add_vote((d,), day, bool(voided))
        for d, status, day, hours, voided in conn.execute(
            select(TrainingAttendee.deputy_id, TrainingAttendee.status, Training.day, Training.hours,
                   Training.voided_at.isnot(None))
            .join(Training, Training.id == TrainingAttendee.training_id)
            .where(Training.day >= start, Training.day < end, mine(TrainingAttendee.deputy_id))
        ):  # fmt: skip
            tally.add_training(((d, status),), day, hours, bool(voided))
        for rb_list in report_backs.values():
            for rb in rb_list:
                tally.add_report_back(rb.deputy_id, rb.day, False)
        out = tuple(_archive(d, year, tally.counts(d.id), tuple(report_backs.get(d.id, ())), target) for d in deputies)
    return StationArchive(year, station.name if station else "代表联络站", target, out)


def _archive(d: Deputy, year: int, c, report_backs: tuple[ReportBackRecord, ...], target: int) -> DeputyArchive:
    return DeputyArchive(
        deputy_id=d.id,
        name=d.name,
        level_label=label_of(DeputyLevel, d.level),
        constituency=d.constituency,
        year=year,
        attendances=c.attendances,
        leaves=c.leaves,
        absences=c.absences,
        receptions=c.receptions,
        people_received=c.people_received,
        opinions_raised=c.opinions_raised,
        activities=dict(c.activities),
        report_backs=report_backs,
        votes=c.votes,
        trainings_attended=c.trainings_attended,
        training_hours=c.training_hours,
        training_leaves=c.training_leaves,
        training_absences=c.training_absences,
        contact_target=target,
    )


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

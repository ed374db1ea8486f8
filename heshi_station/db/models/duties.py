"""Deputies' duties beyond the reception desk (issue 14): activities, report-back evaluations (述职测评),
livelihood-project votes (民生实事票决) and the training ledger (培训台账).

Like receptions, these records are never deleted: a mistake is corrected (``revision`` + 1, ``corrected_at``)
or the record is voided (``voided_at``/``void_reason``) and then counts nowhere. Child rows (participants,
projects, attendees) are rewritten whole by a correction; the outbox snapshot carries them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Date, Float, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from heshi_station.db.models.base import Base, IdMixin
from heshi_station.db.types import TZDateTime, now

duty_activity_deputy = Table(
    "duty_activity_deputy",
    Base.metadata,
    Column("activity_id", ForeignKey("duty_activity.id", ondelete="CASCADE"), primary_key=True),
    Column("deputy_id", ForeignKey("deputy.id"), primary_key=True, index=True),
)

project_vote_deputy = Table(
    "project_vote_deputy",
    Base.metadata,
    Column("vote_id", ForeignKey("project_vote.id", ondelete="CASCADE"), primary_key=True),
    Column("deputy_id", ForeignKey("deputy.id"), primary_key=True, index=True),
)


class _Correctable:
    """更正 / 作废 bookkeeping shared by every duty record (same meaning as on ``Reception``)."""

    created_at: Mapped[datetime] = mapped_column(TZDateTime, default=now)
    voided_at: Mapped[datetime | None] = mapped_column(TZDateTime, nullable=True)
    void_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    corrected_at: Mapped[datetime | None] = mapped_column(TZDateTime, nullable=True)
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class DutyActivity(_Correctable, IdMixin, Base):
    """One 履职活动 (视察, 调研, 会议, 联系选民, 述职, 培训) with the deputies taking part."""

    __tablename__ = "duty_activity"
    kind: Mapped[str] = mapped_column(String(16), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(String(200), default="")
    # 联系选民 only: with whom, how, and what was raised.
    contact_with: Mapped[str] = mapped_column(String(200), default="")
    contact_way: Mapped[str] = mapped_column(String(16), default="")
    raised: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # 联系选民 whose raised matters were registered as opinions: the reception (走访) that holds them.
    reception_id: Mapped[str | None] = mapped_column(ForeignKey("reception.id"), nullable=True)
    deputies = relationship("Deputy", secondary=duty_activity_deputy, order_by="Deputy.name")


class ReportBack(_Correctable, IdMixin, Base):
    """A deputy's report-back meeting with its on-site ballot tally (述职并现场测评)."""

    __tablename__ = "report_back"
    deputy_id: Mapped[str] = mapped_column(ForeignKey("deputy.id"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    voters_present: Mapped[int] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text, default="")
    satisfied: Mapped[int] = mapped_column(Integer, default=0)
    basically: Mapped[int] = mapped_column(Integer, default=0)
    dissatisfied: Mapped[int] = mapped_column(Integer, default=0)
    invalid: Mapped[int] = mapped_column(Integer, default=0)


class ProjectVote(_Correctable, IdMixin, Base):
    """A year's 民生实事项目票决 meeting: the deputies voting and each candidate project's tally."""

    __tablename__ = "project_vote"
    year: Mapped[int] = mapped_column(Integer, index=True)
    day: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200), default="")
    rule: Mapped[str] = mapped_column(String(24))
    deputies_total: Mapped[int] = mapped_column(Integer)  # all deputies of the town's congress, voting or not
    notes: Mapped[str] = mapped_column(Text, default="")
    deputies = relationship("Deputy", secondary=project_vote_deputy, order_by="Deputy.name")
    projects = relationship("VoteProject", order_by="VoteProject.position", cascade="all, delete-orphan")


class VoteProject(IdMixin, Base):
    __tablename__ = "vote_project"
    vote_id: Mapped[str] = mapped_column(ForeignKey("project_vote.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    sponsor: Mapped[str] = mapped_column(String(200), default="")
    budget_yuan: Mapped[int] = mapped_column(Integer, default=0)
    votes_for: Mapped[int] = mapped_column(Integer, default=0)
    votes_against: Mapped[int] = mapped_column(Integer, default=0)
    abstain: Mapped[int] = mapped_column(Integer, default=0)


class Training(_Correctable, IdMixin, Base):
    """One training (培训台账) and who attended, was on leave or absent."""

    __tablename__ = "training"
    topic: Mapped[str] = mapped_column(String(200))
    organiser: Mapped[str] = mapped_column(String(200), default="")
    day: Mapped[date] = mapped_column(Date, index=True)
    hours: Mapped[float] = mapped_column(Float)
    place: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    attendees = relationship("TrainingAttendee", order_by="TrainingAttendee.deputy_id", cascade="all, delete-orphan")


class TrainingAttendee(Base):
    __tablename__ = "training_attendee"
    training_id: Mapped[str] = mapped_column(ForeignKey("training.id", ondelete="CASCADE"), primary_key=True)
    deputy_id: Mapped[str] = mapped_column(ForeignKey("deputy.id"), primary_key=True, index=True)
    status: Mapped[str] = mapped_column(String(8))  # AttendanceStatus value
    leave_reason: Mapped[str] = mapped_column(String(200), default="")

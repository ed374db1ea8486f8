"""Structured tables of the deputies' duty records (issue 14, revision c0007), kept by ``duty_projection``.

Like ``ledger_models``: ``station_record`` keeps the JSON a station last sent; these hold the same records as
columns (keys are (station, the station's own id)), children in their own tables and replaced whole with
their parent. Receptions' and opinions' deputy links are kept here too (with the day and voided flag the
archive needs), so a deputy's 代表履职档案 can be counted at the centre without reading JSON.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Boolean, Date, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from heshi_centre.models import Base


def _station():
    return mapped_column(ForeignKey("centre_station.id"), primary_key=True)


class LedgerDutyActivity(Base):
    """A 履职活动 (视察, 调研, 会议, 联系选民, 述职, 培训)."""

    __tablename__ = "ledger_duty_activity"
    __table_args__ = (Index("ix_ledger_duty_activity_station_day", "station_id", "day"),)
    station_id: Mapped[int] = _station()
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default="")
    day: Mapped[date | None] = mapped_column(Date, nullable=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(String(200), default="")
    contact_with: Mapped[str] = mapped_column(String(200), default="")
    contact_way: Mapped[str] = mapped_column(String(20), default="")
    revision: Mapped[int] = mapped_column(Integer, default=0)
    voided: Mapped[bool] = mapped_column(Boolean, default=False)


class LedgerDutyParticipant(Base):
    """A deputy taking part in a 履职活动."""

    __tablename__ = "ledger_duty_participant"
    __table_args__ = (Index("ix_ledger_duty_participant_deputy", "station_id", "deputy_id"),)
    station_id: Mapped[int] = _station()
    activity_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    deputy_id: Mapped[str] = mapped_column(String(64), primary_key=True)


class LedgerReportBack(Base):
    """A 述职测评 with its tally; ``result`` is ``duty_rules.evaluate`` of the valid ballots."""

    __tablename__ = "ledger_report_back"
    __table_args__ = (Index("ix_ledger_report_back_station_day", "station_id", "day"),)
    station_id: Mapped[int] = _station()
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    deputy_id: Mapped[str] = mapped_column(String(64), default="")
    day: Mapped[date | None] = mapped_column(Date, nullable=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    voters_present: Mapped[int] = mapped_column(Integer, default=0)
    satisfied: Mapped[int] = mapped_column(Integer, default=0)
    basically: Mapped[int] = mapped_column(Integer, default=0)
    dissatisfied: Mapped[int] = mapped_column(Integer, default=0)
    invalid: Mapped[int] = mapped_column(Integer, default=0)
    result: Mapped[str] = mapped_column(String(20), default="")
    revision: Mapped[int] = mapped_column(Integer, default=0)
    voided: Mapped[bool] = mapped_column(Boolean, default=False)


class LedgerProjectVote(Base):
    """A 民生实事票决 meeting; ``voters`` is the number of deputies who voted."""

    __tablename__ = "ledger_project_vote"
    __table_args__ = (Index("ix_ledger_project_vote_station_day", "station_id", "day"),)
    station_id: Mapped[int] = _station()
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, default=0)
    day: Mapped[date | None] = mapped_column(Date, nullable=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    rule: Mapped[str] = mapped_column(String(30), default="")
    deputies_total: Mapped[int] = mapped_column(Integer, default=0)
    voters: Mapped[int] = mapped_column(Integer, default=0)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    voided: Mapped[bool] = mapped_column(Boolean, default=False)


class LedgerVoteDeputy(Base):
    """A deputy who voted in a 票决."""

    __tablename__ = "ledger_vote_deputy"
    __table_args__ = (Index("ix_ledger_vote_deputy_deputy", "station_id", "deputy_id"),)
    station_id: Mapped[int] = _station()
    vote_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    deputy_id: Mapped[str] = mapped_column(String(64), primary_key=True)


class LedgerVoteProject(Base):
    """A candidate project of a 票决 with its votes; ``adopted`` by ``duty_rules.adopted`` under the vote's rule."""

    __tablename__ = "ledger_vote_project"
    station_id: Mapped[int] = _station()
    vote_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200), default="")
    sponsor: Mapped[str] = mapped_column(String(200), default="")
    budget_yuan: Mapped[int] = mapped_column(BigInteger, default=0)
    votes_for: Mapped[int] = mapped_column(Integer, default=0)
    votes_against: Mapped[int] = mapped_column(Integer, default=0)
    abstain: Mapped[int] = mapped_column(Integer, default=0)
    adopted: Mapped[bool] = mapped_column(Boolean, default=False)


class LedgerTraining(Base):
    """A training (培训台账)."""

    __tablename__ = "ledger_training"
    __table_args__ = (Index("ix_ledger_training_station_day", "station_id", "day"),)
    station_id: Mapped[int] = _station()
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    topic: Mapped[str] = mapped_column(String(200), default="")
    organiser: Mapped[str] = mapped_column(String(200), default="")
    day: Mapped[date | None] = mapped_column(Date, nullable=True)
    hours: Mapped[float] = mapped_column(Float, default=0.0)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    voided: Mapped[bool] = mapped_column(Boolean, default=False)


class LedgerTrainingAttendee(Base):
    """A deputy's attendance of a training: present, leave or absent."""

    __tablename__ = "ledger_training_attendee"
    __table_args__ = (Index("ix_ledger_training_attendee_deputy", "station_id", "deputy_id"),)
    station_id: Mapped[int] = _station()
    training_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    deputy_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default="")


class LedgerRecordDeputy(Base):
    """A deputy on duty for a reception (``entity`` 'reception') or linked to an opinion ('opinion'), with the
    record's day (reception day / registration day), people received and voided flag as last sent."""

    __tablename__ = "ledger_record_deputy"
    __table_args__ = (Index("ix_ledger_record_deputy_deputy", "station_id", "deputy_id"),)
    station_id: Mapped[int] = _station()
    entity: Mapped[str] = mapped_column(String(20), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    deputy_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date | None] = mapped_column(Date, nullable=True)
    people: Mapped[int] = mapped_column(Integer, default=0)
    voided: Mapped[bool] = mapped_column(Boolean, default=False)

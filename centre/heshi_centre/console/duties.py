"""代表履职 at the centre: each deputy's 代表履职档案 for a year, per station, and the stations' duty figures,
from the structured tables (``duty_models``, ``ledger_models``).

Guarantees:
- the archive counts are ``heshi_protocol.duty_archive.ArchiveTally`` over the rows the station sent, the
  same rules the station's own archive (``heshi_station.ledger.archive``) applies, so both show one number;
- scope as elsewhere: the city office and read-only users see every station, a district user only its
  district's stations (another's answers ``StationNotVisible``), a unit user nothing (``Forbidden``);
- figures (voided records left out): 述职测评 held, evaluated, satisfaction = (满意 + 基本满意) / valid ballots
  over them all; 票决 held, projects voted on, adopted (``duty_rules.adopted`` under each vote's rule);
  trainings held and training hours attended (hours × deputies present).

The contact expectation is the protocol default: stations do not send their own setting.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from heshi_centre.console.accounts import CurrentUser, Role
from heshi_centre.console.scope import Forbidden, station_scope
from heshi_centre.duty_models import (
    LedgerDutyActivity,
    LedgerDutyParticipant,
    LedgerProjectVote,
    LedgerRecordDeputy,
    LedgerReportBack,
    LedgerTraining,
    LedgerTrainingAttendee,
    LedgerVoteDeputy,
    LedgerVoteProject,
)
from heshi_centre.ledger_models import LedgerAttendance, LedgerDeputy, LedgerOpinion
from heshi_centre.models import CentreStation
from heshi_protocol.duty_archive import DEFAULT_CONTACT_TARGET, ArchiveTally, year_bounds
from heshi_protocol.duty_rules import evaluate
from heshi_protocol.vocab import DeputyLevel, DutyKind, OpinionState, ReportBackResult, label_of

DEFINITIONS = [
    ("进站履职", "当年在联络站出席、请假、缺席的天数"),
    ("参加接待 / 接待群众", "代表值班的接待记录数（不含作废）及其来访人数"),
    ("收集意见", "与代表关联、当年登记且未作废的意见数"),
    ("履职活动", "代表参加的视察、调研、会议、联系选民、述职、培训活动数（不含作废）"),
    ("联系选民", f"联系选民活动次数，对照年度要求（市中心按默认 {DEFAULT_CONTACT_TARGET} 次）"),
    ("述职测评", "代表本人的述职测评场次；满意率 =（满意 + 基本满意）÷ 有效票"),
    ("票决", "代表参加的民生实事票决次数；通过项目按各次票决规则计算"),
    ("培训", "出席的培训次数和学时，请假、缺席次数"),
]


class StationNotVisible(Exception):
    """No such station, or the user may not see it (one answer for both: a district user learns nothing)."""

    def __init__(self) -> None:
        super().__init__("没有这个联络站，或您无权查看")


def _visible_stations(session: Session, user: CurrentUser) -> list[CentreStation]:
    if user.role == Role.UNIT:
        raise Forbidden("承办单位账号不能查看代表履职")
    q = select(CentreStation).order_by(CentreStation.district, CentreStation.code)
    if (cond := station_scope(user)) is not None:
        q = q.where(cond)
    return list(session.scalars(q))


def _in_year(column, year: int):
    start, end = year_bounds(year)
    return and_(column >= start, column < end)


def _rate(n: int, d: int) -> float | None:
    return round(n / d, 4) if d else None


def station_figures(session: Session, station_ids: list[int], year: int) -> dict[int, dict]:
    """The year's duty figures per station (every station in ``station_ids`` present, zeros when none)."""
    out = {sid: {"report_backs": 0, "report_backs_evaluated": 0, "content": 0, "valid": 0, "votes": 0,
                 "projects": 0, "projects_adopted": 0, "trainings": 0, "training_hours": 0.0,
                 "activities": 0} for sid in station_ids}  # fmt: skip
    if not station_ids:
        return out
    rb = LedgerReportBack
    valid = rb.satisfied + rb.basically + rb.dissatisfied
    for sid, n, content, v, evaluated in session.execute(
        select(rb.station_id, func.count(), func.sum(rb.satisfied + rb.basically), func.sum(valid),
               func.count().filter(valid > 0))
        .where(rb.station_id.in_(station_ids), rb.voided.is_(False), _in_year(rb.day, year))
        .group_by(rb.station_id)
    ):  # fmt: skip
        out[sid].update(report_backs=n, content=int(content or 0), valid=int(v or 0), report_backs_evaluated=evaluated)
    pv, vp = LedgerProjectVote, LedgerVoteProject
    live_votes = (pv.station_id.in_(station_ids), pv.voided.is_(False), _in_year(pv.day, year))
    for sid, n in session.execute(select(pv.station_id, func.count()).where(*live_votes).group_by(pv.station_id)):
        out[sid]["votes"] = n
    for sid, n, passed in session.execute(
        select(vp.station_id, func.count(), func.count().filter(vp.adopted.is_(True)))
        .join(pv, and_(pv.station_id == vp.station_id, pv.id == vp.vote_id))
        .where(*live_votes)
        .group_by(vp.station_id)
    ):
        out[sid].update(projects=n, projects_adopted=passed)
    t, ta = LedgerTraining, LedgerTrainingAttendee
    live_trainings = (t.station_id.in_(station_ids), t.voided.is_(False), _in_year(t.day, year))
    for sid, n in session.execute(select(t.station_id, func.count()).where(*live_trainings).group_by(t.station_id)):
        out[sid]["trainings"] = n
    for sid, hours in session.execute(
        select(ta.station_id, func.sum(t.hours))
        .join(t, and_(t.station_id == ta.station_id, t.id == ta.training_id))
        .where(*live_trainings, ta.status == "present")
        .group_by(ta.station_id)
    ):
        out[sid]["training_hours"] = round(float(hours or 0), 1)
    a = LedgerDutyActivity
    for sid, n in session.execute(
        select(a.station_id, func.count())
        .where(a.station_id.in_(station_ids), a.voided.is_(False), _in_year(a.day, year))
        .group_by(a.station_id)
    ):
        out[sid]["activities"] = n
    for f in out.values():
        f["satisfaction_rate"] = _rate(f.pop("content"), f.pop("valid"))
    return out


def duties_overview(session: Session, user: CurrentUser, year: int) -> dict:
    """Every visible station with its year's duty figures, and the total."""
    stations = _visible_stations(session, user)
    figures = station_figures(session, [s.id for s in stations], year)
    rows = [{"code": s.code, "name": s.name, "district": s.district, **figures[s.id]} for s in stations]
    return {"year": year, "stations": rows, "definitions": [{"figure": f, "definition": d} for f, d in DEFINITIONS]}


def _tally(session: Session, sid: int, year: int) -> ArchiveTally:
    """The station's year fed into the shared counting rules."""
    tally = ArchiveTally(year)
    conn = session.connection()  # plain rows: the ORM's per-row bookkeeping would double the time
    at = LedgerAttendance
    for d, day, status in conn.execute(
        select(at.deputy_id, at.day, at.status).where(at.station_id == sid, _in_year(at.day, year))
    ):
        tally.add_attendance(d, day, status)
    rd, op = LedgerRecordDeputy, LedgerOpinion
    links: dict[tuple[str, str], list] = {}
    for entity, rid, d, day, people, voided, state in conn.execute(
        select(rd.entity, rd.record_id, rd.deputy_id, rd.day, rd.people, rd.voided, op.state)
        .outerjoin(op, and_(rd.entity == "opinion", op.station_id == rd.station_id, op.id == rd.record_id))
        .where(rd.station_id == sid, _in_year(rd.day, year))
    ):
        voided = voided or (entity == "opinion" and state in (None, OpinionState.VOIDED.value))
        links.setdefault((entity, rid), [day, people, voided, []])[3].append(d)
    for (entity, _rid), (day, people, voided, ids) in links.items():
        if entity == "reception":
            tally.add_reception(ids, day, people, voided)
        else:
            tally.add_opinion(ids, day, voided)
    for model, link, key, add in (
        (LedgerDutyActivity, LedgerDutyParticipant, "activity_id", "activity"),
        (LedgerProjectVote, LedgerVoteDeputy, "vote_id", "vote"),
    ):
        grouped: dict[str, list] = {}
        cols = [model.id, model.day, model.voided, link.deputy_id]
        if add == "activity":
            cols.append(model.kind)
        for row in conn.execute(
            select(*cols)
            .join(link, and_(link.station_id == model.station_id, getattr(link, key) == model.id))
            .where(model.station_id == sid, _in_year(model.day, year))
        ):
            grouped.setdefault(row[0], [row[1], row[2], [], row[4] if add == "activity" else ""])[2].append(row[3])
        for day, voided, ids, kind in grouped.values():
            if add == "activity":
                tally.add_activity(ids, day, kind, voided)
            else:
                tally.add_vote(ids, day, voided)
    t, ta = LedgerTraining, LedgerTrainingAttendee
    trainings: dict[str, list] = {}
    for tid, day, hours, voided, d, status in conn.execute(
        select(t.id, t.day, t.hours, t.voided, ta.deputy_id, ta.status)
        .join(ta, and_(ta.station_id == t.station_id, ta.training_id == t.id))
        .where(t.station_id == sid, _in_year(t.day, year))
    ):
        trainings.setdefault(tid, [day, hours, voided, []])[3].append((d, status))
    for day, hours, voided, attendees in trainings.values():
        tally.add_training(attendees, day, hours, voided)
    return tally


def station_archives(session: Session, user: CurrentUser, code: str, year: int) -> dict:
    """The 代表履职档案 of every deputy the station sent, for ``year``, with the station's figures."""
    station = next((s for s in _visible_stations(session, user) if s.code == code), None)
    if station is None:
        raise StationNotVisible()
    tally = _tally(session, station.id, year)
    rb = LedgerReportBack
    report_backs: dict[str, list[dict]] = defaultdict(list)
    for r in session.scalars(
        select(rb)
        .where(rb.station_id == station.id, rb.voided.is_(False), _in_year(rb.day, year))
        .order_by(rb.day, rb.id)
    ):
        result, rate = evaluate(r.satisfied, r.basically, r.dissatisfied)
        tally.add_report_back(r.deputy_id, r.day, False)
        report_backs[r.deputy_id].append(
            {"id": r.id, "day": r.day.isoformat(), "place": r.place, "voters_present": r.voters_present,
             "result": result.value, "result_label": result.label, "satisfaction_rate": _rate_of(rate)}
        )  # fmt: skip
    deputies = []
    for d in session.scalars(
        select(LedgerDeputy).where(LedgerDeputy.station_id == station.id).order_by(LedgerDeputy.name, LedgerDeputy.id)
    ):
        c = tally.counts(d.id)
        deputies.append({
            "deputy_id": d.id, "name": d.name, "level_label": label_of(DeputyLevel, d.level), "active": d.active,
            "attendances": c.attendances, "leaves": c.leaves, "absences": c.absences, "receptions": c.receptions,
            "people_received": c.people_received, "opinions_raised": c.opinions_raised,
            "activities": dict(c.activities), "contacts": c.contacts,
            "contact_target_met": c.contact_target_met(DEFAULT_CONTACT_TARGET),
            "report_backs": report_backs.get(d.id, []), "votes": c.votes,
            "trainings_attended": c.trainings_attended, "training_hours": c.training_hours,
            "training_leaves": c.training_leaves, "training_absences": c.training_absences,
        })  # fmt: skip
    return {
        "year": year,
        "station": {"code": station.code, "name": station.name, "district": station.district},
        "contact_target": DEFAULT_CONTACT_TARGET,
        "activity_kinds": [{"value": k.value, "label": k.label} for k in DutyKind],
        "result_labels": {r.value: r.label for r in ReportBackResult},
        "figures": station_figures(session, [station.id], year)[station.id],
        "deputies": deputies,
        "definitions": [{"figure": f, "definition": dd} for f, dd in DEFINITIONS],
    }


def _rate_of(rate: float | None) -> float | None:
    return round(rate, 4) if rate is not None else None


def year_of(text: str, today: date) -> int:
    """The year asked for, or this year when missing or out of 2000–2100."""
    try:
        year = int(text)
    except ValueError:
        return today.year
    return year if 2000 <= year <= 2100 else today.year

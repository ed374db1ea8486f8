"""Monthly statistics (月度工作统计表) and each deputy's yearly performance counts (履职情况统计).

Every figure's definition lives in ``heshi_protocol.figures`` (the one place the screen, the printed table,
the CLI and the README take it from). Here they are computed:
- a past month as of its last day, the current month as of today: the on-time figure folds each opinion's
  events dated up to that day (``ledger.on_time``); the other figures count rows and events dated in the
  month, so events dated later never change a past month;
- voided receptions and opinions (作废) are left out of every figure;
- deputies are keyed by id: two deputies of the same name are two rows with their own counts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from sqlalchemy import String, and_, case, cast, distinct, func, select, type_coerce

from heshi_protocol.figures import rate
from heshi_protocol.vocab import DeputyLevel, EventKind, OpinionState, Satisfaction
from heshi_station.db.models import (
    Attendance,
    Category,
    Deputy,
    HandlingUnit,
    Opinion,
    OpinionEvent,
    Reception,
    Visitor,
    opinion_deputy,
    reception_deputy,
)
from heshi_station.ledger.attendance import month_bounds
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.on_time import on_time_count


@dataclass
class MonthlyStats:
    year: int
    month: int
    as_of: date | None = None  # the day the figures are computed as of (month end, or today)
    receptions: int = 0
    people_received: int = 0
    opinions_collected: int = 0
    answered_on_spot: int = 0
    transferred: int = 0
    closed: int = 0
    fed_back: int = 0
    on_time: int = 0
    on_time_rated: int = 0
    on_time_rate: float | None = None
    satisfied: int = 0  # 满意 + 基本满意
    satisfied_only: int = 0  # 满意
    rated: int = 0
    satisfaction_rate: float | None = None
    satisfied_only_rate: float | None = None
    transferred_per_unit: dict[str, int] = field(default_factory=dict)
    per_category: dict[str, int] = field(default_factory=dict)
    per_village: dict[str, dict[str, int]] = field(default_factory=dict)
    # deputy id -> {"name", "receptions", "people", "opinions"}
    per_deputy: dict[str, dict] = field(default_factory=dict)

    def summary(self) -> dict:
        """The headline figures (the CLI's ``--json`` keys)."""
        keys = (
            "receptions",
            "people_received",
            "opinions_collected",
            "answered_on_spot",
            "transferred",
            "closed",
            "fed_back",
            "on_time_rate",
            "satisfaction_rate",
            "satisfied_only_rate",
        )
        return {k: getattr(self, k) for k in keys}

    def as_dict(self) -> dict:
        return asdict(self)


def _month_text_bounds(start: date, end: date) -> tuple[str, str]:
    # Event times are ISO text beginning with the local date, so a text range selects the month.
    return start.isoformat(), end.isoformat()


def _voided_opinions():
    return select(Opinion.id).where(Opinion.state == OpinionState.VOIDED.value)


def _events_in(kinds: list[EventKind], lo: str, hi: str):
    return and_(
        OpinionEvent.kind.in_([k.value for k in kinds]),
        type_coerce(OpinionEvent.occurred_at, String) >= lo,
        type_coerce(OpinionEvent.occurred_at, String) < hi,
        OpinionEvent.opinion_id.not_in(_voided_opinions()),
    )


# The per-period queries filter by the ids of the period's rows (an indexed date range) rather than joining
# whole tables, so their cost follows the size of the period, not of the ledger.
def _reception_ids(start: date, end: date):
    return select(Reception.id).where(
        Reception.received_on >= start, Reception.received_on < end, Reception.voided_at.is_(None)
    )


def _opinion_ids(start: date, end: date):
    return select(Opinion.id).where(
        Opinion.registered_on >= start, Opinion.registered_on < end, Opinion.state != OpinionState.VOIDED.value
    )


def _deputy_receptions(s, start: date, end: date) -> dict[str, tuple[int, int]]:
    """Per deputy id: receptions on duty in [start, end) and the people received in them."""
    ids = _reception_ids(start, end)
    people = (
        select(Visitor.reception_id, func.sum(Visitor.group_size).label("people"))
        .where(Visitor.reception_id.in_(ids))
        .group_by(Visitor.reception_id)
        .subquery()
    )
    rows = s.execute(
        select(reception_deputy.c.deputy_id, func.count(), func.sum(people.c.people))
        .join(people, people.c.reception_id == reception_deputy.c.reception_id)
        .where(reception_deputy.c.reception_id.in_(ids))
        .group_by(reception_deputy.c.deputy_id)
    )
    return {did: (n, int(p or 0)) for did, n, p in rows}


def _deputy_opinions(s, start: date, end: date) -> dict[str, int]:
    rows = s.execute(
        select(opinion_deputy.c.deputy_id, func.count())
        .where(opinion_deputy.c.opinion_id.in_(_opinion_ids(start, end)))
        .group_by(opinion_deputy.c.deputy_id)
    )
    return dict(rows.all())


def monthly_stats(ledger: Ledger, year: int, month: int) -> MonthlyStats:
    start, end = month_bounds(year, month)
    lo, hi = _month_text_bounds(start, end)
    cutoff = min(end - timedelta(days=1), ledger.today())
    out = MonthlyStats(year=year, month=month, as_of=cutoff)
    calendar = ledger.calendar()  # read before the statistics' own read transaction
    with ledger.read() as s:
        in_month = and_(Reception.received_on >= start, Reception.received_on < end, Reception.voided_at.is_(None))
        out.receptions = s.scalar(select(func.count()).select_from(Reception).where(in_month)) or 0
        month_receptions = _reception_ids(start, end)
        out.people_received = int(
            s.scalar(
                select(func.coalesce(func.sum(Visitor.group_size), 0)).where(Visitor.reception_id.in_(month_receptions))
            )
            or 0
        )
        op_in_month = and_(
            Opinion.registered_on >= start, Opinion.registered_on < end, Opinion.state != OpinionState.VOIDED.value
        )
        out.opinions_collected = s.scalar(select(func.count()).select_from(Opinion).where(op_in_month)) or 0

        def distinct_ops(kinds: list[EventKind]) -> int:
            return s.scalar(select(func.count(distinct(OpinionEvent.opinion_id))).where(_events_in(kinds, lo, hi))) or 0

        out.answered_on_spot = distinct_ops([EventKind.ANSWERED_ON_SPOT])
        out.transferred = distinct_ops([EventKind.TRANSFERRED])
        out.closed = distinct_ops([EventKind.CLOSED])
        out.fed_back = distinct_ops([EventKind.FED_BACK, EventKind.ANSWERED_ON_SPOT])

        unit_col = cast(func.json_extract(OpinionEvent.data, "$.lead_unit_id"), String)
        rows = s.execute(
            select(HandlingUnit.name, func.count(distinct(OpinionEvent.opinion_id)))
            .join(HandlingUnit, HandlingUnit.id == unit_col)
            .where(_events_in([EventKind.TRANSFERRED], lo, hi))
            .group_by(HandlingUnit.name)
            .order_by(func.count(distinct(OpinionEvent.opinion_id)).desc())
        )
        out.transferred_per_unit = {name: n for name, n in rows}

        counted = on_time_count(s, calendar, start, cutoff)
        out.on_time, out.on_time_rated = counted.on_time, counted.rated
        out.on_time_rate = rate(out.on_time, out.on_time_rated)

        rating = cast(func.json_extract(OpinionEvent.data, "$.rating"), String)
        rated = s.execute(
            select(
                func.count(),
                func.sum(case((rating.in_([Satisfaction.SATISFIED.value, Satisfaction.BASICALLY.value]), 1), else_=0)),
                func.sum(case((rating == Satisfaction.SATISFIED.value, 1), else_=0)),
            ).where(_events_in([EventKind.SATISFACTION], lo, hi))
        ).one()
        out.rated, out.satisfied, out.satisfied_only = (int(v or 0) for v in rated)
        out.satisfaction_rate = rate(out.satisfied, out.rated)
        out.satisfied_only_rate = rate(out.satisfied_only, out.rated)

        out.per_category = {
            name or "未分类": n
            for name, n in s.execute(
                select(Category.name, func.count())
                .select_from(Opinion)
                .outerjoin(Category)
                .where(op_in_month)
                .group_by(Category.name)
                .order_by(func.count().desc())
            )
        }

        villages: dict[str, dict[str, int]] = {}
        for village, receptions, people in s.execute(
            select(Visitor.village, func.count(distinct(Visitor.reception_id)), func.sum(Visitor.group_size))
            .where(Visitor.reception_id.in_(month_receptions))
            .group_by(Visitor.village)
        ):
            villages[village or "未填"] = {
                "receptions": receptions,
                "people": int(people or 0),
                "opinions": 0,
            }
        for village, n in s.execute(select(Opinion.village, func.count()).where(op_in_month).group_by(Opinion.village)):
            villages.setdefault(village or "未填", {"receptions": 0, "people": 0, "opinions": 0})["opinions"] = n
        out.per_village = dict(sorted(villages.items(), key=lambda kv: -kv[1]["people"]))

        names = dict(s.execute(select(Deputy.id, Deputy.name)).all())
        deputies: dict[str, dict] = {}

        def row(did: str) -> dict:
            return deputies.setdefault(did, {"name": names[did], "receptions": 0, "people": 0, "opinions": 0})

        for did, (receptions, people) in _deputy_receptions(s, start, end).items():
            row(did).update(receptions=receptions, people=people)
        for did, n in _deputy_opinions(s, start, end).items():
            row(did)["opinions"] = n
        out.per_deputy = dict(sorted(deputies.items(), key=lambda kv: (-kv[1]["people"], kv[1]["name"], kv[0])))
    return out


def deputy_level_labels(ledger: Ledger, deputy_ids: list[str]) -> dict[str, str]:
    """Deputy id -> the Chinese word for the deputy's level (to tell apart two deputies of one name)."""
    with ledger.read() as s:
        rows = s.execute(select(Deputy.id, Deputy.level).where(Deputy.id.in_(deputy_ids))).all()
    return {did: DeputyLevel(level).label + "代表" for did, level in rows}


@dataclass(frozen=True)
class DeputyYear:
    deputy_id: str
    name: str
    level_label: str
    attendances: int
    leaves: int
    absences: int
    receptions: int
    people_received: int
    opinions_collected: int


def deputy_yearly(ledger: Ledger, year: int, deputy_id: str | None = None) -> list[DeputyYear]:
    """Per deputy (all, or one) the performance-archive counts of a calendar year."""

    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    with ledger.read() as s:
        q = select(Deputy).order_by(Deputy.name_pinyin)
        if deputy_id:
            q = q.where(Deputy.id == deputy_id)
        deputies = list(s.scalars(q))
        att = {
            (d, st): n
            for d, st, n in s.execute(
                select(Attendance.deputy_id, Attendance.status, func.count())
                .where(Attendance.day >= start, Attendance.day < end)
                .group_by(Attendance.deputy_id, Attendance.status)
            )
        }
        rec = _deputy_receptions(s, start, end)
        ops = _deputy_opinions(s, start, end)
        return [
            DeputyYear(
                deputy_id=d.id,
                name=d.name,
                level_label=DeputyLevel(d.level).label,
                attendances=att.get((d.id, "present"), 0),
                leaves=att.get((d.id, "leave"), 0),
                absences=att.get((d.id, "absent"), 0),
                receptions=rec.get(d.id, (0, 0))[0],
                people_received=rec.get(d.id, (0, 0))[1],
                opinions_collected=ops.get(d.id, 0),
            )
            for d in deputies
        ]


__all__ = ["DeputyYear", "MonthlyStats", "deputy_level_labels", "deputy_yearly", "monthly_stats"]

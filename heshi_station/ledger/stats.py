"""Monthly statistics (月度工作统计表) and each deputy's yearly performance counts (履职情况统计).

Definitions (one place, used by the screen, the printed table and the CLI):
- receptions / people_received: receptions dated in the month, and the sum of their visitors' group sizes;
- opinions_collected: opinions registered in the month;
- answered_on_spot, transferred, closed, fed_back: opinions with such an event dated in the month
  (an on-the-spot answer counts as fed back);
- on_time_rate: of the opinions with a deadline that were closed in the month, plus the opinions still
  open whose deadline fell in the month and has passed (before its last day, or before today for the
  current month: they count as late), the share closed by their deadline; None when nothing is rated.
  An item still open past a deadline in an earlier month was already counted late in that month;
- satisfaction_rate: (满意 + 基本满意) / ratings recorded in the month; None when nothing was rated.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from sqlalchemy import String, and_, case, cast, distinct, func, select, type_coerce

from heshi_protocol.vocab import OPEN_STATES, DeputyLevel, EventKind, Satisfaction
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


@dataclass
class MonthlyStats:
    year: int
    month: int
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
    satisfied: int = 0
    rated: int = 0
    satisfaction_rate: float | None = None
    transferred_per_unit: dict[str, int] = field(default_factory=dict)
    per_category: dict[str, int] = field(default_factory=dict)
    per_village: dict[str, dict[str, int]] = field(default_factory=dict)
    per_deputy: dict[str, dict[str, int]] = field(default_factory=dict)

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
        )
        return {k: getattr(self, k) for k in keys}

    def as_dict(self) -> dict:
        return asdict(self)


def _month_text_bounds(start: date, end: date) -> tuple[str, str]:
    # Event times are ISO text beginning with the local date, so a text range selects the month.
    return start.isoformat(), end.isoformat()


def _events_in(kinds: list[EventKind], lo: str, hi: str):
    return and_(
        OpinionEvent.kind.in_([k.value for k in kinds]),
        type_coerce(OpinionEvent.occurred_at, String) >= lo,
        type_coerce(OpinionEvent.occurred_at, String) < hi,
    )


# The per-period queries filter by the ids of the period's rows (an indexed date range) rather than joining
# whole tables, so their cost follows the size of the period, not of the ledger.
def _reception_ids(start: date, end: date):
    return select(Reception.id).where(Reception.received_on >= start, Reception.received_on < end)


def _opinion_ids(start: date, end: date):
    return select(Opinion.id).where(Opinion.registered_on >= start, Opinion.registered_on < end)


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
    out = MonthlyStats(year=year, month=month)
    with ledger.read() as s:
        in_month = and_(Reception.received_on >= start, Reception.received_on < end)
        out.receptions = s.scalar(select(func.count()).select_from(Reception).where(in_month)) or 0
        month_receptions = _reception_ids(start, end)
        out.people_received = int(
            s.scalar(
                select(func.coalesce(func.sum(Visitor.group_size), 0)).where(Visitor.reception_id.in_(month_receptions))
            )
            or 0
        )
        op_in_month = and_(Opinion.registered_on >= start, Opinion.registered_on < end)
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

        closed_rated = s.execute(
            select(func.count(), func.sum(case((Opinion.closed_on <= Opinion.due_date, 1), else_=0))).where(
                Opinion.state == "closed",
                Opinion.due_date.is_not(None),
                Opinion.closed_on >= start,
                Opinion.closed_on < end,
            )
        ).one()
        open_late = (
            s.scalar(
                select(func.count())
                .select_from(Opinion)
                .where(
                    Opinion.state.in_([st.value for st in OPEN_STATES]),
                    Opinion.due_date >= start,
                    Opinion.due_date < cutoff,
                )
            )
            or 0
        )
        out.on_time = int(closed_rated[1] or 0)
        out.on_time_rated = int(closed_rated[0] or 0) + open_late
        out.on_time_rate = round(out.on_time / out.on_time_rated, 4) if out.on_time_rated else None

        rating = cast(func.json_extract(OpinionEvent.data, "$.rating"), String)
        rated = s.execute(
            select(
                func.count(),
                func.sum(case((rating.in_([Satisfaction.SATISFIED.value, Satisfaction.BASICALLY.value]), 1), else_=0)),
            ).where(_events_in([EventKind.SATISFACTION], lo, hi))
        ).one()
        out.rated, out.satisfied = int(rated[0] or 0), int(rated[1] or 0)
        out.satisfaction_rate = round(out.satisfied / out.rated, 4) if out.rated else None

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
        deputies: dict[str, dict[str, int]] = {}
        for did, (receptions, people) in _deputy_receptions(s, start, end).items():
            deputies[names[did]] = {"receptions": receptions, "people": people, "opinions": 0}
        for did, n in _deputy_opinions(s, start, end).items():
            deputies.setdefault(names[did], {"receptions": 0, "people": 0, "opinions": 0})["opinions"] = n
        out.per_deputy = dict(sorted(deputies.items(), key=lambda kv: (-kv[1]["people"], kv[0])))
    return out


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


__all__ = ["DeputyYear", "MonthlyStats", "deputy_yearly", "monthly_stats"]

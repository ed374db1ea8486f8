"""A realistic synthetic station for demos, screenshots and benchmarks — no real person's data.

``generate(ledger, seed=…, scale=…)`` fills an empty ledger through the ordinary ledger operations (the
one write path), in batches, so the demo exercises exactly what the clerk's actions do. The same seed and
scale against the same "today" always produce the same ledger. ``scale`` is the number of receptions.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from heshi_protocol.vocab import DeputyLevel
from heshi_protocol.workdays import CalendarYearMissing
from heshi_station.demo import names
from heshi_station.demo.duties import generate_duties
from heshi_station.ledger import attendance, opinions, receptions, reference_data
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import DeputyInput, OpinionInput, ReceptionInput, StationInput, VisitorInput
from heshi_station.ledger.errors import LedgerError

BATCH = 500
GENERATED_THROUGH = "demo_generated_through"  # app setting: the last day generated (``top_up`` goes on from it)
LEVEL_MIX = [
    (DeputyLevel.NATIONAL, 1),
    (DeputyLevel.PROVINCE, 2),
    (DeputyLevel.CITY, 4),
    (DeputyLevel.COUNTY, 7),
    (DeputyLevel.TOWNSHIP, 10),
]


@dataclass
class DemoSummary:
    deputies: int = 0
    reception_days: int = 0
    receptions: int = 0
    opinions: int = 0
    handling_steps: int = 0
    duty_records: int = 0  # 履职活动, 述职测评, 票决 and 培训 (issue 14)


class _Maker:
    def __init__(self, ledger: Ledger, rng: random.Random, today: date) -> None:
        self.ledger, self.rng, self.today = ledger, rng, today
        self.used_phones: set[str] = set()

    def person(self) -> str:
        r = self.rng
        return r.choice(names.SURNAMES) + "".join(r.choice(names.GIVEN) for _ in range(r.choice((1, 2, 2))))

    def phone(self) -> str:
        # 199-0000-xxxx style numbers: obviously synthetic, still pass the mobile-number check.
        return "1990" + f"{self.rng.randrange(10**7):07d}"

    def at(self, day: date, hour: int | None = None) -> datetime:
        h = hour if hour is not None else self.rng.randint(8, 17)
        return datetime.combine(day, time(h, self.rng.choice((0, 10, 20, 30, 40, 50)))).astimezone()


def generate(
    ledger: Ledger,
    *,
    seed: int = 2019,
    scale: int = 600,
    months: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    station_code: str | None = None,
) -> DemoSummary:
    """Fill ``ledger`` with a synthetic station: deputies of all five levels, reception days every week,
    ``scale`` receptions and their opinions in every handling state (some overdue).

    The receptions cover ``months`` months back from today (default: a year, or more for large scales, so
    a month holds at most about 2,000 receptions) and are entered in date order, as a clerk would.
    ``station_code`` replaces the demo station's code (e.g. to try sync against a centre's own test station).
    """
    rng = random.Random(seed)
    months = months or max(12, scale // 2000)
    today = ledger.today()
    mk = _Maker(ledger, rng, today)
    out = DemoSummary()
    start = today - timedelta(days=30 * months)
    with ledger.batch():
        reference_data.set_up_station(
            ledger,
            StationInput(
                code=(station_code or names.STATION_CODE).strip(),
                name=names.STATION_NAME,
                district=names.DISTRICT,
                township=names.TOWNSHIP,
                address=names.ADDRESS,
            ),
            clerk_name=mk.person(),
        )
        cats = {n: reference_data.save_category(ledger, n, days).id for n, days in names.CATEGORIES}
        units = [reference_data.save_unit(ledger, n, k).id for n, k in names.UNITS]
        n_deputies = max(24, scale // 400)
        deputies = []
        for i in range(n_deputies):
            # The first five cover every level, so even a small demo has a deputy of each.
            if i < len(LEVEL_MIX):
                level = LEVEL_MIX[i][0]
            else:
                level = rng.choices([lv for lv, _ in LEVEL_MIX], weights=[w for _, w in LEVEL_MIX])[0]
            deputies.append(
                reference_data.save_deputy(
                    ledger,
                    DeputyInput(
                        name=mk.person(),
                        level=level.value,
                        gender=rng.choice(("male", "female")),
                        constituency=rng.choice(names.VILLAGES),
                        phone=mk.phone(),
                        active=i % 23 != 22,
                    ),
                ).id
            )
        out.deputies = len(deputies)
        rota_days = _plan_year(ledger, mk, deputies, start, out)
    days = [start + timedelta(days=i) for i in range((today - start).days + 1)]
    visit_days = sorted(rng.choice(days) for _ in range(scale))
    done = 0
    while done < scale:
        with ledger.batch():
            for day in visit_days[done : done + BATCH]:
                _one_reception(ledger, mk, day, rota_days, deputies, cats, units, out)
                done += 1
        if progress:
            progress(done, scale)
    # Its own random stream: the receptions above are the same with or without the duties.
    duties = generate_duties(ledger, seed=seed + 14)
    out.duty_records = duties.activities + duties.report_backs + duties.votes + duties.trainings
    reference_data.set_setting(ledger, GENERATED_THROUGH, today.isoformat())
    return out


def _plan_year(ledger: Ledger, mk: _Maker, deputies: list[str], start: date, out: DemoSummary) -> dict[date, list[str]]:
    """Every working Wednesday is a reception day; two or three deputies on duty; attendance recorded.

    Returns, for each past reception day, the deputies who were present."""
    rng, cal, rota = mk.rng, ledger.calendar(), {}
    day = start + timedelta(days=(2 - start.weekday()) % 7)
    while day <= mk.today + timedelta(days=14):
        if cal.covers(day.year) and cal.is_working_day(day):
            on_duty = rng.sample(deputies, rng.choice((2, 3)))
            attendance.plan_reception_day(
                ledger,
                day,
                time(9),
                time(11, 30),
                names.ADDRESS,
                on_duty,
                topic=rng.choice(("", "听取群众意见", "民生实事征集")),
            )
            out.reception_days += 1
            present = []
            if day <= mk.today:
                for d in on_duty:
                    status = rng.choices(("出席", "请假", "缺席"), weights=(85, 10, 5))[0]
                    if status == "出席":
                        present.append(d)
                    attendance.record_attendance(
                        ledger,
                        d,
                        day,
                        status,
                        arrived_at=time(9) if status == "出席" else None,
                        left_at=time(11, 30) if status == "出席" else None,
                        activities=rng.choice(names.ACTIVITIES) if status == "出席" else "",
                        leave_reason="外出开会" if status == "请假" else "",
                    )
            # Only the deputies who came receive visitors that day; a day nobody came has no station receptions.
            if present:
                rota[day] = present
        day += timedelta(days=7)
    return rota


def _one_reception(
    ledger: Ledger,
    mk: _Maker,
    day: date,
    rota: dict[date, list[str]],
    deputies: list[str],
    cats: dict[str, str],
    units: list[str],
    out: DemoSummary,
) -> None:
    rng = mk.rng
    on_duty = rota.get(day)
    way = "at_station" if on_duty else rng.choices(("home_visit", "phone", "letter", "online"), (5, 3, 1, 2))[0]
    cat_name = rng.choice(list(names.MATTERS))
    village = rng.choice(names.VILLAGES)
    matter = f"{village}{rng.choice(names.MATTERS[cat_name])}"
    visitors = [
        VisitorInput(
            name=mk.person(),
            gender=rng.choice(("male", "female")),
            phone=mk.phone(),
            village=village,
            group_size=rng.choices((1, 2, 3, 8, 15), (70, 12, 8, 7, 3))[0],
        )
    ]
    if rng.random() < 0.15:
        visitors.append(VisitorInput(name=mk.person(), gender=rng.choice(("male", "female")), village=village))
    ops = []
    for _ in range(rng.choices((0, 1, 2), (15, 70, 15))[0]):
        route = rng.choices(("on_spot", "transfer", "station", "suggestion"), (35, 45, 15, 5))[0]
        ops.append(
            OpinionInput(
                content=rng.choice(names.MATTERS[cat_name]) + "，请求解决",
                route=route,
                category_id=cats[cat_name],
                lead_unit_id=rng.choice(units) if route in ("transfer", "suggestion") else None,
                assist_unit_ids=[rng.choice(units[1:9])] if route == "transfer" and rng.random() < 0.2 else [],
                answer="已当场解释相关政策" if route == "on_spot" else "",
            )
        )
    ops = [o for o in ops if not o.assist_unit_ids or o.assist_unit_ids[0] != o.lead_unit_id]
    received = mk.at(day, 9 + rng.randint(0, 2) if on_duty else None)
    if received > ledger.now():
        received = ledger.now() - timedelta(minutes=5)
    for o in ops:
        _manual_due_date_if_uncountable(ledger, o, received.date(), dict(names.CATEGORIES)[cat_name])
    record = receptions.register_reception(
        ledger,
        ReceptionInput(
            received_at=received,
            way=way,
            matter=matter,
            visitors=visitors,
            deputy_ids=on_duty or rng.sample(deputies, 1),
            category_id=cats[cat_name],
            place=names.ADDRESS if on_duty else village,
            confidential=rng.random() < 0.03,
            outcome="",
            opinions=ops,
        ),
    )
    out.receptions += 1
    out.opinions += len(record.opinion_ids)
    for oid, o in zip(record.opinion_ids, ops, strict=True):
        out.handling_steps += _progress(ledger, mk, oid, o.route, received)


def _manual_due_date_if_uncountable(ledger: Ledger, o: OpinionInput, day: date, limit: int) -> None:
    """Near the end of the bundled calendar a deadline may fall in a year the table lacks; the clerk then
    types the deadline by hand (as the validation message asks), so the demo does the same."""
    if o.route == "on_spot":
        return
    try:
        ledger.calendar().add_working_days(day, limit)
    except CalendarYearMissing:
        o.due_date = day + timedelta(days=limit * 7 // 5 + 1)
        o.due_reason = "该年份没有节假日安排，按自然日估算"


def _progress(ledger: Ledger, mk: _Maker, oid: str, route: str, received: datetime) -> int:
    """Move an opinion along a plausible path as far as the days elapsed since it was raised allow."""
    rng, steps = mk.rng, 0
    when = received.date()

    last = received

    def later(lo: int, hi: int) -> datetime | None:
        nonlocal when, last
        when = when + timedelta(days=rng.randint(lo, hi))
        if when >= mk.today:
            return None
        last = max(mk.at(when), last + timedelta(minutes=10))  # a history reads in time order
        return last if last.date() < mk.today else None

    plan: list[tuple[Callable, tuple, dict, int, int]] = []
    if route == "on_spot":
        plan = [
            (opinions.record_satisfaction, (rng.choices(("满意", "基本满意"), (8, 2))[0],), {}, 0, 3),
            (opinions.close, (), {}, 0, 2),
        ]
    else:
        fate = rng.random()
        if route != "station":
            plan.append((opinions.accept, (), {}, 1, 3))
        if fate < 0.06 and route != "station":  # 督办 is of a handling unit (issue 9 §4)
            plan.append((opinions.urge, ("请加快办理进度",), {}, 5, 20))
        if 0.06 <= fate < 0.1:
            plan.append((opinions.extend, ("需协调多个部门",), {"extra_days": 10}, 3, 8))
        if 0.1 <= fate < 0.13:
            plan += [(opinions.pause, ("等待群众补充材料",), {}, 2, 5), (opinions.resume, (), {}, 3, 10)]
        if fate < 0.03:
            plan = [(opinions.withdraw, ("群众表示问题已自行解决",), {}, 1, 10)]
        elif fate > 0.97:
            plan = [(opinions.add_note, ("群众补充：问题持续较久",), {}, 1, 5)]
        else:
            rating = rng.choices(("满意", "基本满意", "不满意"), (75, 18, 7))[0]
            plan += [
                # Most units reply well inside the limit; the urged ones (fate < 0.06) are the slow ones.
                (opinions.record_reply, (rng.choice(names.REPLIES),), {}, *((20, 45) if fate < 0.06 else (2, 12))),
                (opinions.feed_back, (rng.choice(("电话", "当面", "短信", "书面")),), {}, 0, 3),
                (opinions.record_satisfaction, (rating,), {}, 0, 3),
            ]
            if rating != "不满意":
                plan.append((opinions.close, (), {}, 0, 3))
    # One opinion in six stalls part-way (a unit that never replies, a citizen never reached), so every
    # open state and some overdue items appear even in a small demo.
    stall_after = rng.randrange(len(plan)) if plan and rng.random() < 1 / 6 else len(plan)
    for fn, args, kwargs, lo, hi in plan[:stall_after]:
        at = later(lo, hi)
        if at is None:
            break
        try:
            fn(ledger, oid, *args, when=at, **kwargs)
        except LedgerError:
            break
        steps += 1
    return steps

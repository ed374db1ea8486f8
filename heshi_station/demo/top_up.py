"""The demo is alive: opening the demo ledger tops it up to today.

``generate`` records the last day it generated (``GENERATED_THROUGH``, an app setting of the demo ledger);
``top_up(ledger)`` adds, through the ordinary ledger operations, what a station would have done on every
day after that up to ``ledger.today()``: the Wednesday reception days (planned two weeks ahead, attendance
once the day has come), a day's receptions with their opinions, moved along as far as the days since allow.

Guarantees: deterministic — each day's random stream is seeded by the seed and the day, so the same demo
ledger topped up to the same today is always the same; running it again on the same day adds nothing;
a ledger without ``GENERATED_THROUGH`` (an older demo) continues from its latest reception's day; one
batch per week, so an interrupted top-up keeps whole weeks and continues from there next time.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from heshi_station.db.models import Reception
from heshi_station.demo import names
from heshi_station.demo.generator import GENERATED_THROUGH, DemoSummary, _Maker, _one_reception
from heshi_station.ledger import attendance, reference_data
from heshi_station.ledger.context import Ledger

PLAN_AHEAD_DAYS = 14
# Receptions on one day: about 1.7 on average, as in the generated year (600 receptions).
PER_DAY = ((0, 1, 2, 3, 4), (20, 25, 30, 15, 10))


def generated_through(ledger: Ledger) -> date | None:
    """The last day the demo was generated or topped up to (None for a ledger with no demo data)."""
    text = reference_data.get_setting(ledger, GENERATED_THROUGH)
    if text:
        return date.fromisoformat(text)
    with ledger.read() as s:
        latest = s.scalar(select(func.max(Reception.received_at)))
    if latest is None:
        return None
    return (latest if isinstance(latest, datetime) else datetime.fromisoformat(str(latest))).date()


def top_up(ledger: Ledger, *, seed: int = 2019, progress: Callable[[int, int], None] | None = None) -> DemoSummary:
    """Bring the demo ledger up to ``ledger.today()`` (see the module docstring); what was added."""
    out = DemoSummary()
    last, today = generated_through(ledger), ledger.today()
    if last is None or last >= today:
        return out
    deputies = [d.id for d in reference_data.list_deputies(ledger, active_only=True)]
    cats = {c.name: c.id for c in reference_data.list_categories(ledger)}
    units_by_name = {u.name: u.id for u in reference_data.list_units(ledger)}
    units = [units_by_name[n] for n, _ in names.UNITS if n in units_by_name]
    if not deputies or len(units) < 9 or any(n not in cats for n in names.MATTERS):
        return out  # not a generated demo ledger (its reference data was changed): leave it alone
    planned = {
        d.day: d for d in attendance.list_reception_days(ledger, last + timedelta(days=1), today + timedelta(
            days=PLAN_AHEAD_DAYS))
    }  # fmt: skip
    days = [last + timedelta(days=i) for i in range(1, (today - last).days + 1)]
    for done, week in enumerate(range(0, len(days), 7), 1):
        with ledger.batch():
            for day in days[week : week + 7]:
                _one_day(ledger, random.Random(f"{seed}:{day.isoformat()}"), day, today, deputies, cats, units,
                         planned, out)  # fmt: skip
            reference_data.set_setting(ledger, GENERATED_THROUGH, days[min(week + 6, len(days) - 1)].isoformat())
        if progress:
            progress(done, (len(days) + 6) // 7)
    return out


def _one_day(
    ledger: Ledger,
    rng: random.Random,
    day: date,
    today: date,
    deputies: list[str],
    cats: dict[str, str],
    units: list[str],
    planned: dict,
    out: DemoSummary,
) -> None:
    mk = _Maker(ledger, rng, today)
    rota: dict[date, list[str]] = {}
    cal = ledger.calendar()
    # The reception day two weeks ahead is planned today (as generate() plans up to today + 14 days).
    ahead = day + timedelta(days=PLAN_AHEAD_DAYS)
    # A year without the official table yet is planned on the provisional one: the demo goes on into January.
    countable = cal.covers(ahead.year) or cal.is_provisional(ahead.year)
    if ahead.weekday() == 2 and ahead not in planned and countable and cal.is_working_day(ahead):
        planned[ahead] = attendance.plan_reception_day(
            ledger, ahead, time(9), time(11, 30), names.ADDRESS, rng.sample(deputies, min(len(deputies), 2))
        )
        out.reception_days += 1
    if day in planned:
        present = []
        for d in planned[day].deputy_ids:
            status = rng.choices(("出席", "请假", "缺席"), weights=(85, 10, 5))[0]
            if status == "出席":
                present.append(d)
            attendance.record_attendance(
                ledger, d, day, status,
                arrived_at=time(9) if status == "出席" else None,
                left_at=time(11, 30) if status == "出席" else None,
                activities=rng.choice(names.ACTIVITIES) if status == "出席" else "",
                leave_reason="外出开会" if status == "请假" else "",
            )  # fmt: skip
        if present:
            rota[day] = present
    for _ in range(rng.choices(*PER_DAY)[0]):
        _one_reception(ledger, mk, day, rota, deputies, cats, units, out)

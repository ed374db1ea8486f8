"""Monthly statistics and deputies' yearly counts, checked against figures computed in the test from what
was registered (a seeded random station built through the ledger operations)."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import pytest

from heshi_station.ledger import attendance, opinions, receptions, stats
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import OpinionInput, ReceptionInput, VisitorInput
from tests.conftest import FIXED_NOW
from tests.factories import Basics, set_up_basics

TODAY = FIXED_NOW.date()
VILLAGES = ["东风村", "红旗社区", "三里桥村"]
UNIT_NAMES = ["测试街道办事处", "区交通运输局", "区水利局"]
CATEGORY_NAMES = ["道路交通", "农田水利", "养老服务"]


def at(d: date, hour: int = 10) -> datetime:
    return datetime.combine(d, time(hour)).astimezone()


@dataclass
class OpinionTrack:
    id: str
    registered: date
    route: str
    category: str
    deputies: list[str]
    unit: str | None
    village: str
    due: date | None
    events: list[tuple[str, date]] = field(default_factory=list)
    ratings: list[tuple[str, date]] = field(default_factory=list)
    closed_on: date | None = None
    reopened: bool = False


@dataclass
class ReceptionTrack:
    day: date
    people: int
    villages: list[tuple[str, int]]
    deputies: list[str]
    opinions: list[OpinionTrack]


@dataclass
class Station:
    basics: Basics
    receptions: list[ReceptionTrack]
    attendance: list[tuple[str, date, str]]

    @property
    def all_opinions(self) -> list[OpinionTrack]:
        return [o for r in self.receptions for o in r.opinions]


def _advance(led: Ledger, rng: random.Random, o: OpinionTrack) -> None:
    """Move an opinion along a random plausible path, recording every step taken."""
    day = o.registered
    if o.route == "on_spot":
        plan = ["rate", "close"]
    else:
        plan = (["accept"] if o.route in ("transfer", "suggestion") else []) + ["reply", "feed_back", "rate", "close"]
    for step in plan:
        if rng.random() < 0.15:
            return
        day = day + timedelta(days=rng.choice((0, 1, 3, 6, 12)))
        if day >= TODAY:  # a step at 17:00 today would lie after the fixed now (10:00)
            return
        when = at(day, 17)  # after the registration (8-16 h) on the same day
        if step == "accept":
            opinions.accept(led, o.id, when=when)
            o.events.append(("accepted", day))
        elif step == "reply":
            opinions.record_reply(led, o.id, "已办理", when=when)
            o.events.append(("replied", day))
        elif step == "feed_back":
            opinions.feed_back(led, o.id, rng.choice(("电话", "当面")), when=when)
            o.events.append(("fed_back", day))
        elif step == "rate":
            rating = rng.choice(("满意", "满意", "基本满意", "不满意"))
            opinions.record_satisfaction(led, o.id, rating, when=when)
            o.ratings.append((rating, day))
            if rating == "不满意":
                o.reopened = True
                return
        elif step == "close":
            opinions.close(led, o.id, when=when)
            o.events.append(("closed", day))
            o.closed_on = day


def build_station(led: Ledger, seed: int = 7) -> Station:
    rng = random.Random(seed)
    b = set_up_basics(led)
    deputy_names = ["张三", "李四", "王五"]
    tracks = []
    first = date(2026, 9, 20)
    for _ in range(45):
        day = first + timedelta(days=rng.randint(0, (TODAY - first).days))
        vis = [(rng.choice(VILLAGES), rng.randint(1, 5)) for _ in range(rng.randint(1, 3))]
        deps = rng.sample(range(3), rng.randint(1, 3))
        cat = rng.choice(CATEGORY_NAMES)
        ops = []
        for _ in range(rng.choice((0, 1, 1, 2))):
            route = rng.choice(("on_spot", "transfer", "station", "suggestion"))
            unit = rng.randrange(3) if route in ("transfer", "suggestion") else None
            ops.append(
                OpinionInput(
                    content=f"关于{cat}的意见",
                    route=route,
                    lead_unit_id=b.units[unit] if unit is not None else None,
                    answer="已解释" if route == "on_spot" else "",
                )
            )
        rec = receptions.register_reception(
            led,
            ReceptionInput(
                received_at=at(day, rng.randint(8, 16)),
                way="at_station",
                matter=f"{vis[0][0]}群众反映{cat}问题",
                visitors=[
                    VisitorInput(name=f"群众{i}", village=v, group_size=n, phone=f"1990000{rng.randrange(10**4):04d}")
                    for i, (v, n) in enumerate(vis)
                ],
                deputy_ids=[b.deputies[i] for i in deps],
                category_id=b.categories[cat],
                opinions=ops,
            ),
        )
        track = ReceptionTrack(day, sum(n for _, n in vis), vis, [deputy_names[i] for i in deps], [])
        for oid, o in zip(_ordered_ids(rec.opinion_ids, ops), ops, strict=True):
            unit_name = UNIT_NAMES[b.units.index(o.lead_unit_id)] if o.lead_unit_id else None
            due = opinions.get_opinion(led, oid).due_date
            ot = OpinionTrack(oid, day, o.route, cat, track.deputies, unit_name, vis[0][0], due)
            if o.route == "on_spot":
                ot.events.append(("answered_on_spot", day))
            if o.route in ("transfer", "suggestion"):
                ot.events.append(("transferred", day))
            _advance(led, rng, ot)
            track.opinions.append(ot)
        tracks.append(track)
    # Attendance for 2026 (and one 2025 record that must not count in 2026).
    att = []
    for i, d in enumerate([date(2026, 10, 14), date(2026, 10, 21), date(2026, 11, 4), date(2026, 11, 18)]):
        attendance.plan_reception_day(led, d, time(9), time(11, 30), "联络站", b.deputies)
        for j, dep in enumerate(b.deputies):
            status = ["出席", "请假", "缺席"][(i + j) % 3]
            attendance.record_attendance(
                led,
                dep,
                d,
                status,
                arrived_at=time(9) if status == "出席" else None,
                left_at=time(11) if status == "出席" else None,
                leave_reason="外出" if status == "请假" else "",
            )
            att.append((deputy_names[j], d, status))
    attendance.record_attendance(led, b.deputies[0], date(2025, 12, 31), "出席")
    return Station(b, tracks, att)


def _ordered_ids(ids: tuple[str, ...], ops: list[OpinionInput]) -> list[str]:
    """The record's opinion ids in the order the inputs were given (uuid7 ids are time-ordered)."""
    assert len(ids) == len(ops)
    return sorted(ids)  # uuid7: creation order == input order


@pytest.fixture(scope="module")
def station(tmp_path_factory):
    led = Ledger.open(tmp_path_factory.mktemp("stats") / "ledger.sqlite3", clock=lambda: FIXED_NOW)
    built = build_station(led)
    yield led, built
    led.close()


def _in(d: date, year: int, month: int) -> bool:
    return (d.year, d.month) == (year, month)


def expected_month(s: Station, year: int, month: int) -> dict:
    last = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
    cutoff = min(last, TODAY)
    recs = [r for r in s.receptions if _in(r.day, year, month)]
    ops = s.all_opinions

    def with_event(*kinds):
        return [o for o in ops if any(k in kinds and _in(d, year, month) for k, d in o.events)]

    first = date(year, month, 1)

    def verdict(o: OpinionTrack) -> tuple[date, bool] | None:
        # Re-stated from the definition: answered by the deadline is on time on the answer day; otherwise
        # it is late from the day after the deadline. A later reopening (不满意) does not undo the verdict.
        if o.due is None:
            return None
        replied = next((d for k, d in o.events if k == "replied"), None)
        if replied is not None and replied <= o.due:
            return replied, True
        return o.due + timedelta(days=1), False

    verdicts = [v for o in ops if (v := verdict(o)) is not None and first <= v[0] <= cutoff]
    on_time = [v for v in verdicts if v[1]]
    rated = len(verdicts)
    ratings = [r for o in ops for r, d in o.ratings if _in(d, year, month)]
    good = [r for r in ratings if r in ("满意", "基本满意")]
    only = [r for r in ratings if r == "满意"]
    per_unit = Counter(o.unit for o in with_event("transferred"))
    per_deputy: dict[str, dict[str, int]] = defaultdict(lambda: {"receptions": 0, "people": 0, "opinions": 0})
    for r in recs:
        for name in r.deputies:
            per_deputy[name]["name"] = name
            per_deputy[name]["receptions"] += 1
            per_deputy[name]["people"] += r.people
            per_deputy[name]["opinions"] += len(r.opinions)
    per_village: dict[str, dict[str, int]] = defaultdict(lambda: {"receptions": 0, "people": 0, "opinions": 0})
    for r in recs:
        for v in {v for v, _ in r.villages}:
            per_village[v]["receptions"] += 1
        for v, n in r.villages:
            per_village[v]["people"] += n
        for o in r.opinions:
            per_village[o.village]["opinions"] += 1
    return {
        "receptions": len(recs),
        "people_received": sum(r.people for r in recs),
        "opinions_collected": sum(len(r.opinions) for r in recs),
        "answered_on_spot": len(with_event("answered_on_spot")),
        "transferred": len(with_event("transferred")),
        "closed": len(with_event("closed")),
        "fed_back": len(with_event("fed_back", "answered_on_spot")),
        "on_time_rate": round(len(on_time) / rated, 4) if rated else None,
        "satisfaction_rate": round(len(good) / len(ratings), 4) if ratings else None,
        "satisfied_only_rate": round(len(only) / len(ratings), 4) if ratings else None,
        "_per_unit": dict(per_unit),
        "_per_deputy": {k: dict(v) for k, v in per_deputy.items()},
        "_per_village": {k: dict(v) for k, v in per_village.items()},
        "_per_category": dict(Counter(o.category for r in recs for o in r.opinions)),
    }


@pytest.mark.parametrize(("year", "month"), [(2026, 9), (2026, 10), (2026, 11), (2026, 12), (2025, 11)])
def test_monthly_stats_match_what_was_registered(station, year: int, month: int) -> None:
    led, s = station
    got = stats.monthly_stats(led, year, month)
    want = expected_month(s, year, month)
    assert got.summary() == {k: v for k, v in want.items() if not k.startswith("_")}
    assert got.transferred_per_unit == want["_per_unit"]
    ids = dict(zip(["张三", "李四", "王五"], s.basics.deputies, strict=True))
    assert got.per_deputy == {ids[name]: counts for name, counts in want["_per_deputy"].items()}
    assert got.per_village == want["_per_village"]
    assert got.per_category == want["_per_category"]


def test_the_scenario_exercises_every_figure(station) -> None:
    """Guards the test above: the random station must contain something to count in every figure."""
    _, s = station
    for year, month in [(2026, 10), (2026, 11)]:
        want = expected_month(s, year, month)
        for key in ("receptions", "answered_on_spot", "transferred", "closed", "fed_back"):
            assert want[key] > 0, (year, month, key)
        assert want["people_received"] > want["receptions"]
        assert 0 < want["on_time_rate"] < 1 or want["on_time_rate"] in (0.0, 1.0)
        assert want["satisfaction_rate"] is not None
    ops = s.all_opinions
    assert any(o.reopened for o in ops)
    assert any(o.closed_on and o.due and o.closed_on > o.due for o in ops) or any(
        o.closed_on is None and o.due and o.due < TODAY for o in ops
    )


def test_open_overdue_item_counts_as_late(tmp_path) -> None:
    led = Ledger.open(tmp_path / "l.sqlite3", clock=lambda: FIXED_NOW)
    try:
        b = set_up_basics(led)

        def transferred(day: date, days: int) -> str:
            rec = receptions.register_reception(
                led,
                ReceptionInput(
                    received_at=at(day),
                    way="phone",
                    matter="测试按时办结率",
                    visitors=[VisitorInput(name="甲")],
                    opinions=[
                        OpinionInput(content="意见", route="transfer", lead_unit_id=b.units[0], time_limit_days=days)
                    ],
                ),
            )
            return rec.opinion_ids[0]

        def finish(oid: str, day: date) -> None:
            opinions.record_reply(led, oid, "已办", when=at(day))
            opinions.feed_back(led, oid, "电话", when=at(day))
            opinions.close(led, oid, when=at(day))

        on_time = transferred(date(2026, 11, 2), 10)  # due 11/16
        finish(on_time, date(2026, 11, 10))
        late = transferred(date(2026, 10, 20), 5)  # due 10/27
        finish(late, date(2026, 11, 3))
        transferred(date(2026, 11, 2), 5)  # due 11/9, still open on 11/20: late
        transferred(date(2026, 10, 12), 5)  # due 10/19, still open: late in October, not again in November
        transferred(date(2026, 11, 16), 10)  # not yet due: not rated
        m = stats.monthly_stats(led, 2026, 11)
        # the 11/2 on-time reply and the 11/9 item still open; the one due 10/27 was already late on 10/31
        assert (m.on_time, m.on_time_rated, m.on_time_rate) == (1, 2, 0.5)
        assert m.closed == 2 and m.transferred == 3  # 11/2, 11/2, 11/16 (the 10/20 one counts in October)
        m = stats.monthly_stats(led, 2026, 10)
        # as of 10/31 both the item due 10/19 and the one due 10/27 were past due and unanswered: late there
        assert (m.on_time, m.on_time_rated, m.on_time_rate) == (0, 2, 0.0)
        assert m.transferred == 2 and m.closed == 0
    finally:
        led.close()


def test_deputy_yearly_counts(station) -> None:
    led, s = station
    rows = {r.name: r for r in stats.deputy_yearly(led, 2026)}
    assert set(rows) == {"张三", "李四", "王五"}
    for name, row in rows.items():
        att = Counter(st_ for n, d, st_ in s.attendance if n == name and d.year == 2026)
        recs = [r for r in s.receptions if name in r.deputies and r.day.year == 2026]
        assert (row.attendances, row.leaves, row.absences) == (att["出席"], att["请假"], att["缺席"]), name
        assert row.receptions == len(recs)
        assert row.people_received == sum(r.people for r in recs)
        assert row.opinions_collected == sum(len(r.opinions) for r in recs)
    assert rows["张三"].level_label == "市"
    one = stats.deputy_yearly(led, 2026, deputy_id=s.basics.deputies[1])
    assert [r.name for r in one] == ["李四"]
    old = {r.name: r for r in stats.deputy_yearly(led, 2025)}
    assert old["张三"].attendances == 1 and old["张三"].receptions == 0

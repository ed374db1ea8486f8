"""Monthly figures an office can sign (issue 9 §3), through the real ledger operations on a real SQLite file:
hand-computed months, past months that later events never change, two deputies of one name, and the
definitions printed under the table, by ``stats --definitions`` and in the README."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from heshi_protocol.figures import FIGURES, NOTES, definition_lines, rated_in_period, readme_section
from heshi_protocol.opinion_state import EventRecord
from heshi_station.cli import main
from heshi_station.db.models import Opinion, OpinionEvent
from heshi_station.ledger import opinions, receptions, reference_data, stats, voiding
from heshi_station.ledger.attendance import month_bounds
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import DeputyInput, OpinionInput, ReceptionInput, VisitorInput
from heshi_station.reports.ledger_tables import LedgerKind, build_report
from heshi_station.reports.pdf_ledgers import render_report_pdf
from tests.factories import Basics, set_up_basics

REPO = Path(__file__).resolve().parents[1]


def at(d: date, hour: int = 15) -> datetime:
    return datetime.combine(d, time(hour)).astimezone()


@dataclass
class Clock:
    now: datetime = field(default_factory=lambda: at(date(2026, 6, 1), 8))

    def __call__(self) -> datetime:
        return self.now

    def set(self, d: date) -> None:
        self.now = at(d, 20)


@pytest.fixture
def clocked(tmp_path):
    clock = Clock()
    led = Ledger.open(tmp_path / "ledger.sqlite3", clock=clock, actor="测试联络员")
    yield led, clock
    led.close()


def register(led: Ledger, b: Basics, day: date, due: date | None, *, route: str = "transfer") -> str:
    """One reception with one opinion, transferred to a unit with the deadline ``due`` typed by hand."""
    rec = receptions.register_reception(
        led,
        ReceptionInput(
            received_at=at(day, 9),
            way="at_station",
            matter="测试统计口径",
            visitors=[VisitorInput(name="来访人", village="东风村")],
            deputy_ids=b.deputies[:1],
            opinions=[
                OpinionInput(
                    content="测试意见",
                    route=route,
                    lead_unit_id=b.units[0] if route == "transfer" else None,
                    due_date=due,
                    due_reason="按批示的期限" if due else "",
                    answer="已当场解释" if route == "on_spot" else "",
                )
            ],
        ),
    )
    return rec.opinion_ids[0]


def answer(led: Ledger, oid: str, replied: date, fed_back: date | None = None, rating: str = "", closed=None):
    opinions.record_reply(led, oid, "已办理", when=at(replied))
    if fed_back:
        opinions.feed_back(led, oid, "电话", when=at(fed_back))
    if rating:
        opinions.record_satisfaction(led, oid, rating, when=at(fed_back))
    if closed:
        opinions.close(led, oid, when=at(closed))


@dataclass
class July:
    basics: Basics
    ids: dict[str, str]


def build_july(led: Ledger, clock: Clock) -> July:
    """The July example. Deadlines typed by hand, so every verdict below is computed by hand."""
    clock.set(date(2026, 6, 20))
    b = set_up_basics(led)
    d = date
    ids = {
        "replied_in_time_closed_late": register(led, b, d(2026, 6, 20), d(2026, 7, 10)),
        "in_time": register(led, b, d(2026, 6, 20), d(2026, 7, 10)),
        "replied_late": register(led, b, d(2026, 6, 20), d(2026, 7, 15)),
        "replied_not_closed": register(led, b, d(2026, 6, 20), d(2026, 7, 20)),
        "due_last_day": register(led, b, d(2026, 6, 20), d(2026, 7, 31)),
        "extended_in_time": register(led, b, d(2026, 6, 20), d(2026, 7, 25)),
        "paused": register(led, b, d(2026, 6, 20), d(2026, 7, 6)),
        "due_end_of_june": register(led, b, d(2026, 6, 20), d(2026, 6, 30)),
        "late_in_june": register(led, b, d(2026, 6, 20), d(2026, 6, 25)),
        "extended_too_late": register(led, b, d(2026, 6, 20), d(2026, 7, 10)),
    }
    clock.set(date(2026, 7, 31))
    register(led, b, d(2026, 7, 15), None, route="on_spot")  # no deadline: never rated
    answer(led, ids["replied_in_time_closed_late"], d(2026, 7, 8), d(2026, 7, 12), "基本满意", d(2026, 7, 15))
    answer(led, ids["in_time"], d(2026, 7, 9), d(2026, 7, 9), "满意", d(2026, 7, 9))
    answer(led, ids["replied_late"], d(2026, 7, 20), d(2026, 7, 21), "满意", d(2026, 7, 22))
    answer(led, ids["replied_not_closed"], d(2026, 7, 18), d(2026, 7, 19))
    opinions.extend(led, ids["extended_in_time"], "需协调", new_due_date=d(2026, 8, 5), when=at(d(2026, 7, 20)))
    opinions.pause(led, ids["paused"], "等待群众补充材料", when=at(d(2026, 7, 1)))
    opinions.resume(led, ids["paused"], when=at(d(2026, 7, 8)))
    opinions.record_reply(led, ids["paused"], "已办理", when=at(d(2026, 7, 9)))
    opinions.record_reply(led, ids["late_in_june"], "已办理", when=at(d(2026, 7, 2)))
    # The deadline (7/10) had passed when the extension was granted: it cannot make the reply on time.
    opinions.extend(led, ids["extended_too_late"], "补办延期", new_due_date=d(2026, 7, 25), when=at(d(2026, 7, 13)))
    opinions.record_reply(led, ids["extended_too_late"], "已办理", when=at(d(2026, 7, 20)))
    return July(b, ids)


def test_july_is_judged_by_reply_dates_against_the_deadline(clocked) -> None:
    led, clock = clocked
    july = build_july(led, clock)
    # The pause (7/1-7/8: 5 working days) moved the deadline of 7/6 (Mon) to 7/13, so the 7/9 reply is on time.
    assert opinions.get_opinion(led, july.ids["paused"]).due_date == date(2026, 7, 13)
    clock.set(date(2026, 8, 4))
    m = stats.monthly_stats(led, 2026, 7)
    # On time: replied 7/8 (closed 7/15, after the 7/10 deadline: closing dates would call it late), replied and
    # closed 7/9, replied 7/18 and not closed yet, replied 7/9 within the paused deadline.
    # Late: replied 7/20 against 7/15; due 6/30 and never answered (late from 7/1); the 7/10 deadline extended
    # only on 7/13. Not in July: due 7/31 (due that day: judged in August), extended to 8/5, late in June,
    # the on-the-spot answer (no deadline).
    assert (m.on_time, m.on_time_rated, m.on_time_rate) == (4, 7, round(4 / 7, 4))
    assert (m.satisfied, m.satisfied_only, m.rated) == (3, 2, 3)
    assert (m.satisfaction_rate, m.satisfied_only_rate) == (1.0, round(2 / 3, 4))
    assert m.as_of == date(2026, 7, 31)
    june = stats.monthly_stats(led, 2026, 6)
    assert (june.on_time, june.on_time_rated) == (0, 1)  # due 6/25, unanswered on 6/26
    august = stats.monthly_stats(led, 2026, 8)
    assert august.as_of == date(2026, 8, 4)  # the current month: as of today
    assert (august.on_time, august.on_time_rated) == (0, 1)  # due 7/31, still unanswered; 8/5 not yet due
    opinions.record_reply(led, july.ids["extended_in_time"], "已办理", when=at(date(2026, 8, 3)))
    august = stats.monthly_stats(led, 2026, 8)
    assert (august.on_time, august.on_time_rated, august.on_time_rate) == (1, 2, 0.5)


def test_a_past_month_never_changes_after_later_events(clocked) -> None:
    led, clock = clocked
    july = build_july(led, clock)
    clock.set(date(2026, 8, 1))
    signed = {m: stats.monthly_stats(led, 2026, m).as_dict() for m in (6, 7)}
    clock.set(date(2026, 9, 30))
    ids = july.ids
    opinions.record_satisfaction(led, ids["replied_not_closed"], "不满意", when=at(date(2026, 8, 3)))  # reopens
    opinions.reopen(led, ids["in_time"], "群众再次反映", when=at(date(2026, 8, 4)))
    opinions.transfer(
        led,
        ids["in_time"],
        july.basics.units[1],
        due_date=date(2026, 8, 10),
        due_reason="按批示的期限",
        when=at(date(2026, 8, 4)),
    )
    opinions.record_reply(led, ids["due_last_day"], "已办理", when=at(date(2026, 8, 6)))
    opinions.withdraw(led, ids["due_end_of_june"], "群众撤回", when=at(date(2026, 8, 7)))
    opinions.pause(led, ids["extended_in_time"], "等待材料", when=at(date(2026, 8, 8)))
    register(led, july.basics, date(2026, 8, 9), date(2026, 8, 20))
    for m in (6, 7):
        assert stats.monthly_stats(led, 2026, m).as_dict() == signed[m], m
    clock.set(date(2026, 12, 1))
    assert stats.monthly_stats(led, 2026, 7).as_dict() == signed[7]
    # and the later events do count in their own month
    august = stats.monthly_stats(led, 2026, 8)
    assert august.opinions_collected == 1 and august.transferred == 2 and august.rated == 1


def brute_force_on_time(led: Ledger, year: int, month: int) -> tuple[int, int]:
    """The on-time figure from every event of every live opinion, with no candidate pruning."""
    start, end = month_bounds(year, month)
    cutoff = min(end - timedelta(days=1), led.today())
    histories: dict[str, list[EventRecord]] = defaultdict(list)
    with led.read() as s:
        live = set(s.scalars(select(Opinion.id).where(Opinion.state != "voided")))
        for e in s.scalars(select(OpinionEvent)):
            if e.opinion_id in live:
                histories[e.opinion_id].append(EventRecord(e.id, e.kind, e.occurred_at, e.data or {}))
    verdicts = [v for evs in histories.values() for v in rated_in_period(evs, led.calendar(), start, cutoff)]
    return sum(verdicts), len(verdicts)


def test_the_pruned_monthly_query_equals_folding_every_opinion(clocked) -> None:
    led, clock = clocked
    july = build_july(led, clock)
    clock.set(date(2026, 9, 30))
    opinions.record_reply(led, july.ids["due_last_day"], "已办理", when=at(date(2026, 8, 6)))
    opinions.record_reply(led, july.ids["extended_in_time"], "已办理", when=at(date(2026, 8, 3)))
    opinions.reopen(led, july.ids["in_time"], "群众再次反映", when=at(date(2026, 8, 4)))
    # 15 working days from 8/4: due 8/25; the pause 8/20-9/2 moves it into September
    opinions.transfer(led, july.ids["in_time"], july.basics.units[1], time_limit_days=15, when=at(date(2026, 8, 4)))
    opinions.pause(led, july.ids["in_time"], "等待材料", when=at(date(2026, 8, 20)))
    opinions.resume(led, july.ids["in_time"], when=at(date(2026, 9, 2)))
    opinions.add_note(led, july.ids["replied_late"], "补充说明", when=at(date(2026, 9, 3)))
    for month in range(5, 10):
        m = stats.monthly_stats(led, 2026, month)
        assert (m.on_time, m.on_time_rated) == brute_force_on_time(led, 2026, month), month
    assert stats.monthly_stats(led, 2026, 9).on_time_rated >= 1  # the resumed round, late in September


def test_voided_records_leave_every_month(clocked) -> None:
    led, clock = clocked
    july = build_july(led, clock)
    clock.set(date(2026, 8, 20))
    before = stats.monthly_stats(led, 2026, 7)
    june = stats.monthly_stats(led, 2026, 6)
    voiding.void_opinion(led, july.ids["replied_late"], "重复登记")  # late in July, rated 满意 in July
    voiding.void_opinion(led, july.ids["late_in_june"], "登记错误")  # late in June
    after = stats.monthly_stats(led, 2026, 7)
    assert (after.on_time, after.on_time_rated) == (before.on_time, before.on_time_rated - 1)
    assert (after.rated, after.closed, after.fed_back) == (before.rated - 1, before.closed - 1, before.fed_back - 1)
    assert stats.monthly_stats(led, 2026, 6).on_time_rated == june.on_time_rated - 1
    rid = receptions.register_reception(
        led,
        ReceptionInput(
            received_at=at(date(2026, 7, 20), 9),
            way="phone",
            matter="误登记的接待",
            visitors=[VisitorInput(name="来访人", group_size=4)],
        ),
    ).id
    counted = stats.monthly_stats(led, 2026, 7)
    assert (counted.receptions, counted.people_received) == (after.receptions + 1, after.people_received + 4)
    voiding.void_reception(led, rid, "误登记")
    voided = stats.monthly_stats(led, 2026, 7)
    assert (voided.receptions, voided.people_received) == (after.receptions, after.people_received)


def test_two_deputies_of_one_name_are_two_rows(clocked) -> None:
    led, clock = clocked
    clock.set(date(2026, 11, 20))
    b = set_up_basics(led)
    county = reference_data.save_deputy(led, DeputyInput(name="张伟", level="county", gender="male")).id
    township = reference_data.save_deputy(led, DeputyInput(name="张伟", level="township", gender="male")).id

    def reception(day: int, deputy: str, people: int, n_opinions: int) -> None:
        receptions.register_reception(
            led,
            ReceptionInput(
                received_at=at(date(2026, 11, day), 9),
                way="at_station",
                matter="同名代表接待",
                visitors=[VisitorInput(name="来访人", village="东风村", group_size=people)],
                deputy_ids=[deputy],
                opinions=[
                    OpinionInput(content=f"意见{i}", route="on_spot", answer="已解释") for i in range(n_opinions)
                ],
            ),
        )

    reception(2, county, 3, 2)
    reception(3, county, 1, 0)
    reception(4, township, 5, 1)
    m = stats.monthly_stats(led, 2026, 11)
    assert m.per_deputy[county] == {"name": "张伟", "receptions": 2, "people": 4, "opinions": 2}
    assert m.per_deputy[township] == {"name": "张伟", "receptions": 1, "people": 5, "opinions": 1}
    yearly = {r.deputy_id: r for r in stats.deputy_yearly(led, 2026)}
    assert (yearly[county].receptions, yearly[township].receptions) == (2, 1)
    assert (yearly[county].name, yearly[township].name) == ("张伟", "张伟")
    report = build_report(led, LedgerKind.SUMMARY, 2026, 11, mask=False)
    deputy_rows = {row[0]: row[1:] for row in report.sections[-1].rows}
    assert deputy_rows["张伟（县(区)代表）"] == [2, 4, 2]
    assert deputy_rows["张伟（乡(镇)代表）"] == [1, 5, 1]
    assert b.deputies  # the three other deputies of the basics took no part


def _pdf_text(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages))


def test_definitions_are_printed_under_the_statistics_table(clocked) -> None:
    led, clock = clocked
    build_july(led, clock)
    clock.set(date(2026, 8, 20))
    report = build_report(led, LedgerKind.SUMMARY, 2026, 7, mask=False)
    assert report.notes[0] == "本表数字截至 2026-07-31。统计口径："
    assert report.notes[1:] == definition_lines()
    text = _pdf_text(render_report_pdf(report))
    assert "按期办结率57.1%（4/7）" in text
    assert "满意率（仅满意）66.7%（2/3）" in text
    for f in FIGURES:
        assert re.sub(r"\s+", "", f.definition) in text, f.key
    for note in NOTES:
        assert re.sub(r"\s+", "", note) in text


def test_stats_definitions_on_the_command_line(clocked, capsys) -> None:
    led, clock = clocked
    build_july(led, clock)
    assert main(["stats", "--definitions"]) == 0
    out = capsys.readouterr().out
    assert all(f.definition in out and f.name in out for f in FIGURES) and all(n in out for n in NOTES)
    path = str(led.engine.url.database)
    assert main(["stats", "--db", path, "--month", "2026-07"]) == 0
    out = capsys.readouterr().out
    assert "按期办结率：57.1%" in out and "满意率（仅满意）：66.7%" in out and "截至 2026-07-31" in out
    assert main(["stats", "--db", path, "--month", "2026-07", "--json", "--definitions"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["on_time_rate"] == round(4 / 7, 4)
    assert [d["key"] for d in data["definitions"]][: len(FIGURES)] == [f.key for f in FIGURES]
    assert main(["stats", "--db", path]) == 2
    assert "--month" in capsys.readouterr().err


def test_readme_section_is_generated_from_the_definitions() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme_section()
    assert section in readme, (
        "README 的“月度统计口径”一节与 heshi_protocol/figures.py 不一致；请用 readme_section() 重新生成"
    )

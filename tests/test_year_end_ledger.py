"""The year end never blocks the clerk: an injected clock from 2026-11-01 to 2027-02-28 over a real ledger
file, installing 2027's official table (file, CLI, centre pull) and the 工作台 notice."""

from __future__ import annotations

import csv
import sqlite3
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook

from heshi_protocol.holiday_file import HolidayTableInvalid, _law_days, read_holiday_file
from heshi_protocol.vocab import OverdueLevel
from heshi_protocol.workdays import load_bundled_calendar
from heshi_station.cli import main
from heshi_station.ledger import opinions, queries, receptions
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.holidays import (
    import_holiday_file,
    install_pulled_calendar_year,
    year_end_notice,
)
from heshi_station.reports.pdf_forms import urge_slip_pdf
from tests.factories import reception_input, register, set_up_basics, table_counts

CAL = load_bundled_calendar()


class Clock:
    """The ledger's clock, moved by the test (the injected clock of the year-end tests)."""

    def __init__(self, d: date) -> None:
        self.set(d)

    def set(self, d: date, hour: int = 11) -> None:
        self.moment = datetime.combine(d, time(hour)).astimezone()

    def __call__(self) -> datetime:
        return self.moment


def at(d: date, hour: int = 10) -> datetime:
    return datetime.combine(d, time(hour)).astimezone()


def rows_2027(extra_off: tuple[date, ...] = (date(2027, 1, 6),), workdays: tuple[date, ...] = ()) -> list[list[str]]:
    """A 2027 table as a notice might set it: the law's days, plus ``extra_off`` and make-up ``workdays``."""
    rows = [[d.isoformat(), "放假", name] for d, name in sorted(_law_days()[2027].items())]
    rows += [[d.isoformat(), "放假", "调休"] for d in extra_off]
    rows += [[d.isoformat(), "调休上班", "调休"] for d in workdays]
    return rows


def write_csv(path: Path, rows: list[list[str]], header=("日期", "类型", "名称")) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def provisional_flag(db_path: Path, oid: str) -> int:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT due_provisional FROM opinion WHERE id=?", (oid,)).fetchone()[0]


# ------------------------------------------------------------------------------------------ the file
def test_holiday_file_csv_and_xlsx_read_the_same(tmp_path):
    rows = rows_2027(workdays=(date(2027, 1, 9),))
    from_csv = read_holiday_file(write_csv(tmp_path / "2027.csv", rows))
    wb = Workbook()
    ws = wb.active
    ws.append(["名称", "日期", "类型"])  # columns in any order; a date cell is a date
    for d, kind, name in rows:
        ws.append([name, date.fromisoformat(d), kind])
    wb.save(tmp_path / "2027.xlsx")
    from_xlsx = read_holiday_file(tmp_path / "2027.xlsx")
    assert from_csv.year == from_xlsx.year == 2027
    assert from_csv.days == from_xlsx.days
    assert [d.day for d in from_csv.workdays] == [date(2027, 1, 9)]


def test_a_bad_holiday_file_lists_every_bad_line_and_loads_nothing(tmp_path, db_path):
    good = rows_2027()
    bad = [
        *[r for r in good if r[0] != "2027-02-08"],  # 春节 (a Monday) left out
        ["2027-13-01", "放假", "元旦"],  # line: no such date
        ["2027-05-06", "休息", "劳动节"],  # unknown kind
        ["2026-12-31", "放假", "元旦"],  # another year
        ["2027-01-01", "放假", "元旦"],  # listed twice
        ["2027-01-09", "调休上班", "元旦"],
        ["2027-01-09", "放假", "元旦"],  # both
        ["2027-01-13", "调休上班", "元旦"],  # a Wednesday is a working day anyway
        ["2027-03-01", "放假", ""],  # no name
    ]
    path = write_csv(tmp_path / "bad.csv", bad)
    with pytest.raises(HolidayTableInvalid) as info:
        read_holiday_file(path)
    problems = info.value.problems
    n = len(bad) + 1  # the last line's number (the header is line 1)
    expected = [
        (f"第{n - 7}行", "无法识别"),
        (f"第{n - 6}行", "类型应为"),
        (f"第{n - 5}行", "不在 2027 年内"),
        (f"第{n - 4}行", "重复"),
        (f"第{n - 2}行", "不能同时列为放假"),
        (f"第{n - 1}行", "本来就是工作日"),
        (f"第{n}行", "名称为空"),
        ("2027-02-08", "缺少法定节假日"),
    ]
    for where, what in expected:
        assert any(where in p and what in p for p in problems), (where, what, problems)
    assert len(problems) == len(expected)
    assert str(info.value).startswith("节假日文件有 8 处问题，未导入任何内容")
    # Through the ledger: nothing is stored, and the CLI says the same with exit code 2.
    led = Ledger.open(db_path)
    led.close()
    before = table_counts(db_path)
    assert main(["import-holidays", "--db", str(db_path), str(path)]) == 2
    assert table_counts(db_path) == before
    for name, content in (("x.txt", b"whatever"), ("empty.csv", b""), ("head.csv", "日期,类型\n".encode())):
        (tmp_path / name).write_bytes(content)
        with pytest.raises(HolidayTableInvalid):
            read_holiday_file(tmp_path / name)


# ------------------------------------------------------------------------------------------ installing
def test_installing_2027_recomputes_provisional_deadlines_as_events_and_reports_the_moves(tmp_path, db_path):
    clock = Clock(date(2026, 12, 21))
    led = Ledger.open(db_path, clock=clock, actor="测试联络员")
    try:
        b = set_up_basics(led)
        inp = reception_input(b, at(date(2026, 12, 21)), opinions=5)
        inp.opinions[0].time_limit_days = 15  # statutory: 2027-01-12; with 01-06 off: 01-13
        inp.opinions[1].time_limit_days = 9  # 2027-01-04, then extended by 2: 01-06; with 01-06 off: 01-07
        inp.opinions[2].due_date, inp.opinions[2].due_reason = date(2027, 1, 12), "区人大督办件"  # typed
        inp.opinions[3].time_limit_days = 3  # inside 2026: never provisional
        inp.opinions[4].time_limit_days = 9  # 2027-01-04 either way: confirmed
        moving, extended, typed, inside, confirmed = receptions.register_reception(led, inp).opinion_ids
        assert [provisional_flag(db_path, o) for o in (moving, extended, typed, inside)] == [1, 1, 0, 0]
        r = opinions.get_opinion(led, moving)
        assert r.due_date == date(2027, 1, 12) and r.due_provisional and r.due_text() == "2027-01-12（暂定）"
        # A provisional deadline extended by working days stays provisional and is recounted too.
        opinions.extend(led, extended, "材料未齐", extra_days=2)
        assert opinions.get_opinion(led, extended).due_date == date(2027, 1, 6)

        clock.set(date(2026, 12, 28))
        report = import_holiday_file(led, write_csv(tmp_path / "2027.csv", rows_2027()))
        assert report.year == 2027 and not report.replaced
        moved = {m.opinion_id: m for m in report.moved}
        assert set(moved) == {moving, extended} and report.confirmed == (confirmed,)
        assert not opinions.get_opinion(led, confirmed).due_provisional
        assert (moved[moving].old_due, moved[moving].new_due, moved[moving].days) == (
            date(2027, 1, 12), date(2027, 1, 13), 1,
        )  # fmt: skip
        assert (moved[extended].old_due, moved[extended].new_due) == (date(2027, 1, 6), date(2027, 1, 7))
        assert "推后 1 天" in report.summary() and "2027-01-12 → 2027-01-13" in report.summary()
        assert led.calendar().covers(2027)
        for oid in (moving, extended):
            r = opinions.get_opinion(led, oid)
            assert not r.due_provisional and provisional_flag(db_path, oid) == 0
            last = r.timeline[-1]
            assert last.kind == "deadline_recomputed" and last.data["provisional"] is False
        assert opinions.get_opinion(led, typed).due_date == date(2027, 1, 12)
        assert opinions.get_opinion(led, typed).timeline[-1].kind != "deadline_recomputed"
        with sqlite3.connect(db_path) as conn:
            (pending,) = conn.execute(
                "SELECT count(*) FROM outbox WHERE entity='opinion_event' AND payload LIKE '%deadline_recomputed%'"
            ).fetchone()
        # The recomputation goes to the centre like any event; a confirmed deadline gets one too (now final).
        assert pending == 3
        last = opinions.get_opinion(led, confirmed).timeline[-1]
        assert last.kind == "deadline_recomputed" and last.data["due_date"] == "2027-01-04"
        # Installing the same table again moves nothing.
        again = import_holiday_file(led, tmp_path / "2027.csv")
        assert again.replaced and not again.moved and not again.confirmed
    finally:
        led.close()


def test_a_pause_across_the_year_end_is_recounted_without_an_event(tmp_path, db_path):
    clock = Clock(date(2026, 12, 1))
    led = Ledger.open(db_path, clock=clock)
    try:
        b = set_up_basics(led)
        oid = register(led, b, at(date(2026, 12, 1))).opinion_ids[0]  # 10 working days: inside 2026
        clock.set(date(2026, 12, 4))
        opinions.pause(led, oid, "等待材料", when=at(date(2026, 12, 4)))
        clock.set(date(2027, 1, 8))
        r = opinions.resume(led, oid, when=at(date(2027, 1, 8)))
        assert r.due_provisional and r.due_date.year == 2027
        report = import_holiday_file(led, write_csv(tmp_path / "2027.csv", rows_2027()))
        r = opinions.get_opinion(led, oid)
        assert not r.due_provisional and provisional_flag(db_path, oid) == 0
        assert oid in {m.opinion_id for m in report.moved} | set(report.confirmed)
        cal = led.calendar()
        paused_days = cal.working_days_between(date(2026, 12, 4), date(2027, 1, 8))
        assert r.due_date == cal.add_working_days(CAL.add_working_days(date(2026, 12, 1), 10), paused_days)
    finally:
        led.close()


def test_a_bad_table_from_the_centre_is_refused_and_leaves_nothing(db_path):
    clock = Clock(date(2026, 12, 21))
    led = Ledger.open(db_path, clock=clock)
    try:
        b = set_up_basics(led)
        oid = register(led, b, at(date(2026, 12, 21))).opinion_ids[0]
        before = table_counts(db_path)
        payload = {
            "year": 2027,
            "source": "测试",
            "days": [["2027-01-01", False, "元旦"], ["2027-01-01", True, "元旦"]],
        }
        with led.write() as s, pytest.raises(HolidayTableInvalid) as info:
            install_pulled_calendar_year(s, led, payload)
        assert str(info.value).startswith("市中心发来的 2027 年节假日表有")
        assert "第2条" in str(info.value) and "缺少法定节假日" in str(info.value)
        assert table_counts(db_path) == before and provisional_flag(db_path, oid) == 1
        good = {"year": 2027, "source": "测试", "days": [[d, k == "调休上班", n] for d, k, n in rows_2027()]}
        with led.write() as s:
            report = install_pulled_calendar_year(s, led, good)
        led.calendar_changed()
        assert report.confirmed == (oid,) and provisional_flag(db_path, oid) == 0
    finally:
        led.close()


# ------------------------------------------------------------------------------------------ the notice
def test_from_1_november_the_ledger_reports_the_missing_table_until_it_arrives(tmp_path, db_path, capsys):
    clock = Clock(date(2026, 10, 31))
    led = Ledger.open(db_path, clock=clock)
    try:
        assert year_end_notice(led) is None
        clock.set(date(2026, 11, 1))
        notice = year_end_notice(led)
        assert notice.year == 2027 and "暂定" in notice.message and "导入节假日文件" in notice.what_to_do
        clock.set(date(2027, 1, 4))
        assert year_end_notice(led).year == 2027
        import_holiday_file(led, write_csv(tmp_path / "2027.csv", rows_2027()))
        assert year_end_notice(led) is None
        clock.set(date(2027, 11, 1))
        assert year_end_notice(led).year == 2028
    finally:
        led.close()
    assert main(["check", "--db", str(db_path)]) in (0, 1)
    assert "节假日安排：" in capsys.readouterr().out


def test_import_holidays_command_installs_and_lists_moves(tmp_path, db_path, capsys):
    led = Ledger.open(db_path, clock=Clock(date(2026, 12, 21)))
    b = set_up_basics(led)
    inp = reception_input(b, at(date(2026, 12, 21)))
    inp.opinions[0].time_limit_days = 15
    receptions.register_reception(led, inp)
    led.close()
    path = write_csv(tmp_path / "2027.csv", rows_2027())
    assert main(["import-holidays", "--db", str(db_path), str(path)]) == 0
    out = capsys.readouterr().out
    assert "已导入 2027 年节假日安排" in out and "2027-01-12 → 2027-01-13，推后 1 天" in out


# ------------------------------------------------------------------------------------------ the injected clock
def test_every_day_from_november_to_february_registers_transfers_extends_and_keeps_overdue(db_path, tmp_path):
    """Each step on a set of days 2026-11-01 … 2027-02-28: nothing is refused, overdue levels agree with the
    lists and counts, and a December item overdue in January gets its 督办单."""
    clock = Clock(date(2026, 11, 2))
    led = Ledger.open(db_path, clock=clock)
    try:
        b = set_up_basics(led)
        clock.set(date(2026, 12, 1))
        december = register(led, b, at(date(2026, 12, 1))).opinion_ids[0]  # 10 working days: 2026-12-15
        day = date(2026, 11, 1)
        registered = []
        while day <= date(2027, 2, 28):
            clock.set(day, 16)
            if day.weekday() < 5 and day.day % 3 == 0:
                oid = register(led, b, at(day)).opinion_ids[0]
                registered.append(oid)
                opinions.extend(led, oid, "需要现场核查", extra_days=20, when=at(day, 11))
                opinions.return_for_reassignment(led, oid, "改派", when=at(day, 12))
                opinions.transfer(led, oid, b.units[2], time_limit_days=30, when=at(day, 13))
            counts = queries.overdue_counts(led)
            if day > date(2026, 12, 15):  # the December item stays overdue across the year end
                level = opinions.get_opinion(led, december).overdue_level
                assert level in ("overdue", "long_overdue"), (day, level)
                assert counts[level] >= 1
            for level in OverdueLevel:
                listed = queries.list_opinions(led, queries.OpinionFilter(overdue=level.value), limit=1000)
                assert len(listed) == counts[level.value]
                assert all(o.overdue_level == level.value for o in listed), (day, level)
            day += timedelta(days=7 if day < date(2026, 12, 20) or day > date(2027, 1, 10) else 1)
        clock.set(date(2027, 1, 20))
        r = opinions.get_opinion(led, december)
        assert r.due_date == date(2026, 12, 15) and r.overdue_level == "long_overdue"
        urge_slip_pdf(led, december, tmp_path / "督办单.pdf")
        assert (tmp_path / "督办单.pdf").stat().st_size > 0
        opinions.urge(led, december, "请尽快办理", when=at(date(2027, 1, 20)))
        assert sum(queries.overdue_counts(led).values()) > 0
        assert any(opinions.get_opinion(led, o).due_provisional for o in registered)
    finally:
        led.close()


# ------------------------------------------------------------------------------------------ on paper
def test_a_provisional_deadline_is_marked_on_the_slip_and_the_month_ledger(db_path):
    from io import BytesIO

    from pypdf import PdfReader

    from heshi_station.reports.ledger_tables import build_opinion_register
    from heshi_station.reports.pdf_forms import transfer_slip_pdf

    led = Ledger.open(db_path, clock=Clock(date(2026, 12, 21)))
    try:
        b = set_up_basics(led)
        inp = reception_input(b, at(date(2026, 12, 21)), opinions=2)
        inp.opinions[0].time_limit_days = 15  # into 2027: 暂定
        inp.opinions[1].time_limit_days = 3  # inside 2026
        provisional, final = receptions.register_reception(led, inp).opinion_ids
        slip = "".join(p.extract_text() for p in PdfReader(BytesIO(transfer_slip_pdf(led, provisional))).pages)
        assert "2027年01月12日（暂定）前" in "".join(slip.split())
        slip = "".join(p.extract_text() for p in PdfReader(BytesIO(transfer_slip_pdf(led, final))).pages)
        assert "暂定" not in slip
        report = build_opinion_register(led, 2026, 12, mask=False)
        cells = [c for row in report.main.rows for c in row]
        assert "2027-01-12（暂定）" in cells and date(2026, 12, 24) in cells
    finally:
        led.close()


def test_a_program_update_bundling_2027_recounts_on_open(tmp_path, db_path, monkeypatch):
    import json

    from heshi_protocol.workdays import bundled_calendar_path

    clock = Clock(date(2026, 12, 21))
    led = Ledger.open(db_path, clock=clock)
    b = set_up_basics(led)
    inp = reception_input(b, at(date(2026, 12, 21)))
    inp.opinions[0].time_limit_days = 15
    oid = receptions.register_reception(led, inp).opinion_ids[0]
    led.close()
    assert provisional_flag(db_path, oid) == 1
    doc = json.loads(bundled_calendar_path().read_text(encoding="utf-8"))
    rows = rows_2027()
    doc["years"]["2027"] = {"holidays": [[d, n] for d, k, n in rows if k == "放假"], "workdays": []}
    (tmp_path / "res" / "holidays").mkdir(parents=True)
    (tmp_path / "res" / "holidays" / "cn_calendar.json").write_text(json.dumps(doc), encoding="utf-8")
    monkeypatch.setenv("HESHI_RESOURCES", str(tmp_path / "res"))
    led = Ledger.open(db_path, clock=clock)
    try:
        r = opinions.get_opinion(led, oid)
        assert r.due_date == date(2027, 1, 13) and not r.due_provisional
        assert r.timeline[-1].kind == "deadline_recomputed" and "程序自带 2027 年" in r.timeline[-1].note
    finally:
        led.close()

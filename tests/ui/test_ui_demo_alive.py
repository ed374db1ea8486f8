"""The demo is alive (issue 10): opening the demo ledger tops it up to today (deterministic, nothing added
twice), so this month's 工作台 figures are not all zeros; a rate with nothing to judge reads "—" on screen
and on paper."""

from __future__ import annotations

import argparse
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication

from heshi_protocol.figures import NO_RATE, format_rate
from heshi_station import paths
from heshi_station.demo.generator import generate
from heshi_station.demo.top_up import generated_through, top_up
from heshi_station.ledger import receptions, stats
from heshi_station.ledger.context import Ledger
from heshi_station.reports.pdf_duties import rate_text
from heshi_station.ui.settings import DEMO_APPLICATION, DEMO_PROPERTY, preferences_application


def _at(day: date):
    moment = datetime(day.year, day.month, day.day, 18, 0).astimezone()
    return lambda: moment


def _demo(path: Path, day: date) -> None:
    led = Ledger.open(path, clock=_at(day), actor="演示联络员")
    try:
        generate(led, scale=40)
    finally:
        led.close()


def _fingerprint(led: Ledger) -> list[tuple]:
    rows = receptions.list_receptions(led)
    return sorted((r.received_at.isoformat(), r.matter, len(r.opinion_ids)) for r in rows)


def test_opening_the_demo_tops_it_up_to_today(tmp_path: Path) -> None:
    generated_on, opened_on = date(2026, 10, 31), date(2026, 12, 2)
    first, second = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    for path in (first, second):
        _demo(path, generated_on)
    results = []
    for path in (first, second):
        led = Ledger.open(path, clock=_at(opened_on), actor="演示联络员")
        try:
            assert generated_through(led) == generated_on
            assert (
                stats.monthly_stats(led, 2026, 12).receptions == 0
                and stats.monthly_stats(led, 2026, 11).receptions == 0
            )
            added = top_up(led)
            assert added.receptions > 0 and generated_through(led) == opened_on
            november = stats.monthly_stats(led, 2026, 11)
            assert november.receptions > 20 and november.opinions_collected > 0
            assert stats.monthly_stats(led, 2026, 12).receptions > 0  # 工作台 "本月" is not all zeros
            assert top_up(led).receptions == 0  # opened again the same day: nothing added twice
            results.append(_fingerprint(led))
        finally:
            led.close()
    assert results[0] == results[1]  # the same demo topped up to the same day is the same ledger


def test_build_main_window_tops_up_the_demo(qtbot, ui_settings, monkeypatch) -> None:
    from heshi_station.ui import app as ui_app

    paths.demo_dir().mkdir(parents=True, exist_ok=True)
    _demo(paths.demo_db_path(), date.today() - timedelta(days=40))
    window = ui_app.build_main_window(argparse.Namespace(demo=True, db=None), ui_settings)
    assert window is not None
    qtbot.addWidget(window)
    try:
        assert window.demo and generated_through(window.ctx.ledger) == date.today()
        assert preferences_application() == DEMO_APPLICATION  # its file dialogs remember their own folder
        latest = max(r.received_at for r in receptions.list_receptions(window.ctx.ledger))
        assert latest.date() > date.today() - timedelta(days=40)
    finally:
        QApplication.instance().setProperty(DEMO_PROPERTY, False)
        window.ctx.wait_for_done(10_000)
        window.ctx.ledger.close()


def test_a_rate_with_nothing_to_judge_reads_a_dash_everywhere(tmp_path: Path) -> None:
    from heshi_station.reports.ledger_tables import build_report

    assert format_rate(None) == NO_RATE == "—" and rate_text(None) == "—" and rate_text(0.5) == "50.0%"
    led = Ledger.open(tmp_path / "empty.sqlite3", clock=_at(date(2026, 12, 2)))
    try:
        from factories import set_up_basics

        set_up_basics(led)
        month = stats.monthly_stats(led, 2026, 12)
        assert month.on_time_rate is None and month.satisfaction_rate is None
        text = repr(build_report(led, "summary", 2026, 12, mask=False))
        assert "—" in text and "0.0%" not in text
    finally:
        led.close()


def test_the_demo_goes_on_into_a_year_without_the_official_table(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite3"
    _demo(path, date(2026, 12, 2))
    led = Ledger.open(path, clock=_at(date(2027, 1, 20)), actor="演示联络员")
    try:
        top_up(led)
        from heshi_station.ledger import attendance

        days = attendance.list_reception_days(led, date(2027, 1, 1), date(2027, 1, 31))
        assert days and all(d.day.weekday() == 2 for d in days)  # Wednesdays, counted on the 暂定 table
        assert stats.monthly_stats(led, 2027, 1).receptions > 0
    finally:
        led.close()

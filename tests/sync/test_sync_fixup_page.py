"""The 同步退回记录 page (Qt offscreen) on a real ledger against the real centre: rejected records with the
centre's reason and a fix button that runs the correction; the centre's changes that were set aside."""

from __future__ import annotations

import os
from datetime import timedelta

import uuid6
from sqlalchemy import select

from heshi_centre.models import CentreStation
from heshi_station.sync.engine import run_sync
from heshi_station.ui.sync_fixup import FIX_WAITING, FixupListPage
from heshi_station.ui.sync_widgets import SyncProgressDialog, SyncRunner
from heshi_station.ui.ui_context import UiContext
from tests.conftest import FIXED_NOW
from tests.factories import register, set_up_basics
from tests.sync.helpers import connect_station, publish_unchecked_event
from tests.sync.test_sync_resend import _spoil_latest

SHOTS = os.environ.get("HESHI_SCREENSHOTS")


def test_fix_button_corrects_a_rejected_opinion_and_set_aside_changes_are_listed(
    qtbot, ledger, db_path, centre, station_code
):
    ctx = UiContext(ledger)
    basics = set_up_basics(ledger, station_code)
    good = register(ledger, basics, FIXED_NOW - timedelta(days=3), opinions=1)
    bad = register(ledger, basics, FIXED_NOW - timedelta(days=2), opinions=1)
    opinion_id = bad.opinion_ids[0]
    _spoil_latest(ledger, "opinion", opinion_id, content="")
    connect_station(ledger, db_path, centre.factory, centre.url, station_code)
    run_sync(ledger)
    with centre.factory.begin() as s:
        sid = s.scalar(select(CentreStation.id).where(CentreStation.code == station_code))
        publish_unchecked_event(  # past the centre's checks, as an older centre would have published it
            s, event_id=str(uuid6.uuid7()), station_id=sid, opinion_id=good.opinion_ids[0], kind="extended",
            occurred_at=FIXED_NOW - timedelta(hours=1), data={"new_due_date": "2026/03/20"},
        )  # fmt: skip

    runner = SyncRunner(ctx)
    dialog = SyncProgressDialog(runner)
    page = FixupListPage(ctx)
    qtbot.addWidget(dialog)
    qtbot.addWidget(page)
    with qtbot.waitSignal(runner.finished, timeout=60000):
        runner.start()
    assert "1 条无法应用" in dialog.outcome.text() and "2026/03/20" in dialog.outcome.text()

    qtbot.waitUntil(lambda: page.set_aside_table.rowCount() == 1, timeout=10000)
    assert "2026/03/20" in page.set_aside_table.item(0, 3).text()
    assert not page.set_aside_table.isHidden()
    qtbot.waitUntil(lambda: page.table.rowCount() >= 2, timeout=10000)
    opinion_row = next(i for i, r in enumerate(page.rows) if r.entity == "opinion")
    event_row = next(i for i, r in enumerate(page.rows) if r.entity == "opinion_event")
    assert "意见内容" in page.table.item(opinion_row, 3).text()
    page.table.selectRow(event_row)
    assert not page.fix_button.isEnabled(), "an event waits for its opinion; nothing to do"
    page.table.selectRow(opinion_row)
    assert page.fix_button.isEnabled() and page.fix_button.text() == "更正…"
    if SHOTS:
        page.resize(1000, 500)
        page.show()
        page.grab().save(os.path.join(SHOTS, "fixup_list_with_set_aside.png"))

    fix = page.fix_selected()
    qtbot.addWidget(fix)
    qtbot.waitUntil(lambda: bool(fix.inputs["proposer_name"].text()), timeout=10000)
    fix.inputs["content"].setPlainText("")
    fix.save()
    qtbot.waitUntil(lambda: bool(fix.message.text()), timeout=10000)  # an empty content is refused, naming it
    assert "意见" in fix.message.text() and fix.isVisible()
    fix.inputs["content"].setPlainText("村道坑洼需修补（已补充）")
    with qtbot.waitSignal(fix.corrected, timeout=10000):
        fix.save()
    qtbot.waitUntil(
        lambda: any(page.table.item(i, 4).text() == FIX_WAITING for i in range(page.table.rowCount())), timeout=10000
    )

    with qtbot.waitSignal(runner.finished, timeout=60000):
        runner.start()
    qtbot.waitUntil(lambda: page.table.isHidden() and not page.empty.isHidden(), timeout=10000)

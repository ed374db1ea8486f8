"""The sync widgets on a real ledger against a real centre (Qt offscreen)."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest

from heshi_station.sync import settings
from heshi_station.sync.schedule import ProbeBackoff
from heshi_station.ui.sync_widgets import (
    TOKEN_SAVED,
    AutoSyncController,
    FixupListPage,
    LastSyncLabel,
    SyncAction,
    SyncProgressDialog,
    SyncRunner,
    SyncSettingsWidget,
)
from heshi_station.ui.ui_context import UiContext
from tests.conftest import FIXED_NOW
from tests.factories import register, set_up_basics
from tests.sync.helpers import connect_station, register_at_centre

SHOTS = os.environ.get("HESHI_SCREENSHOTS")


def _shot(widget, name):
    if SHOTS:
        widget.grab().save(os.path.join(SHOTS, f"{name}.png"))


@pytest.fixture
def ctx(qtbot, ledger):
    return UiContext(ledger)


@pytest.fixture
def station(ledger, db_path, centre, station_code):
    basics = set_up_basics(ledger, station_code)
    for i in range(3):
        register(ledger, basics, FIXED_NOW - timedelta(days=5 - i), opinions=2)
    with ledger.write() as s:
        ledger.record_change(
            s,
            "test.bogus",
            "opinion_event",
            "evt-x",
            {
                "id": "evt-x",
                "opinion_id": "missing",
                "kind": "note",
                "occurred_at": FIXED_NOW.isoformat(),
                "note": "一条市中心找不到所属意见的办理记录",
            },
            op="append",
        )
    return connect_station(ledger, db_path, centre.factory, centre.url, station_code)


def test_button_dialog_fixup_list_and_last_sync(qtbot, ctx, station):
    runner = SyncRunner(ctx)
    action = SyncAction(ctx, runner)
    qtbot.waitUntil(lambda: action.text().startswith("同步（"), timeout=10000)
    waiting = ctx.ledger.pending_outbox_count()
    assert action.text() == f"同步（{waiting}）"
    page = FixupListPage(ctx)
    label = LastSyncLabel(ctx)
    qtbot.addWidget(page)
    qtbot.addWidget(label)
    dialog = SyncProgressDialog(runner)
    qtbot.addWidget(dialog)

    with qtbot.waitSignal(runner.finished, timeout=60000):
        assert runner.start()
        assert not runner.start(), "one sync at a time"

    assert dialog.sent.text() == str(waiting) and dialog.rejected.text() == "1"
    assert "同步完成" in dialog.outcome.text() and "同步退回记录" in dialog.outcome.text()
    qtbot.waitUntil(lambda: action.text() == "同步", timeout=10000)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=10000)
    assert page.table.item(0, 1).text() == "办理记录"
    assert "意见" in page.table.item(0, 3).text()
    qtbot.waitUntil(lambda: "成功" in label.text(), timeout=10000)
    dialog.show()
    page.resize(900, 300)
    page.show()
    _shot(dialog, "sync_dialog")
    _shot(page, "fixup_list")


def test_failed_sync_is_shown_plainly(qtbot, ctx, station):
    settings.set_centre_url(ctx.ledger, "http://127.0.0.1:9")
    runner = SyncRunner(ctx)
    dialog = SyncProgressDialog(runner)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(runner.failed, timeout=60000):
        runner.start()
    assert "连接不上市中心" in dialog.outcome.text() and "本机台账数据完好" in dialog.outcome.text()
    assert dialog.phase.text() == "同步未完成"


def test_settings_widget_keeps_the_token_in_the_keyring(qtbot, ctx, ledger, centre, station_code, memory_keyring):
    set_up_basics(ledger, station_code)
    token = register_at_centre(centre.factory, station_code)
    w = SyncSettingsWidget(ctx)
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w.station_code == station_code, timeout=10000)
    assert w.token_state.text() == "未保存"
    w.address.setText("http://sync.example.gov.cn")
    w.token.setText(token)
    w.save()
    qtbot.waitUntil(lambda: "https://" in w.message.text(), timeout=10000)
    assert memory_keyring.get_password("heshi-station-sync", station_code) is None, "nothing saved on error"
    w.address.setText(centre.url)
    with qtbot.waitSignal(w.saved, timeout=10000):
        w.save()
    assert w.token_state.text() == TOKEN_SAVED and w.token.text() == ""
    assert memory_keyring.get_password("heshi-station-sync", station_code) == token
    assert settings.centre_url(ledger) == centre.url
    w.show()
    _shot(w, "sync_settings")


def test_auto_sync_when_the_centre_is_reachable_and_can_be_switched_off(qtbot, ctx, station):
    runner = SyncRunner(ctx)
    auto = AutoSyncController(ctx, runner, backoff=ProbeBackoff(base=0.2, cap=1.0))
    with qtbot.waitSignal(runner.finished, timeout=60000):
        auto.start()
    assert ctx.ledger.pending_outbox_count() == 0
    auto.set_enabled(False)
    qtbot.waitUntil(lambda: not settings.auto_sync_enabled(ctx.ledger), timeout=10000)
    assert not auto.timer.isActive()


def test_auto_sync_backs_off_while_unreachable(qtbot, ctx, station):
    settings.set_centre_url(ctx.ledger, "http://127.0.0.1:9")
    runner = SyncRunner(ctx)
    auto = AutoSyncController(ctx, runner, backoff=ProbeBackoff(base=0.05, cap=10, jitter=0))
    probes = []
    auto.probed.connect(probes.append)
    auto.start()
    qtbot.waitUntil(lambda: len(probes) >= 3, timeout=30000)
    auto.set_enabled_runtime(False)
    assert not any(probes) and auto.backoff.failures >= 3 and not runner.busy
    assert auto.backoff.next_delay() >= 0.05 * 2**3


def test_auto_sync_shows_a_misconfigured_address_instead_of_backing_off_silently(qtbot, ctx, station):
    from heshi_station.ledger import reference_data

    good_url = settings.centre_url(ctx.ledger)
    # As an older version may have stored it: a plain-http address to another host.
    reference_data.set_setting(ctx.ledger, settings.CENTRE_URL, "http://sync.example.gov.cn")
    runner = SyncRunner(ctx)
    action = SyncAction(ctx, runner)
    auto = AutoSyncController(ctx, runner, backoff=ProbeBackoff(base=0.05, cap=1.0, jitter=0))
    auto.misconfigured.connect(action.show_problem)
    with qtbot.waitSignal(auto.misconfigured, timeout=30000) as shown:
        auto.start()
    assert "https://" in shown.args[0] and "https://" in auto.problem
    assert action.text() == "同步（请检查设置）" and "https://" in action.toolTip()
    assert not runner.busy
    # Fixed: a later probe reaches the centre, the problem is cleared and the records go out.
    settings.set_centre_url(ctx.ledger, good_url)
    with qtbot.waitSignal(runner.finished, timeout=60000):
        pass
    assert auto.problem == "" and ctx.ledger.pending_outbox_count() == 0
    auto.set_enabled_runtime(False)

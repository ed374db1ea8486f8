"""The sync dialog shows whole messages with Chinese buttons; with no centre address it says so and opens
the sync settings instead of failing."""

from __future__ import annotations

from ui_helpers import answer_next_box

from heshi_station.sync import errors, settings
from heshi_station.ui.sync_widgets import SyncAction, SyncProgressDialog, SyncRunner, SyncSettingsDialog

LONG = (
    "连接不上市中心（地址 https://centre.example.invalid/sync）。请检查网线或无线网络是否连通，"
    "或请市中心确认服务是否在运行；本机台账数据完好，已保存的记录会在下次同步时发送。"
)


def test_no_centre_address_says_so_and_opens_the_sync_settings(qtbot, ctx) -> None:
    assert settings.centre_url(ctx.ledger) == ""
    runner = SyncRunner(ctx)
    action = SyncAction(ctx, runner)
    asked = answer_next_box("打开同步设置")
    action.trigger()
    assert asked and "还没有设置市中心地址" in asked[0]
    assert not runner.busy  # no sync was started
    dialog = action.settings_dialog
    qtbot.addWidget(dialog)
    assert isinstance(dialog, SyncSettingsDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: not ctx._live, timeout=10_000)

    asked = answer_next_box("以后再说")
    action.trigger()
    assert asked and not runner.busy


def test_a_long_failure_message_is_shown_whole(qtbot, ctx) -> None:
    runner = SyncRunner(ctx)
    dialog = SyncProgressDialog(runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.on_failed(errors.CentreUnreachable(LONG))
    qtbot.wait(20)
    label = dialog.outcome
    assert label.text() == LONG
    assert label.height() >= label.heightForWidth(label.width())  # every wrapped line is inside the label
    assert label.geometry().bottom() <= dialog.rect().bottom()
    assert dialog.close_button.text() == "关闭" and dialog.close_button.isEnabled()

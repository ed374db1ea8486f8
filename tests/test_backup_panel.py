"""设置 → 备份与恢复 panel: back up now, list, change folder, restore with confirmation, automatic backups."""

from __future__ import annotations

from datetime import timedelta

import pytest

from heshi_station.backup import list_backups, take_backup
from heshi_station.ledger import receptions, reference_data
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import StationInput
from heshi_station.ui.backup_panel import BackupPanel, start_automatic_backups
from heshi_station.ui.ui_context import UiContext
from tests.conftest import FIXED_NOW
from tests.factories import register, set_up_basics


@pytest.fixture
def panel(qtbot, ledger, tmp_path):
    basics = set_up_basics(ledger)
    for i in range(2):
        register(ledger, basics, FIXED_NOW - timedelta(days=i + 1))
    ctx = UiContext(ledger)
    errors: list[BaseException] = []
    ctx.show_error = errors.append
    w = BackupPanel(ctx)
    w.answers, w.told, w.errors, w.basics = [], [], errors, basics
    w.ask = lambda title, text: (w.told.append(text), w.answers.pop(0))[1]
    w.tell = lambda title, text: w.told.append(text)
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w.folder_edit.text() == str(tmp_path / "data" / "backups"))
    yield w
    qtbot.waitUntil(lambda: not ctx._live, timeout=20000)  # no background task outlives the test


def test_back_up_now_lists_the_new_backup(panel, qtbot):
    assert panel.table.rowCount() == 0 and "还没有备份" in panel.status.text()
    panel.backup_button.click()
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1)
    assert panel.table.item(0, 1).text() == "手动"
    assert any("已备份并校验" in t for t in panel.told)
    assert "共 1 份备份" in panel.status.text()


def test_restore_selected_backup_after_confirmation(panel, qtbot, ledger):
    info = take_backup(ledger)
    register(ledger, panel.basics, FIXED_NOW - timedelta(hours=1))
    panel.refresh()
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1)
    panel.answers.append(False)  # the clerk says no first: nothing changes
    panel.table.selectRow(0)
    panel.restore_selected_button.click()
    qtbot.waitUntil(lambda: not panel.answers)
    qtbot.wait(200)
    assert len(receptions.list_receptions(ledger)) == 3
    panel.answers.append(True)
    with qtbot.waitSignal(panel.ctx.events.ledger_changed, timeout=20000):
        panel.table.selectRow(0)
        panel.restore_selected_button.click()
    assert len(receptions.list_receptions(ledger)) == 2
    assert "接待记录 2 条" in panel.told[-3] and str(info.path) in panel.told[-3]
    assert "恢复前的台账已另存为" in panel.told[-1]
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2)  # the before-restore backup is listed
    assert {panel.table.item(r, 1).text() for r in range(2)} == {"手动", "恢复前"}


def test_other_stations_backup_needs_a_second_yes(panel, qtbot, ledger, tmp_path):
    other = Ledger.open(tmp_path / "other.sqlite3", clock=lambda: FIXED_NOW)
    reference_data.set_up_station(other, StationInput(code="T-09", name="邻镇代表联络站"))
    foreign = take_backup(other, tmp_path / "other-bk").path
    other.close()
    panel.answers.extend([True, False])
    panel.start_restore(foreign)
    qtbot.waitUntil(lambda: not panel.answers, timeout=20000)
    qtbot.wait(300)
    assert "邻镇代表联络站" in panel.told[-1] and reference_data.get_station(ledger).code == "T-01"
    panel.answers.extend([True, True])
    with qtbot.waitSignal(panel.ctx.events.ledger_changed, timeout=20000):
        panel.start_restore(foreign)
    assert reference_data.get_station(ledger).code == "T-09"
    assert panel.errors == []


def test_unusable_folder_is_refused_with_a_message(panel, qtbot, tmp_path):
    (tmp_path / "plain-file").write_text("x")
    panel.change_folder(tmp_path / "plain-file" / "bk")
    qtbot.waitUntil(lambda: bool(panel.errors))
    assert "不存在或无法访问" in str(panel.errors[0])
    assert panel.folder_edit.text() == str(tmp_path / "data" / "backups")


def test_automatic_backup_at_start(qtbot, ledger, tmp_path):
    set_up_basics(ledger)
    ctx = UiContext(ledger)
    timer = start_automatic_backups(ctx)
    try:
        qtbot.waitUntil(lambda: [b.kind for b in list_backups(tmp_path / "data" / "backups")] == ["auto"])
    finally:
        timer.stop()

"""意见办理 (issue 10): every handling step takes a date and time (default now, earlier allowed, never in the
future; the box's range is the ledger's), the dialogs' day limits come from the ledger, and the deadline of
a transfer can be typed by hand with a reason."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from factories import register
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QDialogButtonBox
from ui_helpers import show_active, wait_tasks

from heshi_station.ledger import opinions
from heshi_station.ledger.errors import ValidationFailed
from heshi_station.ledger.handling_limits import EXTENSION_DAYS, TIME_LIMIT_DAYS
from heshi_station.ui.pages.opinion_dialogs import STEPS, make_dialog
from heshi_station.ui.pages.opinions_page import OpinionsPage

NOW = QDateTime(QDate(2026, 11, 20), QTime(10, 0))  # the test clock


def _ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible() or dialog.message.isVisible(), timeout=10_000)


def test_a_step_takes_an_earlier_time_and_never_a_future_one(qtbot, ctx, basics, ledger) -> None:
    rec = register(ledger, basics, datetime(2026, 11, 16, 9, 0).astimezone(), route="transfer")
    oid = rec.opinion_ids[0]
    page = OpinionsPage(ctx)
    show_active(qtbot, page)
    page.action_buttons["reply"].click()
    dialog = page.last_dialog
    assert dialog.when.dateTime() == NOW and dialog.when.maximumDateTime() == NOW
    assert dialog.when.minimumDate() == QDate(2026, 11, 16)  # not before registration
    dialog.when.setDateTime(NOW.addSecs(3600))  # the box refuses the future
    assert dialog.when.dateTime() == NOW
    dialog.when.setDateTime(QDateTime(QDate(2026, 11, 18), QTime(15, 30)))
    dialog.inputs["reply"].setPlainText("已安排施工队修补")
    _ok(qtbot, dialog)
    wait_tasks(qtbot, ctx)
    replied = [t for t in opinions.get_opinion(ledger, oid).timeline if t.kind == "replied"]
    assert [t.occurred_at.astimezone().replace(tzinfo=None) for t in replied] == [datetime(2026, 11, 18, 15, 30)]
    # The ledger refuses a future time even when a caller skips the box.
    with pytest.raises(ValidationFailed, match="晚于现在"):
        opinions.add_note(ledger, oid, "说明", when=datetime(2026, 11, 20, 10, 5).astimezone())


def test_day_limits_come_from_the_ledger(qtbot, ctx, basics, ledger) -> None:
    rec = register(ledger, basics, datetime(2026, 11, 16, 9, 0).astimezone(), route="transfer")
    record = opinions.get_opinion(ledger, rec.opinion_ids[0])
    extend = make_dialog("extend", ctx, record)
    qtbot.addWidget(extend)
    days = extend.days
    assert (days.minimum(), days.maximum()) == EXTENSION_DAYS
    transfer = make_dialog("transfer", ctx, record)
    qtbot.addWidget(transfer)
    assert (transfer.days.minimum(), transfer.days.maximum()) == TIME_LIMIT_DAYS
    assert {s.key for s in STEPS} >= {"reply", "extend", "close"}


def test_a_transfer_deadline_typed_by_hand_needs_a_reason(qtbot, ctx, basics, ledger) -> None:
    rec = register(ledger, basics, datetime(2026, 11, 16, 9, 0).astimezone(), route="on_spot")
    oid = rec.opinion_ids[0]
    opinions.reopen(ledger, oid, "群众不满意，重新办理", when=datetime(2026, 11, 18, 16, 0).astimezone())
    record = opinions.get_opinion(ledger, oid)
    dialog = make_dialog("transfer", ctx, record)
    show_active(qtbot, dialog)
    dialog.lead.setCurrentIndex(dialog.lead.findData(basics.units[1]))
    assert dialog.when.minimumDateTime() == QDateTime(QDate(2026, 11, 18), QTime(16, 0))  # after the last step
    dialog.when.setDateTime(QDateTime(QDate(2026, 11, 19), QTime(9, 0)))
    # 2026-11-19 (Thursday) + 10 working days: the deadline follows the step's own date, not today.
    dialog.days.setValue(10)
    assert "2026年12月03日" in dialog.deadline.text()
    dialog.typed_due.setChecked(True)
    assert not dialog.days.isEnabled() and dialog.due_date.isEnabled()
    dialog.due_date.setDate(QDate(2026, 12, 31))
    _ok(qtbot, dialog)
    assert dialog.isVisible() and "理由" in dialog.message.text()  # no reason: refused, nothing written
    assert opinions.get_opinion(ledger, oid).state != "transferred"
    dialog.due_reason.setText("承办单位书面承诺年底前完成")
    _ok(qtbot, dialog)
    wait_tasks(qtbot, ctx)
    after = opinions.get_opinion(ledger, oid)
    assert after.state == "transferred" and after.due_date == date(2026, 12, 31)
    step = [t for t in after.timeline if t.kind == "transferred"][-1]
    assert step.data["due_typed"] and step.data["due_reason"] == "承办单位书面承诺年底前完成"
    assert step.occurred_at.astimezone().time() == time(9, 0)


def test_a_provisional_deadline_is_shown_as_such(qtbot, ctx, basics, ledger) -> None:
    from dataclasses import replace

    from heshi_station.ui.models.opinion_table_model import OpinionTableModel
    from heshi_station.ui.pages.opinions_page import opinion_html

    rec = register(ledger, basics, datetime(2026, 11, 16, 9, 0).astimezone(), route="transfer")
    record = opinions.get_opinion(ledger, rec.opinion_ids[0])
    assert record.due_date and not record.due_provisional  # computed on the official 2026 table
    model = OpinionTableModel(ledger)
    column = next(i for i, (title, _) in enumerate(model.columns) if title == "截止日期")
    model.rows, model.total = [record, replace(record, due_provisional=True)], 2
    assert model.data(model.index(0, column)) == record.due_date.isoformat()
    assert model.data(model.index(1, column)) == record.due_date.isoformat() + "（暂定）"
    assert "暂定" in opinion_html(replace(record, due_provisional=True), lambda t: t)
    assert "暂定" not in opinion_html(record, lambda t: t)

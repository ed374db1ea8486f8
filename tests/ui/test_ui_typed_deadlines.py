"""Typed deadlines (issue 10): every dialog that computes a deadline — the reception form's opinion rows, 转办
and 延期 — lets the clerk type the date by hand with a reason, and a provisional (暂定) deadline is shown as
such. The test clock is 2026-11-20; 2027 has no official holiday table in the bundled calendar, so a deadline
counted into 2027 is 暂定."""

from __future__ import annotations

from datetime import date, datetime

from factories import register
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox
from ui_helpers import fill_valid_reception, show_active, wait_tasks

from heshi_station.ledger import opinions, reference_data
from heshi_station.ui.pages.opinion_dialogs import make_dialog
from heshi_station.ui.pages.reception_page import ReceptionPage


def _ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible() or dialog.message.isVisible(), timeout=10_000)


def _transferred(ledger, oid: str):
    return [t for t in opinions.get_opinion(ledger, oid).timeline if t.kind == "transferred"][-1]


def test_reception_row_deadline_typed_by_hand_needs_a_reason(qtbot, ctx, basics, ledger) -> None:
    page = ReceptionPage(ctx)
    show_active(qtbot, page)
    fill_valid_reception(page, basics)
    row = page.opinion_rows[0]
    assert "截止 2026-" in row.deadline.text() and "暂定" not in row.deadline.text()
    assert not row.due_date.isVisible()
    row.typed_due.setChecked(True)
    assert row.due_date.isVisible() and row.due_reason.isVisible()
    assert row.due_date in page.tab_chain() and row.due_reason in page.tab_chain()
    row.due_date.setDate(QDate(2026, 12, 30))
    page.save()
    wait_tasks(qtbot, ctx)
    assert page.last_saved is None  # no reason: refused, nothing written
    assert "理由" in row.errors.text()
    row.due_reason.setText("主办单位书面承诺年底前完成")
    page.save()
    wait_tasks(qtbot, ctx)
    assert page.last_saved is not None
    oid = page.last_saved.opinion_ids[0]
    step = _transferred(ledger, oid)
    assert step.data["due_typed"] and step.data["due_reason"] == "主办单位书面承诺年底前完成"
    assert opinions.get_opinion(ledger, oid).due_date == date(2026, 12, 30)


def test_reception_row_shows_a_provisional_deadline(qtbot, ctx, basics, ledger) -> None:
    cat = reference_data.save_category(ledger, "长期事项", 40)  # 40 working days from 2026-11-20: into 2027
    page = ReceptionPage(ctx)
    show_active(qtbot, page)
    fill_valid_reception(page, basics)
    page.category.setCurrentIndex(page.category.findData(cat.id))
    row = page.opinion_rows[0]
    assert "（暂定）" in row.deadline.text()
    page.save()
    wait_tasks(qtbot, ctx)
    saved = opinions.get_opinion(ledger, page.last_saved.opinion_ids[0])
    assert saved.due_provisional and saved.due_date.year == 2027


def test_transfer_dialog_marks_a_provisional_deadline(qtbot, ctx, basics, ledger) -> None:
    rec = register(ledger, basics, datetime(2026, 11, 16, 9, 0).astimezone(), route="on_spot")
    oid = rec.opinion_ids[0]
    opinions.reopen(ledger, oid, "群众不满意，重新办理", when=datetime(2026, 11, 18, 16, 0).astimezone())
    dialog = make_dialog("transfer", ctx, opinions.get_opinion(ledger, oid))
    show_active(qtbot, dialog)
    dialog.days.setValue(10)
    assert "暂定" not in dialog.deadline.text()
    dialog.days.setValue(60)
    assert "（暂定）" in dialog.deadline.text() and "2027年" in dialog.deadline.text()


def test_extension_typed_by_hand_or_counted_in_working_days(qtbot, ctx, basics, ledger) -> None:
    first = register(ledger, basics, datetime(2026, 11, 16, 9, 0).astimezone(), route="transfer").opinion_ids[0]
    second = register(ledger, basics, datetime(2026, 11, 16, 9, 5).astimezone(), route="transfer").opinion_ids[0]
    for oid in (first, second):
        opinions.accept(ledger, oid, when=datetime(2026, 11, 17, 9, 0).astimezone())
    before = opinions.get_opinion(ledger, first)
    dialog = make_dialog("extend", ctx, before)
    show_active(qtbot, dialog)
    assert before.due_text("%Y年%m月%d日") in dialog.current_due.text()
    dialog.days.setValue(5)
    computed = dialog.deadline.text()
    assert computed.startswith("2026年12月") and "暂定" not in computed
    dialog.days.setValue(30)
    assert "（暂定）" in dialog.deadline.text()  # counted into 2027
    dialog.typed_due.setChecked(True)
    assert not dialog.days.isEnabled() and dialog.due_date.isEnabled()
    dialog.due_date.setDate(QDate(2027, 1, 15))
    _ok(qtbot, dialog)
    assert dialog.isVisible() and "理由" in dialog.message.text()  # a typed date needs the reason
    dialog.reason.setPlainText("需协调多个部门")
    _ok(qtbot, dialog)
    wait_tasks(qtbot, ctx)
    after = opinions.get_opinion(ledger, first)
    assert after.due_date == date(2027, 1, 15) and not after.due_provisional
    step = [t for t in after.timeline if t.kind == "extended"][-1]
    assert step.data["due_typed"] and step.data["due_reason"] == "需协调多个部门"
    # Counted in working days: the date the dialog showed is the one the ledger keeps.
    dialog = make_dialog("extend", ctx, opinions.get_opinion(ledger, second))
    show_active(qtbot, dialog)
    dialog.days.setValue(5)
    shown = dialog.deadline.text()[:11]
    dialog.reason.setPlainText("需协调多个部门")
    _ok(qtbot, dialog)
    wait_tasks(qtbot, ctx)
    assert f"{opinions.get_opinion(ledger, second).due_date:%Y年%m月%d日}" == shown


def test_a_typed_deadline_survives_in_the_crash_draft(qtbot, ctx, basics, ledger) -> None:
    page = ReceptionPage(ctx)
    show_active(qtbot, page)
    fill_valid_reception(page, basics)
    row = page.opinion_rows[0]
    row.typed_due.setChecked(True)
    row.due_date.setDate(QDate(2026, 12, 30))
    row.due_reason.setText("主办单位书面承诺年底前完成")
    state = page.form_state()
    other = ReceptionPage(ctx)
    qtbot.addWidget(other)
    other.apply_state(state)
    again = other.opinion_rows[0]
    assert again.is_typed() and again.due_date.date() == QDate(2026, 12, 30)
    typed = again.to_input()
    assert typed.due_date == date(2026, 12, 30) and typed.due_reason == "主办单位书面承诺年底前完成"
    # An untyped row keeps no date in the draft: ticking the box later starts from the computed deadline.
    page.start_next()
    fresh = page.form_state()["opinions"][0]
    assert fresh["due_typed"] is False and fresh["due_date"] == ""

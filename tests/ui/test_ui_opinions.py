"""意见办理: transfer with the deadline shown, then reply, feedback and 不满意 → reopened; the list model."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from factories import register
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from ui_helpers import show_active, wait_tasks

from heshi_station.ledger import opinions, queries
from heshi_station.ui.models import opinion_table_model
from heshi_station.ui.models.opinion_table_model import OpinionTableModel
from heshi_station.ui.pages.opinions_page import OpinionsPage


def _ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def _run_step(qtbot, ctx, page, key: str, fill=None):
    button = page.action_buttons[key]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = page.last_dialog
    assert dialog is not None and dialog.isVisible()
    if fill:
        fill(dialog)
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible() or dialog.message.isVisible(), timeout=10_000)
    wait_tasks(qtbot, ctx)
    return dialog


def test_transfer_shows_deadline_then_reply_feedback_dissatisfied_reopens(qtbot, ctx, basics, ledger) -> None:
    rec = register(ledger, basics, datetime(2026, 11, 20, 9, 0).astimezone(), route="transfer")
    oid = rec.opinion_ids[0]
    page = OpinionsPage(ctx)
    show_active(qtbot, page)
    assert page.model.total == 1
    assert page.current is not None and page.current.id == oid

    # The unit says it is not theirs (退回改派): the opinion waits to be transferred again.
    _run_step(qtbot, ctx, page, "return", lambda d: d.inputs["reason"].setPlainText("不属于本单位职责"))
    assert opinions.get_opinion(ledger, oid).state == "returned"

    # 转办: pick the lead unit and 10 working days; the dialog shows the deadline before anything is saved.
    qtbot.mouseClick(page.action_buttons["transfer"], Qt.MouseButton.LeftButton)
    dialog = page.last_dialog
    dialog.lead.setCurrentIndex(dialog.lead.findData(basics.units[1]))
    dialog.days.setValue(10)
    # 2026-11-20 is a Friday; ten working days later (no holiday in between) is Friday 2026-12-04.
    assert "2026年12月04日" in dialog.deadline.text()
    dialog.days.setValue(11)
    assert "2026年12月07日" in dialog.deadline.text()
    assert opinions.get_opinion(ledger, oid).state == "returned"  # still nothing written
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible() or dialog.message.isVisible(), timeout=10_000)
    assert not dialog.isVisible(), dialog.message.text()
    wait_tasks(qtbot, ctx)
    record = opinions.get_opinion(ledger, oid)
    assert record.state == "transferred" and record.due_date == date(2026, 12, 7)
    assert "2026-12-07" in page.detail.toPlainText()
    assert "已转办" in page.model.data(page.model.index(0, 4))

    # Only the steps that make sense now are offered: no satisfaction before feedback, no second transfer.
    assert not page.action_buttons["satisfaction"].isEnabled()
    assert not page.action_buttons["transfer"].isEnabled() and not page.action_buttons["close"].isEnabled()
    assert page.action_buttons["reply"].isEnabled() and page.action_buttons["urge"].isEnabled()

    _run_step(qtbot, ctx, page, "reply", lambda d: d.inputs["reply"].setPlainText("已安排施工队修复路面"))
    assert opinions.get_opinion(ledger, oid).state == "replied"
    _run_step(qtbot, ctx, page, "feedback", lambda d: d.inputs["method"].setCurrentText("电话"))
    assert opinions.get_opinion(ledger, oid).state == "fed_back"
    _run_step(qtbot, ctx, page, "satisfaction", lambda d: d.inputs["rating"].setCurrentText("不满意"))
    record = opinions.get_opinion(ledger, oid)
    assert record.state == "reopened" and record.reopen_count == 1
    text = page.detail.toPlainText()
    assert "重新办理" in text and "办理答复" in text and "反馈" in text
    assert "重新办理" in page.model.data(page.model.index(0, 4))


def test_required_reason_is_asked_for_before_writing(qtbot, ctx, basics, ledger) -> None:
    rec = register(ledger, basics, datetime(2026, 11, 20, 9, 0).astimezone())
    page = OpinionsPage(ctx)
    show_active(qtbot, page)
    before = len(opinions.get_opinion(ledger, rec.opinion_ids[0]).timeline)
    dialog = _run_step(qtbot, ctx, page, "urge")
    assert dialog.isVisible() and "必须填写" in dialog.message.text()
    dialog.reject()
    assert len(opinions.get_opinion(ledger, rec.opinion_ids[0]).timeline) == before


def test_filters_and_search(qtbot, ctx, basics, ledger) -> None:
    register(ledger, basics, datetime(2026, 11, 19, 9, 0).astimezone(), matter="村口道路坑洼不平")
    register(ledger, basics, datetime(2026, 10, 9, 9, 0).astimezone(), matter="养老院缺少护理人员", route="on_spot")
    page = OpinionsPage(ctx)
    show_active(qtbot, page)
    assert page.model.total == 2
    page.month.setCurrentIndex(page.month.findData("2026-10"))
    assert page.model.total == 1 and "养老院" in page.model.record_at(0).content
    page.month.setCurrentIndex(0)
    qtbot.keyClicks(page.search, "dao")  # not a match for anything: pinyin of names only
    qtbot.waitUntil(lambda: page.model.total == 0, timeout=5000)
    page.search.clear()
    page.search.setText("护理人员")
    qtbot.waitUntil(lambda: page.model.total == 1, timeout=5000)
    page.search.clear()
    page.state.setCurrentIndex(page.state.findData("transferred"))
    assert page.model.total == 1 and "道路" in page.model.record_at(0).content


def test_model_loads_pages_as_the_view_scrolls(ledger, basics, monkeypatch, qapp) -> None:
    monkeypatch.setattr(opinion_table_model, "PAGE_SIZE", 4)
    start = datetime(2026, 11, 2, 9, 0).astimezone()
    for i in range(10):
        register(ledger, basics, start + timedelta(days=i), phone=f"199000000{i:02d}")
    model = OpinionTableModel(ledger)
    model.set_filter(queries.OpinionFilter())
    assert model.total == 10 and model.rowCount() == 4 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 8
    model.fetchMore()
    assert model.rowCount() == 10 and not model.canFetchMore()
    days = [model.record_at(r).registered_on for r in range(10)]
    assert days == sorted(days, reverse=True) and len({model.record_at(r).id for r in range(10)}) == 10


def test_scrolling_never_repeats_a_row_when_an_opinion_is_registered_meanwhile(ledger, basics, monkeypatch, qapp):
    monkeypatch.setattr(opinion_table_model, "PAGE_SIZE", 4)
    start = datetime(2026, 11, 2, 9, 0).astimezone()
    for i in range(8):
        register(ledger, basics, start + timedelta(days=i), phone=f"199000000{i:02d}")
    model = OpinionTableModel(ledger)
    model.set_filter(queries.OpinionFilter())
    first = [model.record_at(r).id for r in range(4)]
    # Another window registers the newest opinion: the next page still starts after the last row shown.
    register(ledger, basics, start + timedelta(days=10), phone="19900000099")
    model.fetchMore()
    ids = [model.record_at(r).id for r in range(model.rowCount())]
    assert ids[:4] == first and len(ids) == len(set(ids)) == 8
    days = [model.record_at(r).registered_on for r in range(8)]
    assert days == sorted(days, reverse=True)

"""更正 and 作废 of duty records from the 代表履职 page (issue 14): the real widgets driven with the keyboard and
mouse, the result read back from the ledger (record, audit entry, outbox snapshot)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import select
from ui_helpers import show_active, type_text, wait_tasks

from heshi_station.db.models import AuditEntry, OutboxEntry
from heshi_station.ledger import duty_activities, project_votes, report_backs, trainings
from heshi_station.ledger.duty_dto import (
    ActivityInput,
    AttendeeInput,
    ProjectInput,
    ProjectVoteInput,
    ReportBackInput,
    TrainingInput,
)
from heshi_station.ui.pages.duties_page import DutiesPage

DAY = date(2026, 11, 2)


def _audit(ledger, entity_id: str) -> dict[str, dict]:
    """action -> detail of the record's audit entries (the clock is fixed: order by time says nothing)."""
    with ledger.read() as s:
        rows = s.execute(select(AuditEntry.action, AuditEntry.detail).where(AuditEntry.entity_id == entity_id))
        return dict(rows.all())


def _outbox(ledger, entity_id: str) -> list[dict]:
    with ledger.read() as s:
        return list(s.scalars(select(OutboxEntry.payload).where(OutboxEntry.entity_id == entity_id)
                              .order_by(OutboxEntry.seq)))  # fmt: skip


def _save(qtbot, page, ctx) -> None:
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_tasks(qtbot, ctx)


def test_correcting_an_activity_drops_a_participant_with_a_reason(qtbot, ctx, basics, ledger) -> None:
    zhang, li, _wang = basics.deputies
    rec = duty_activities.record_activity(ledger, ActivityInput("inspection", DAY, [zhang, li], subject="农村道路",
                                                                notes="随行记者两人"))  # fmt: skip
    page = DutiesPage(ctx)
    show_active(qtbot, page)
    tab, form = page.activities, page.activities.form
    assert not form.correction_box.isVisibleTo(page) and not form.cancel_button.isVisibleTo(page)
    tab.view.selectRow(0)
    qtbot.mouseClick(tab.correct_button, Qt.MouseButton.LeftButton)
    assert form.correction_box.isVisibleTo(page) and "履职活动（2026-11-02）" in form.banner.text()
    assert form.subject.text() == "农村道路" and form.picker.picked_ids() == [zhang, li]
    assert form.save_button.text().startswith("保存更正")

    # Without a reason the ledger refuses and nothing changes.
    form.picker.set_checked(li, False)
    _save(qtbot, page, ctx)
    reason_error = form.errors.labels["reason"]
    assert "更正理由" in reason_error.text() and reason_error.isVisibleTo(page)
    assert duty_activities.get_activity(ledger, rec.id).book.revision == 0

    form.reason.setFocus()
    type_text(qtbot, form.reason, "李四未参加")
    _save(qtbot, page, ctx)
    after = duty_activities.get_activity(ledger, rec.id)
    assert after.deputy_ids == (zhang,) and after.book.revision == 1 and after.notes == "随行记者两人"
    detail = _audit(ledger, rec.id)["duty_activity.correct"]
    assert detail["reason"] == "李四未参加"
    assert detail["changes"]["deputy_ids"] == {"from": [zhang, li], "to": [zhang]}
    assert _outbox(ledger, rec.id)[-1]["deputy_ids"] == [zhang] and _outbox(ledger, rec.id)[-1]["revision"] == 1
    assert not form.correction_box.isVisibleTo(page) and form.picker.picked_ids() == []
    assert "已保存更正" in page.message.text() and tab.model.data(tab.model.index(0, 2)) == "张三"
    assert tab.model.data(tab.model.index(0, 5)) == "已更正"


def test_a_report_back_correction_is_checked_like_a_new_one(qtbot, ctx, basics, ledger) -> None:
    rb = report_backs.record_report_back(
        ledger, ReportBackInput(basics.deputies[1], DAY, "村委会", 20, "述职", 8, 6, 4)
    )
    page = DutiesPage(ctx)
    show_active(qtbot, page)
    page.tabs.setCurrentWidget(page.report_backs)
    tab, form = page.report_backs, page.report_backs.form
    tab.view.selectRow(0)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_F2)  # keyboard: F2 in the list loads the selected record
    assert (form.voters.value(), form.satisfied.value(), form.dissatisfied.value()) == (20, 8, 4)
    form.reason.setText("计票有误")
    _save(qtbot, page, ctx)
    assert "没有需要更正的内容" in form.message.text()  # same values: refused, still correcting
    assert form.correction_box.isVisibleTo(page)
    form.satisfied.setValue(15)  # 15 + 6 + 4 = 25 ballots from 20 voters
    _save(qtbot, page, ctx)
    assert "多于到会选民20人" in form.errors.labels["invalid"].text()
    assert report_backs.get_report_back(ledger, rb.id).book.revision == 0
    form.basically.setValue(1)
    _save(qtbot, page, ctx)
    after = report_backs.get_report_back(ledger, rb.id)
    assert (after.satisfied, after.basically, after.result_label, after.book.revision) == (15, 1, "满意", 1)
    assert tab.model.data(tab.model.index(0, 5)) == "满意"
    # Cancelling a started correction leaves the record as it is.
    tab.view.selectRow(0)
    tab.correct_selected()
    form.satisfied.setValue(0)
    qtbot.mouseClick(form.cancel_button, Qt.MouseButton.LeftButton)
    assert not form.correction_box.isVisibleTo(page) and form.satisfied.value() == 0
    assert report_backs.get_report_back(ledger, rb.id).satisfied == 15


def test_vote_and_training_corrections_and_voiding(qtbot, ctx, basics, ledger) -> None:
    zhang, li, wang = basics.deputies
    vote = project_votes.record_project_vote(ledger, ProjectVoteInput(
        2026, DAY, "majority_of_all", 5, [zhang, li, wang], [ProjectInput("村道硬化", "街道办", 100, 2)]))  # fmt: skip
    training = trainings.record_training(ledger, TrainingInput("履职培训", DAY, 2.0, [AttendeeInput(zhang)],
                                                               notes="第一期"))  # fmt: skip
    page = DutiesPage(ctx)
    show_active(qtbot, page)
    page.tabs.setCurrentWidget(page.votes)
    page.votes.view.selectRow(0)
    page.votes.correct_selected()
    vform = page.votes.form
    assert vform.projects.rowCount() == 1 and vform.projects.item(0, 3).text() == "2"
    vform.projects.item(0, 3).setText("3")  # 3 × 2 > 5: now adopted
    vform.reason.setText("唱票更正")
    _save(qtbot, page, ctx)
    after = project_votes.get_project_vote(ledger, vote.id)
    assert [p.adopted for p in after.projects] == [True] and after.book.revision == 1
    assert page.votes.model.data(page.votes.model.index(0, 4)) == "村道硬化"

    page.tabs.setCurrentWidget(page.trainings)
    page.trainings.view.selectRow(0)
    page.trainings.correct_selected()
    tform = page.trainings.form
    tform.set_status(wang, "absent")
    tform.reason.setText("补登缺席")
    _save(qtbot, page, ctx)
    t = trainings.get_training(ledger, training.id)
    assert [(a.deputy_id, a.status) for a in t.attendees] == [(zhang, "present"), (wang, "absent")]
    assert t.notes == "第一期" and t.book.revision == 1

    # 作废 the training; a voided record cannot be loaded for 更正.
    page.trainings.view.selectRow(0)
    page.trainings.void_selected("培训取消")
    wait_tasks(qtbot, ctx)
    assert trainings.get_training(ledger, training.id).book.void_reason == "培训取消"
    assert (
        _audit(ledger, training.id)["training.void"]["reason"] == "培训取消"
        and _outbox(ledger, training.id)[-1]["voided_at"]
    )
    page.show_voided.setChecked(True)
    page.trainings.view.selectRow(0)
    page.trainings.correct_selected()
    assert "已作废，不能更正" in page.message.text() and not tform.correction_box.isVisibleTo(page)


def test_screenshot_of_a_correction_in_progress(qtbot, ctx, basics, ledger, tmp_path) -> None:
    zhang, li, _ = basics.deputies
    duty_activities.record_activity(ledger, ActivityInput("contact", DAY, [zhang, li], contact_with="东风村村民",
                                                          contact_way="visit", raised="村道路灯不亮"))  # fmt: skip
    duty_activities.record_activity(ledger, ActivityInput("meeting", DAY, [li], subject="街道人大工委会议"))
    page = DutiesPage(ctx)
    page.resize(1280, 800)
    show_active(qtbot, page)
    page.activities.view.selectRow(0)
    page.activities.correct_selected()
    page.activities.form.reason.setText("联系对象登记有误")
    shot = Path(os.environ.get("HESHI_UI_SHOTS") or tmp_path) / "代表履职-更正.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    assert page.grab().save(str(shot)) and shot.stat().st_size > 5000

"""The 代表履职 page (issue 14): keyboard entry of each duty, inline errors, voiding, the archive tab and its PDF."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from ui_helpers import show_active, type_text, wait_tasks

from heshi_station.ledger import duty_activities, opinions, project_votes, receptions, report_backs, trainings
from heshi_station.ui.main_window import MainWindow
from heshi_station.ui.pages.duties_page import DutiesPage

YEAR = (date(2026, 1, 1), date(2027, 1, 1))


def _cell(model, row: int, col: int) -> str:
    return model.data(model.index(row, col))


def test_contact_activity_by_keyboard(qtbot, ctx, basics, ledger) -> None:
    page = DutiesPage(ctx)
    show_active(qtbot, page)
    form = page.activities.form
    form.kind.setCurrentIndex(form.kind.findData("contact"))
    assert form.contact_with.isEnabled()
    form.picker.setFocus()
    type_text(qtbot, form.picker.filter_edit, "zs")
    qtbot.keyClick(form.picker.filter_edit, Qt.Key.Key_Return)
    assert form.picker.picked_ids() == [basics.deputies[0]]
    form.contact_with.setFocus()
    type_text(qtbot, form.contact_with, "东风村村民")
    form.raised.setPlainText("村道路灯不亮")
    form.as_opinion.setChecked(True)
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_tasks(qtbot, ctx)
    [rec] = duty_activities.list_activities(ledger, *YEAR)
    [opinion_id] = receptions.get_reception(ledger, rec.reception_id).opinion_ids
    assert opinions.get_opinion(ledger, opinion_id).content == "村道路灯不亮"
    assert rec.kind == "contact" and rec.contact_with == "东风村村民" and rec.deputy_names == ("张三",)
    assert page.activities.model.rowCount() == 1 and "东风村村民" in _cell(page.activities.model, 0, 3)
    assert form.picker.picked_ids() == [] and form.contact_with.text() == ""  # ready for the next one
    # Voiding the selected record asks for a reason; the list then leaves it out.
    page.activities.view.selectRow(0)
    page.activities.void_selected("误登记")
    wait_tasks(qtbot, ctx)
    assert page.activities.model.rowCount() == 0 and "已作废" in page.message.text()
    page.show_voided.setChecked(True)
    assert _cell(page.activities.model, 0, 5) == "作废：误登记"


def test_report_back_tally_error_is_shown_and_nothing_saved(qtbot, ctx, basics, ledger, tmp_path) -> None:
    page = DutiesPage(ctx)
    show_active(qtbot, page)
    page.tabs.setCurrentWidget(page.report_backs)
    form = page.report_backs.form
    form.place.setText("东风村村委会")
    form.voters.setValue(10)
    form.summary.setPlainText("一年来的履职情况")
    form.satisfied.setValue(9)
    form.basically.setValue(3)
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_tasks(qtbot, ctx)
    tally = form.errors.labels["invalid"]  # shown next to the last count of the tally
    assert "多于到会选民10人" in tally.text() and tally.isVisible()
    assert report_backs.list_report_backs(ledger, *YEAR) == []
    form.basically.setValue(0)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    wait_tasks(qtbot, ctx)
    [rec] = report_backs.list_report_backs(ledger, *YEAR)
    assert rec.result_label == "满意" and _cell(page.report_backs.model, 0, 5) == "满意"
    assert page.report_backs.pdf_button.isVisibleTo(page) and not page.activities.pdf_button.isVisibleTo(page)
    page.report_backs.view.selectRow(0)
    out = tmp_path / "rb.pdf"
    page.report_backs.save_pdf(str(out))
    wait_tasks(qtbot, ctx)
    assert out.read_bytes().startswith(b"%PDF") and "已保存" in page.message.text()


def test_vote_and_training_forms(qtbot, ctx, basics, ledger) -> None:
    page = DutiesPage(ctx)
    show_active(qtbot, page)
    page.tabs.setCurrentWidget(page.votes)
    form = page.votes.form
    form.total.setValue(5)
    for d in basics.deputies:
        form.picker.set_checked(d, True)
    form.projects.setRowCount(0)
    form.add_project(("村道硬化", "街道办", 1200000, 3, 0, 0))
    form.add_project(("路灯", "街道办", "八万", 1, 0, 0))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    wait_tasks(qtbot, ctx)
    assert "应为整数" in form.message.text() and project_votes.list_project_votes(ledger, *YEAR) == []
    form.projects.item(1, 2).setText("80000")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    wait_tasks(qtbot, ctx)
    [vote] = project_votes.list_project_votes(ledger, *YEAR)
    assert [p.adopted for p in vote.projects] == [True, False]
    assert _cell(page.votes.model, 0, 4) == "村道硬化"

    page.tabs.setCurrentWidget(page.trainings)
    tform = page.trainings.form
    tform.topic.setText("代表履职能力培训")
    tform.hours.setText("2.5")
    tform.set_status(basics.deputies[0], "present")
    tform.set_status(basics.deputies[1], "leave")
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_tasks(qtbot, ctx)
    assert "请假事由" in tform.message.text()
    tform.set_status(basics.deputies[1], "leave", "外出开会")
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_tasks(qtbot, ctx)
    [training] = trainings.list_trainings(ledger, *YEAR)
    assert training.hours == 2.5 and len(training.attendees) == 2
    assert _cell(page.trainings.model, 0, 4) == "李四（请假）"


def test_archive_tab_and_pdf_in_the_window(qtbot, ctx, basics, ledger, ui_settings, tmp_path) -> None:
    from heshi_station.ledger.duty_dto import ActivityInput

    duty_activities.record_activity(
        ledger, ActivityInput("contact", date(2026, 5, 1), basics.deputies[:1], contact_with="村民", contact_way="电话")
    )
    window = MainWindow(ctx, settings=ui_settings)
    show_active(qtbot, window)
    page = window.open_page("duties")
    wait_tasks(qtbot, ctx)
    page.tabs.setCurrentWidget(page.archive)
    model = page.archive.model
    assert model.rowCount() == 3
    zhang = next(r for r in range(3) if _cell(model, r, 0) == "张三")
    assert _cell(model, zhang, 6) == "1/10（未达）" and "不少于 10 次" in page.archive.note.text()
    out = tmp_path / "archive.pdf"
    page.archive.save_pdf(str(out))
    wait_tasks(qtbot, ctx)
    assert out.read_bytes().startswith(b"%PDF") and "已保存" in page.message.text()

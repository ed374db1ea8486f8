"""Buttons for 转办单, 督办单, 接待公告 and 履职情况统计, all through the one preview-and-print dialog."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from factories import register
from pypdf import PdfReader
from ui_helpers import wait_tasks

from heshi_station.ledger import attendance
from heshi_station.ui.form_preview import FormPreviewDialog
from heshi_station.ui.pages.attendance_page import AttendancePage
from heshi_station.ui.pages.opinions_page import OpinionsPage
from heshi_station.ui.pdf_printing import pdf_file_printer


def _text(path) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(str(path)).pages))


def _ready(qtbot, ctx, dialog: FormPreviewDialog) -> None:
    qtbot.waitUntil(lambda: dialog.pdf_path is not None or dialog.status.text() != "正在生成…", timeout=20_000)
    wait_tasks(qtbot, ctx)


def _print_to_file(qtbot, ctx, dialog: FormPreviewDialog, out) -> str:
    with qtbot.waitSignal(dialog.printed, timeout=30_000):
        dialog.print_to(pdf_file_printer(out))
    assert out.stat().st_size > 1000
    return _text(dialog.pdf_path)


def test_transfer_and_urge_slips_from_the_opinion_page(qtbot, ctx, basics, ledger, tmp_path) -> None:
    fresh = register(ledger, basics, datetime(2026, 11, 18, 9, 0).astimezone())
    late = register(ledger, basics, datetime(2026, 8, 3, 9, 0).astimezone(), phone="19900005678")
    page = OpinionsPage(ctx)
    qtbot.addWidget(page)
    wait_tasks(qtbot, ctx)

    page.show_opinion(fresh.opinion_ids[0])
    assert page.transfer_slip_button.isEnabled() and not page.urge_slip_button.isEnabled()
    page.transfer_slip_button.click()
    dialog = page.last_form
    _ready(qtbot, ctx, dialog)
    assert dialog.document.pageCount() >= 1 and dialog.print_button.isEnabled()
    assert "意见建议转办单" in _print_to_file(qtbot, ctx, dialog, tmp_path / "slip.pdf")
    saved = tmp_path / "转办单.pdf"
    dialog.save_to(saved)
    assert saved.read_bytes() == dialog.pdf_path.read_bytes()
    temp_folder = dialog.pdf_path.parent
    dialog.close()
    assert not temp_folder.exists()

    # Asked for an opinion that is not overdue, the dialog says why and offers nothing to print.
    dialog = page.open_form("urge_slip")
    _ready(qtbot, ctx, dialog)
    assert "没有超期" in dialog.status.text() and not dialog.print_button.isEnabled()
    dialog.close()

    page.show_opinion(late.opinion_ids[0])
    assert page.urge_slip_button.isEnabled()
    page.urge_slip_button.click()
    dialog = page.last_form
    _ready(qtbot, ctx, dialog)
    assert "意见建议督办单" in _print_to_file(qtbot, ctx, dialog, tmp_path / "urge.pdf")
    dialog.close()


def test_reception_notice_and_yearly_statistics_from_the_attendance_page(qtbot, ctx, basics, ledger, tmp_path) -> None:
    attendance.plan_reception_day(
        ledger, date(2026, 11, 25), time(9), time(11, 30), "街道便民服务中心二楼", basics.deputies[:2]
    )
    page = AttendancePage(ctx)
    qtbot.addWidget(page)
    page.year.setValue(2026)
    page.month.setValue(11)
    page.refresh()
    wait_tasks(qtbot, ctx)
    qtbot.waitUntil(lambda: page.days_model.rowCount() == 1, timeout=10_000)
    page.days_view.selectRow(0)
    page.notice_button.click()
    dialog = page.last_form
    _ready(qtbot, ctx, dialog)
    text = _print_to_file(qtbot, ctx, dialog, tmp_path / "notice.pdf")
    assert "接待公告" in text and "街道便民服务中心二楼" in text
    dialog.close()

    page.yearly_form_button.click()
    dialog = page.last_form
    _ready(qtbot, ctx, dialog)
    assert "2026年度履职情况统计" in _print_to_file(qtbot, ctx, dialog, tmp_path / "yearly.pdf")
    dialog.close()


def test_overdue_list_slips_from_the_opinion_page(qtbot, ctx, basics, ledger, tmp_path) -> None:
    """督办单 of the whole overdue list: one form per overdue opinion, picked in the preview's list."""
    register(ledger, basics, datetime(2026, 11, 18, 9, 0).astimezone())  # not overdue
    late = [
        register(ledger, basics, datetime(2026, 8, 3 + i, 9, 0).astimezone(), phone=f"1990000567{i}").opinion_ids[0]
        for i in range(2)
    ]
    page = OpinionsPage(ctx)
    qtbot.addWidget(page)
    wait_tasks(qtbot, ctx)
    page.overdue_slips_button.click()
    qtbot.waitUntil(lambda: page.last_form is not None, timeout=10_000)
    dialog = page.last_form
    assert dialog.choice.count() == len(late)  # the opinion that is not overdue has no 督办单
    _ready(qtbot, ctx, dialog)
    first = _print_to_file(qtbot, ctx, dialog, tmp_path / "urge-1.pdf")
    assert "意见建议督办单" in first
    dialog.choice.setCurrentIndex(1)
    qtbot.waitUntil(lambda: dialog.pdf_path is not None and dialog.pdf_path.name == "form-1.pdf", timeout=20_000)
    wait_tasks(qtbot, ctx)
    assert "意见建议督办单" in _text(dialog.pdf_path)
    dialog.close()


def test_yearly_statistics_of_one_deputy_from_the_roster(qtbot, ctx, basics, ledger, tmp_path) -> None:
    from heshi_station.ui.pages.deputies_page import DeputiesPage

    register(ledger, basics, datetime(2026, 11, 18, 9, 0).astimezone())
    page = DeputiesPage(ctx)
    qtbot.addWidget(page)
    page.view.selectRow(0)
    name = page.model.record_at(0).name
    assert page.yearly_button.isEnabled() and page.year.value() == 2026
    page.yearly_button.click()
    dialog = page.last_form
    _ready(qtbot, ctx, dialog)
    text = _print_to_file(qtbot, ctx, dialog, tmp_path / "deputy-yearly.pdf")
    assert f"{name}代表2026年度履职情况统计" in text
    dialog.close()
    page.edit(None)
    assert not page.yearly_button.isEnabled()

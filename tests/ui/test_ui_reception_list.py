"""接待记录 (issue 10, "every record can be found and fixed"): the list of every reception with search and
month filter, rows loaded as the clerk scrolls, 更正 and 作废 with a reason through the ledger, and the
转办单 of a reception printed through the preview."""

from __future__ import annotations

from datetime import datetime, timedelta

from factories import register
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialogButtonBox
from ui_helpers import show_active, wait_tasks

from heshi_station.ledger import opinions, receptions
from heshi_station.ledger.dto import ReceptionInput, VisitorInput
from heshi_station.ui.models import reception_table_model
from heshi_station.ui.pages.reception_fix_dialogs import CorrectReceptionDialog, VoidReceptionDialog
from heshi_station.ui.pages.receptions_list_page import ReceptionListPage
from heshi_station.ui.pdf_printing import pdf_file_printer

NOV = datetime(2026, 11, 16, 9, 30).astimezone()
OCT = datetime(2026, 10, 12, 15, 0).astimezone()


def _people(ledger, basics):
    transferred = register(ledger, basics, NOV, route="transfer", phone="13900000001")
    no_opinion = receptions.register_reception(
        ledger,
        ReceptionInput(
            received_at=NOV - timedelta(days=1),
            way="phone",
            matter="咨询低保申请材料",
            outcome="已告知所需材料",
            visitors=[VisitorInput(name="曾超华", phone="13900000002", village="红旗社区")],
        ),
    )
    october = register(ledger, basics, OCT, route="on_spot", matter="小区路灯不亮", phone="13900000003")
    return transferred, no_opinion, october


def _page(qtbot, ctx) -> ReceptionListPage:
    page = ReceptionListPage(ctx)
    page.resize(1200, 700)
    show_active(qtbot, page)
    return page


def _ids(page) -> list[str]:
    return [r.id for r in page.model.rows]


def test_every_reception_is_listed_and_found_by_text_name_phone_initials_and_month(qtbot, ctx, ledger, basics):
    transferred, no_opinion, october = _people(ledger, basics)
    page = _page(qtbot, ctx)
    assert _ids(page) == [transferred.id, no_opinion.id, october.id]  # newest first, also without opinions
    assert page.count.text() == "共 3 条"
    for typed, expected in [
        ("低保", [no_opinion.id]),
        ("曾超华", [no_opinion.id]),
        ("zch", [no_opinion.id]),
        ("139-0000-0003", [october.id]),
        ("东风村", [transferred.id, october.id]),
        ("没有这个词", []),
    ]:
        page.search.setText(typed)
        qtbot.waitUntil(lambda e=expected: _ids(page) == e, timeout=5_000)
        assert page.count.text() == f"共 {len(expected)} 条"
    page.search.clear()
    page.month.setCurrentIndex(page.month.findData("2026-10"))
    qtbot.waitUntil(lambda: _ids(page) == [october.id], timeout=5_000)
    page.month.setCurrentIndex(page.month.findData("2026-11"))
    assert _ids(page) == [transferred.id, no_opinion.id]
    # Opening one shows it whole: its visitors, text, and that it has no opinions.
    page.select(no_opinion.id)
    html = page.detail.toPlainText()
    assert "咨询低保申请材料" in html and "13900000002" in html and "这次接待没有登记意见" in html
    assert not page.print_button.isEnabled()  # nothing to transfer, no 转办单


def test_rows_load_as_the_clerk_scrolls(qtbot, ctx, ledger, basics, monkeypatch):
    monkeypatch.setattr(reception_table_model, "PAGE_SIZE", 4)
    for i in range(10):
        register(ledger, basics, NOV - timedelta(hours=i), route="on_spot", phone=f"139000001{i:02d}")
    page = _page(qtbot, ctx)
    assert page.model.total == 10 and page.count.text() == "共 10 条"
    assert page.model.rowCount() == 4  # only the first page was read
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.rowCount() > 4, timeout=5_000)
    while page.model.canFetchMore():
        page.model.fetchMore()
    assert page.model.rowCount() == 10 and len(set(_ids(page))) == 10


def _drive(page, fill, *, submit_twice_first_fails: bool = False):
    """Fill and confirm the dialog the page opens (it runs modally), recording what the clerk saw."""
    seen = {}

    def opened(dialog) -> None:
        def act() -> None:
            ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
            if submit_twice_first_fails:
                ok.click()  # with the fields as they are: refused, the dialog stays open with the reason why

                def retry() -> None:
                    if dialog.error.isVisible():
                        seen["first_error"] = dialog.error.text()
                        fill(dialog)
                        ok.click()
                    else:
                        QTimer.singleShot(20, retry)

                QTimer.singleShot(20, retry)
            else:
                fill(dialog)
                ok.click()

        QTimer.singleShot(0, act)
        seen["dialog"] = dialog

    page.dialog_opened.connect(opened)
    return seen


def test_void_with_a_reason_through_the_ledger(qtbot, ctx, ledger, basics):
    transferred, _, _ = _people(ledger, basics)
    page = _page(qtbot, ctx)
    page.select(transferred.id)
    assert page.void_button.isEnabled()
    seen = _drive(page, lambda d: d.reason.setPlainText("同一来访重复登记"), submit_twice_first_fails=True)
    page.void_button.click()
    wait_tasks(qtbot, ctx)
    assert isinstance(seen["dialog"], VoidReceptionDialog)
    assert "作废理由" in seen["first_error"]  # no reason: refused, nothing written
    record = receptions.get_reception(ledger, transferred.id)
    assert record.voided and record.void_reason == "同一来访重复登记"
    assert opinions.get_opinion(ledger, transferred.opinion_ids[0]).state == "voided"
    qtbot.waitUntil(lambda: page.selected() is not None and page.selected().voided, timeout=5_000)
    assert page.model.total == 3  # a voided reception stays listed, marked
    assert "已作废" in page.detail.toPlainText() and "同一来访重复登记" in page.detail.toPlainText()
    assert not page.void_button.isEnabled() and not page.correct_button.isEnabled()


def test_correct_with_a_reason_through_the_ledger(qtbot, ctx, ledger, basics):
    _, no_opinion, _ = _people(ledger, basics)
    page = _page(qtbot, ctx)
    page.select(no_opinion.id)

    def fill(d: CorrectReceptionDialog) -> None:
        d.phone.setText("139 0000 0009")
        d.matter.setPlainText("咨询低保和临时救助申请材料")
        d.reason.setText("电话和反映问题登记不全")

    seen = _drive(page, fill, submit_twice_first_fails=True)
    page.correct_button.click()
    wait_tasks(qtbot, ctx)
    assert isinstance(seen["dialog"], CorrectReceptionDialog)
    assert "没有" in seen["first_error"] or "理由" in seen["first_error"]  # nothing changed and no reason
    record = receptions.get_reception(ledger, no_opinion.id)
    assert record.revision == 1 and record.visitors[0].phone == "13900000009"
    assert record.matter == "咨询低保和临时救助申请材料"
    assert record.received_at == no_opinion.received_at  # the time was not touched
    qtbot.waitUntil(lambda: "已更正" in page.detail.toPlainText(), timeout=5_000)
    page.search.setText("临时救助")
    qtbot.waitUntil(lambda: _ids(page) == [no_opinion.id], timeout=5_000)


def test_the_transfer_slip_of_a_reception_prints_through_the_preview(qtbot, ctx, ledger, basics, tmp_path):
    transferred, _, _ = _people(ledger, basics)
    page = _page(qtbot, ctx)
    page.select(transferred.id)
    assert page.print_button.isEnabled()
    out = tmp_path / "slip.pdf"
    seen = {}

    def opened(dialog) -> None:
        seen["dialog"] = dialog

        def when_ready() -> None:
            if dialog.pdf_path is None:
                QTimer.singleShot(20, when_ready)
                return
            seen["pages"] = dialog.document.pageCount()
            dialog.print_to(pdf_file_printer(out))

            def when_printed() -> None:
                if "已发送到打印机" in dialog.status.text():
                    dialog.reject()
                else:
                    QTimer.singleShot(20, when_printed)

            when_printed()

        QTimer.singleShot(0, when_ready)

    page.dialog_opened.connect(opened)
    page.print_button.click()
    wait_tasks(qtbot, ctx)
    assert seen["pages"] >= 1
    assert out.exists() and out.read_bytes().startswith(b"%PDF")

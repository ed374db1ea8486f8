"""The 台账打印 page: preview of the real PDF, printing through QPrinter (to a PDF file everywhere, and to a
real CUPS queue where one exists), Excel export and import from the page, all via background tasks."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from heshi_station.ledger.receptions import list_receptions
from heshi_station.ui.pages.ledger_print_page import LedgerPrintPage
from heshi_station.ui.pdf_printing import pdf_file_printer
from heshi_station.ui.ui_context import UiContext
from tests.factories import month_of_receptions, set_up_basics
from tests.test_reports_import import make_messy_workbook

WAIT_MS = 120_000  # generous: a loaded CI machine must not fail a functional test on time


@pytest.fixture
def page(qtbot, ledger):
    b = set_up_basics(ledger)
    month_of_receptions(ledger, b, 2026, 10, 40)
    ctx = UiContext(ledger)
    p = LedgerPrintPage(ctx)
    qtbot.addWidget(p)
    p.resize(1200, 800)
    p.show()
    qtbot.waitUntil(lambda: ctx._live == set(), timeout=WAIT_MS)  # the masking default has loaded
    return p


def _generate(qtbot, page, kind="reception", mask=True):
    page.set_selection(kind, 2026, 10, mask=mask)
    with qtbot.waitSignal(page.preview_ready, timeout=WAIT_MS):
        page.generate()


def test_preview_shows_the_pdf_that_is_saved(qtbot, page, tmp_path):
    assert not page.print_button.isEnabled()
    _generate(qtbot, page)
    pages = len(PdfReader(page.pdf_path).pages)
    assert pages >= 2 and page.document.pageCount() == pages
    assert page.print_button.isEnabled() and "共" in page.status.text()
    target = tmp_path / "saved.pdf"
    with qtbot.waitSignal(page.task_finished, timeout=WAIT_MS):
        page.save_pdf(target)
    assert target.read_bytes() == page.pdf_path.read_bytes()
    page.grab().save(str(tmp_path / "page.png"))
    # changing the month drops the preview so a stale month cannot be printed
    page.set_selection("reception", 2026, 9)
    assert page.pdf_path is None and not page.print_button.isEnabled()


def test_print_through_qprinter_to_a_pdf_file(qtbot, page, tmp_path):
    _generate(qtbot, page)
    expected = page.document.pageCount()
    out = tmp_path / "printed.pdf"
    printer = pdf_file_printer(out)
    with qtbot.waitSignal(page.task_finished, timeout=WAIT_MS) as sig:
        page.print_to(printer)
    assert sig.args == ["printed"]
    reader = PdfReader(BytesIO(out.read_bytes()))
    assert len(reader.pages) == expected
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # the landscape register printed landscape
    assert abs(float(box.width) - 842) < 3


def _cups_pdf_queue() -> str | None:
    if shutil.which("lpstat") is None:
        return None
    res = subprocess.run(["lpstat", "-v"], capture_output=True, text=True)
    for line in res.stdout.splitlines():
        if "cups-pdf:/" in line:
            return line.split()[2].rstrip(":")
    return None


def _cups_pdf_out_dir() -> Path:
    conf = Path("/etc/cups/cups-pdf.conf")
    out = "${HOME}/PDF"
    if conf.exists():
        for line in conf.read_text().splitlines():
            if line.startswith("Out "):
                out = line.split(None, 1)[1].strip()
    return Path(out.replace("${HOME}", os.path.expanduser("~")))


@pytest.mark.skipif(
    _cups_pdf_queue() is None,
    reason="no CUPS queue with the cups-pdf virtual printer here (install cups + printer-driver-cups-pdf, start cupsd)",
)
def test_print_to_a_real_cups_queue(qtbot, page):
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    queue = _cups_pdf_queue()
    if queue not in QPrinterInfo.availablePrinterNames():
        pytest.skip(f"Qt does not see the CUPS queue {queue} (Qt's CUPS print plugin could not load libcups)")
    out_dir = _cups_pdf_out_dir()
    before = set(out_dir.glob("*.pdf")) if out_dir.exists() else set()
    _generate(qtbot, page, kind="summary")
    printer = QPrinter(QPrinterInfo.printerInfo(queue), QPrinter.PrinterMode.HighResolution)
    printer.setDocName("heshi-cups-test")
    with qtbot.waitSignal(page.task_finished, timeout=WAIT_MS) as sig:
        page.print_to(printer)
    assert sig.args == ["printed"]
    deadline = time.monotonic() + 120  # cups-pdf converts asynchronously: wait for a complete file
    new: set[Path] = set()
    printed = None
    while time.monotonic() < deadline and printed is None:
        qtbot.wait(500)
        new = (set(out_dir.glob("*.pdf")) if out_dir.exists() else set()) - before
        try:
            printed = PdfReader(sorted(new)[-1]) if new else None
            if printed is not None and len(printed.pages) < page.document.pageCount():
                printed = None
        except Exception:  # still being written
            printed = None
    assert new, f"the CUPS job produced no PDF in {out_dir}"
    assert printed is not None and len(printed.pages) == page.document.pageCount()
    for p in new:
        p.unlink()


def test_export_and_import_from_the_page(qtbot, page, ledger, tmp_path):
    target = tmp_path / "export.xlsx"
    page.set_selection("opinions", 2026, 10, mask=False)
    with qtbot.waitSignal(page.task_finished, timeout=WAIT_MS):
        page.export_xlsx(target)
    assert load_workbook(target).active["A1"].value == "意见建议办理台账（2026年10月）"

    messy = make_messy_workbook(tmp_path / "messy.xlsx")
    before = len(list_receptions(ledger))
    seen = []
    with qtbot.waitSignal(page.task_finished, timeout=WAIT_MS):
        page.import_file(messy, choose=lambda p: seen.append(p) or False)  # "全部不导入"
    assert len(seen[0].problems) == 7 and len(list_receptions(ledger)) == before
    with (
        qtbot.waitSignal(page.ctx.events.ledger_changed, timeout=WAIT_MS),
        qtbot.waitSignal(page.task_finished, timeout=WAIT_MS),
    ):
        page.import_file(messy, choose=lambda p: True)  # "只导入没问题的行"
    assert len(list_receptions(ledger)) == before + 6
    assert "已导入 6 行" in page.status.text()


def test_import_preview_dialog_lists_every_bad_row(qtbot, ledger, tmp_path):
    from heshi_station.reports.excel_import import preview_import
    from heshi_station.ui.import_preview_dialog import ImportPreviewDialog

    set_up_basics(ledger)
    preview = preview_import(ledger, make_messy_workbook(tmp_path / "m.xlsx"))
    dlg = ImportPreviewDialog(preview)
    qtbot.addWidget(dlg)
    assert dlg.problem_list.count() == 7
    assert dlg.problem_list.item(0).text().startswith("第8行：联系电话")
    assert dlg.good_table.rowCount() == 6
    assert dlg.import_button.text() == "只导入没问题的行（6 行）"

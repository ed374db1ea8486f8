"""The 转办单's readable number and transfer date; signature blocks never alone on a page; signature labels
that do not wrap."""

from __future__ import annotations

import re
from datetime import datetime
from io import BytesIO

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics

from heshi_station.ledger.transfer_numbers import transfer_number
from heshi_station.reports.pdf_base import ensure_font, signature_table
from heshi_station.reports.pdf_forms import transfer_slip_pdf, urge_slip_pdf
from tests.factories import LONG_MATTER, register, set_up_basics


def _pages(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(BytesIO(pdf)).pages]


def test_transfer_slip_number_is_station_year_sequence_with_the_transfer_date(ledger) -> None:
    b = set_up_basics(ledger)
    first = register(ledger, b, datetime(2026, 3, 2, 9).astimezone())
    second = register(ledger, b, datetime(2026, 3, 5, 9).astimezone(), phone="19900004321", opinions=2)
    numbers = [transfer_number(ledger, oid) for oid in (*first.opinion_ids, *second.opinion_ids)]
    assert [n.number for n in numbers] == ["T-01-2026-0001", "T-01-2026-0002", "T-01-2026-0003"]
    assert numbers[0].transferred_on.isoformat() == "2026-03-02"
    text = "".join(_pages(transfer_slip_pdf(ledger, second.opinion_ids[0])))
    assert "编号：T-01-2026-0002" in text
    assert "转办日期" in text and "2026年03月05日" in text
    # Printing again gives the same number.
    assert "编号：T-01-2026-0002" in "".join(_pages(transfer_slip_pdf(ledger, second.opinion_ids[0])))


def test_signature_block_never_stands_alone_on_a_page(ledger) -> None:
    b = set_up_basics(ledger)
    longest = 0
    for size in range(1, 7):  # contents of many lengths: some end right at a page break
        rec = register(
            ledger, b, datetime(2026, 8, size, 9).astimezone(), phone=f"1990000{size:04d}", matter=LONG_MATTER * size
        )
        oid = rec.opinion_ids[0]  # its content is the long matter: the field table runs over pages
        for make, last_label in ((transfer_slip_pdf, "办理要求"), (urge_slip_pdf, "督办意见")):
            pages = _pages(make(ledger, oid))
            longest = max(longest, len(pages))
            for page in pages:
                if "签收日期" in page:
                    assert last_label in page, (size, make.__name__, len(pages))
    assert longest >= 2  # the check above did meet slips running over a page


def test_signature_labels_do_not_wrap() -> None:
    width = A4[0] - 40 * 72 / 25.4
    table = signature_table(width)
    table.wrap(width, 200)
    for col, label in ((0, "经办人（签字）："), (2, "审核人（签字）："), (4, "日期：")):
        needed = pdfmetrics.stringWidth(label, ensure_font(), 11)
        assert table._colWidths[col] - 12 >= needed, label

"""Monthly register PDFs read back with pypdf: text of every row, header on every page, page size,
embedded subset font, masking in the text layer."""

from __future__ import annotations

import re
import shutil
import subprocess
from io import BytesIO

import pytest
from pypdf import PdfReader

from heshi_station.ledger import attendance, reference_data
from heshi_station.ledger.dto import StationInput
from heshi_station.reports.ledger_tables import LedgerKind, build_report
from heshi_station.reports.masking import mask_name, mask_phone
from heshi_station.reports.pdf_ledgers import render_report_pdf
from heshi_station.reports.pdf_register import layout_register
from tests.factories import month_of_receptions, set_up_basics


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pages_text(pdf: bytes) -> list[str]:
    return [_squash(p.extract_text()) for p in PdfReader(BytesIO(pdf)).pages]


def _fonts(pdf: bytes) -> list[tuple[str, object]]:
    out = []
    for page in PdfReader(BytesIO(pdf)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            f = ref.get_object()
            out.append((str(f["/BaseFont"]), f.get("/FontDescriptor")))
    return out


@pytest.fixture
def month(ledger):
    b = set_up_basics(ledger)
    recs = month_of_receptions(ledger, b, 2026, 10, 60)
    return b, recs


def test_reception_register_has_every_row_header_on_every_page_and_a4_landscape(ledger, month):
    _, recs = month
    report = build_report(ledger, LedgerKind.RECEPTION, 2026, 10, mask=False)
    pdf = render_report_pdf(report)
    pages = _pages_text(pdf)
    assert len(pages) >= 3
    for i, text in enumerate(pages, 1):
        assert "序号接待时间接待方式来访人联系电话" in text, f"page {i} lacks the column header"
        assert f"第{i}页共{len(pages)}页" in text
        assert "打印日期：2026年11月20日" in text
    assert "选民接待登记台账（2026年10月）" in pages[0]
    assert "测试街道代表联络站" in pages[0]
    everything = "".join(pages)
    for r in recs:
        assert _squash(r.matter) in everything, r.matter[:20]
        assert r.visitors[0].phone in everything
    assert "经办人（签字）" in pages[-1] and "审核人（签字）" in pages[-1]
    for page in PdfReader(BytesIO(pdf)).pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(w), round(h)) == (842, 595)


def test_font_is_embedded_as_subset_and_nothing_else_is_referenced(ledger, month):
    for kind in LedgerKind:
        pdf = render_report_pdf(build_report(ledger, kind, 2026, 10, mask=True))
        fonts = _fonts(pdf)
        assert fonts, kind
        for name, descriptor in fonts:
            assert re.fullmatch(r"/[A-Z]{6}\+WenQuanYiMicroHei", name), name
            assert descriptor is not None and "/FontFile2" in descriptor.get_object(), name
        assert b"Helvetica" not in pdf


def test_masking_removes_hidden_digits_and_names_from_text_layer(ledger, month):
    _, recs = month
    pdf = render_report_pdf(build_report(ledger, LedgerKind.RECEPTION, 2026, 10, mask=True))
    everything = "".join(_pages_text(pdf))
    assert "已隐去个人信息" in everything
    for r in recs:
        phone = r.visitors[0].phone
        assert phone not in everything
        assert mask_phone(phone) in everything  # 199****xxxx: the middle four digits are gone
        assert r.visitors[0].name not in everything
        assert mask_name(r.visitors[0].name) in everything
        if r.confidential:
            assert _squash(r.matter) not in everything
    assert "（保密）" in everything


def test_opinion_register_lists_every_opinion_with_unit_and_state(ledger, month):
    report = build_report(ledger, LedgerKind.OPINIONS, 2026, 10, mask=False)
    pdf = render_report_pdf(report)
    pages = _pages_text(pdf)
    everything = "".join(pages)
    assert len(report.main.rows) == 60
    for row in report.main.rows:
        assert _squash(row[4]) in everything
    assert "区交通运输局" in everything
    for text in pages:
        assert "意见建议内容" in text and "主办(协办)单位" in text


def test_a_matter_longer_than_a_page_is_split_not_cut(ledger):
    from tests.factories import register

    b = set_up_basics(ledger)
    giant = "".join(f"第{i}段：群众反映村道两侧排水沟堵塞，雨后路面积水，请求清淤。" for i in range(120))
    from datetime import datetime

    register(ledger, b, datetime(2026, 10, 3, 9, 0).astimezone(), matter=giant)
    register(ledger, b, datetime(2026, 10, 4, 9, 0).astimezone(), matter="短的一条")
    report = build_report(ledger, LedgerKind.RECEPTION, 2026, 10, mask=False)
    pdf = render_report_pdf(report)
    pages = _pages_text(pdf)
    layout = layout_register(report)
    assert len(pages) == len(layout.pages) >= 3
    assert all("反映问题" in pages[p.number - 1] for p in layout.pages if p.rows)
    parts = [(page.number, placed) for page in layout.pages for placed in page.rows if placed.source_index == 0]
    assert len(parts) >= 3 and [p.continued for _, p in parts] == [False] + [True] * (len(parts) - 1)
    # nothing lost or repeated: the pieces of the matter column put together are the matter itself
    assert "".join("".join(p.cells[7]) for _, p in parts) == giant
    for number, placed in parts:
        assert "".join(placed.cells[7]) in pages[number - 1]  # each piece printed on its page
    assert pages[parts[1][0] - 1].count("（续）") >= 1
    assert "短的一条" in "".join(pages)


def test_cells_never_overflow_their_column(ledger, month):
    from heshi_station.reports.pdf_register import FONT_SIZE, PAD_X, _Widths

    report = build_report(ledger, LedgerKind.OPINIONS, 2026, 10, mask=False)
    layout = layout_register(report)
    widths = _Widths("HeshiCJK")
    for page in layout.pages:
        for placed in page.rows:
            for i, lines in enumerate(placed.cells):
                room = layout.col_x[i + 1] - layout.col_x[i] - 2 * PAD_X
                for line in lines:
                    assert widths.text(line) * FONT_SIZE <= room + 0.01, line
                    assert not line.startswith(("，", "。", "、", "）")), line


def test_attendance_and_summary_registers(ledger, month):
    from datetime import date, time

    b, _ = month
    rd = attendance.plan_reception_day(ledger, date(2026, 10, 14), time(9), time(11, 30), "便民服务中心", b.deputies)
    attendance.record_attendance(
        ledger,
        b.deputies[0],
        date(2026, 10, 14),
        "present",
        arrived_at=time(9),
        left_at=time(11, 30),
        activities="接待群众，宣讲政策",
        reception_day_id=rd.id,
    )
    attendance.record_attendance(ledger, b.deputies[1], date(2026, 10, 14), "leave", leave_reason="外出参加培训")
    pages = _pages_text(render_report_pdf(build_report(ledger, LedgerKind.ATTENDANCE, 2026, 10, mask=True)))
    text = "".join(pages)
    assert "张三" in text and "接待群众，宣讲政策" in text and "外出参加培训" in text and "请假" in text
    summary = build_report(ledger, LedgerKind.SUMMARY, 2026, 10, mask=False)
    pdf = render_report_pdf(summary)
    page = PdfReader(BytesIO(pdf)).pages[0]
    assert float(page.mediabox.width) < float(page.mediabox.height)  # portrait
    text = "".join(_pages_text(pdf))
    assert "接待群众（批次）60" in text
    assert "道路交通60" in text


def test_empty_month_still_prints_a_register(ledger):
    reference_data.set_up_station(ledger, StationInput("X", "空站"))
    text = "".join(_pages_text(render_report_pdf(build_report(ledger, "reception", 2026, 9, mask=True))))
    assert "本月无记录" in text and "序号" in text and "经办人（签字）" in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) is not installed")
def test_pages_render_with_poppler(ledger, month, tmp_path):
    out = tmp_path / "r.pdf"
    render_report_pdf(build_report(ledger, "reception", 2026, 10, mask=True), out)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(out), str(tmp_path / "p")], check=True)
    png = next(tmp_path.glob("p*.png"))
    assert png.stat().st_size > 5000  # a page with a table and text, not a blank
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    body = fonts.splitlines()[2:]
    assert body and all(" yes yes yes " in line for line in body), fonts

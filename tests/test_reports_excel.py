"""Excel export of the monthly ledgers, and the export → import round trip into an empty ledger."""

from __future__ import annotations

from datetime import datetime

from openpyxl import load_workbook

from heshi_station.ledger.context import Ledger
from heshi_station.ledger.receptions import list_receptions
from heshi_station.reports.excel_export import export_report_xlsx
from heshi_station.reports.excel_import import preview_import
from heshi_station.reports.excel_import_writing import apply_import
from heshi_station.reports.ledger_tables import LedgerKind, build_report
from heshi_station.reports.masking import mask_phone
from tests.conftest import FIXED_NOW
from tests.factories import month_of_receptions, set_up_basics


def test_export_has_title_frozen_header_real_dates_numbers_and_widths(ledger, tmp_path):
    b = set_up_basics(ledger)
    recs = month_of_receptions(ledger, b, 2026, 10, 12)
    out = export_report_xlsx(build_report(ledger, LedgerKind.RECEPTION, 2026, 10, mask=False), tmp_path / "r.xlsx")
    ws = load_workbook(out).active
    assert ws["A1"].value == "选民接待登记台账（2026年10月）"
    assert "A1:K1" in {str(r) for r in ws.merged_cells.ranges}
    assert "测试街道代表联络站" in ws["A2"].value
    assert [c.value for c in ws[3]][:5] == ["序号", "接待时间", "接待方式", "来访人", "联系电话"]
    assert ws.freeze_panes == "A4"
    first = min(recs, key=lambda r: r.received_at)
    assert isinstance(ws["B4"].value, datetime)
    assert ws["B4"].value == first.received_at.replace(tzinfo=None)
    assert ws["B4"].number_format == "yyyy-mm-dd hh:mm"
    assert ws["A4"].value == 1 and isinstance(ws["G4"].value, int)
    assert ws["E4"].value == first.visitors[0].phone
    assert ws.column_dimensions["H"].width > ws.column_dimensions["A"].width * 3
    assert ws.page_setup.orientation == "landscape"


def test_masked_export_hides_digits(ledger, tmp_path):
    b = set_up_basics(ledger)
    recs = month_of_receptions(ledger, b, 2026, 10, 8)
    out = export_report_xlsx(build_report(ledger, "opinions", 2026, 10, mask=True), tmp_path / "o.xlsx")
    values = " ".join(str(c.value) for row in load_workbook(out).active.iter_rows() for c in row if c.value)
    for r in recs:
        assert r.visitors[0].phone not in values
        assert mask_phone(r.visitors[0].phone) in values
    assert "（保密）" in values


def test_summary_and_attendance_export(ledger, tmp_path):
    b = set_up_basics(ledger)
    month_of_receptions(ledger, b, 2026, 10, 5)
    out = export_report_xlsx(build_report(ledger, "summary", 2026, 10, mask=False), tmp_path / "s.xlsx")
    cells = [c.value for row in load_workbook(out).active.iter_rows() for c in row]
    assert "一、主要指标" in cells and "接待群众（批次）" in cells
    assert cells[cells.index("接待群众（批次）") + 1] == "5"


def test_round_trip_export_then_import_into_empty_ledger(ledger, tmp_path):
    b = set_up_basics(ledger)
    recs = month_of_receptions(ledger, b, 2026, 10, 30)
    out = export_report_xlsx(build_report(ledger, LedgerKind.RECEPTION, 2026, 10, mask=False), tmp_path / "r.xlsx")

    empty = Ledger.open(tmp_path / "empty.sqlite3", clock=lambda: FIXED_NOW, actor="导入")
    try:
        preview = preview_import(empty, out)
        assert preview.problems == [] and len(preview.rows) == 30 and not preview.as_opinions
        result = apply_import(empty, preview)
        assert result.added == 30 and result.failed == ()
        got = sorted(list_receptions(empty), key=lambda r: r.received_at)
        want = sorted(recs, key=lambda r: r.received_at)
        for g, w in zip(got, want, strict=True):
            assert g.received_at == w.received_at
            assert g.matter == w.matter
            assert g.way == w.way
            assert [v.name for v in g.visitors] == [v.name for v in w.visitors]
            assert g.visitors[0].phone == w.visitors[0].phone
            assert g.visitors[0].village == w.visitors[0].village
            assert g.people == w.people
        # the same file again adds nothing
        again = preview_import(empty, out)
        assert again.rows == [] and len(again.already_imported) == 30
        assert apply_import(empty, again).added == 0
        assert len(list_receptions(empty)) == 30
    finally:
        empty.close()

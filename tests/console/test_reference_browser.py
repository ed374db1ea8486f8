"""基础数据 and 月报 in a real browser (Debian's Chromium through Playwright) against a real centre process,
with a real station ledger pulling the roster through ``heshi-station sync``. Screenshots at 1366×768 go
to ``HESHI_CONSOLE_SHOTS`` (or the test's temporary folder)."""

from __future__ import annotations

import io
from datetime import timedelta

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from heshi_centre.models import CentreDeputy
from heshi_station.ledger import reference_data
from tests.conftest import FIXED_NOW
from tests.console.helpers import make_user, uid
from tests.console.test_console_browser import browser, log_in, shots  # noqa: F401 (fixtures)
from tests.factories import register, set_up_basics
from tests.sync.helpers import connect_station
from tests.sync.station_proc import run_sync_process


def test_roster_upload_bad_then_good_reaches_the_station(browser, own_centre, ledger, db_path, shots, tmp_path):  # noqa: F811
    centre = own_centre
    code = f"T-{uid()}"
    basics = set_up_basics(ledger, code)
    register(ledger, basics, FIXED_NOW - timedelta(days=2), matter="小区路灯不亮")
    st = connect_station(ledger, db_path, centre.factory, centre.url, code)
    assert run_sync_process(db_path, code, st.token).returncode == 0
    before = {d.name for d in reference_data.list_deputies(ledger)}

    page = log_in(browser, centre, make_user(centre.factory, "市中心管理员"))
    page.click("header nav >> text=基础数据")
    page.wait_for_selector("#upload")
    shots(page, "20-基础数据")

    with page.expect_download() as download_info:
        page.click("#templates a[data-kind=roster]")
    template = tmp_path / "template.xlsx"
    download_info.value.save_as(template)
    wb = load_workbook(template)
    lists = [dv for dv in wb["数据"].data_validations.dataValidation if dv.type == "list"]
    assert any(dv.formula1 == "'可选值'!$A$2:$A$6" for dv in lists), "代表层级 drop-down"
    assert [r[0] for r in wb["可选值"].iter_rows(min_row=2, max_row=6, values_only=True)] == [
        "全国", "省", "市", "县(区)", "乡(镇)"
    ]  # fmt: skip
    assert "说明" in wb.sheetnames

    u = uid()
    data = wb["数据"]
    data.append([f"浏览器代表甲{u}", "市级", "男", "第三选区", "", "是"])
    data.append([f"浏览器代表乙{u}", "村级", "女", "", "", ""])  # bad level
    data.append([f"浏览器代表丙{u}", "区级", "", "", "", ""])
    bad = tmp_path / "名单-有错.xlsx"
    wb.save(bad)
    page.select_option("select[name=kind]", "roster")
    page.select_option("select[name=station]", code)
    page.set_input_files("input[name=file]", str(bad))
    page.click("#upload button[type=submit]")
    page.wait_for_selector("#problems")
    problems = page.locator("#problems").inner_text()
    assert "3" in problems and "代表层级" in problems and "村级" in problems
    assert "未导入任何数据" in page.locator("#report-summary").inner_text()
    shots(page, "21-基础数据-有错的名单")
    with centre.factory() as s:
        assert not s.scalars(select(CentreDeputy).where(CentreDeputy.name.like(f"%{u}"))).all(), "nothing loaded"

    data.cell(row=3, column=2, value="乡镇")
    good = tmp_path / "名单.xlsx"
    wb.save(good)
    page.select_option("select[name=kind]", "roster")
    page.select_option("select[name=station]", code)
    page.set_input_files("input[name=file]", str(good))
    page.click("#upload button[type=submit]")
    page.wait_for_selector("text=代表名单已导入：共 3 行，3 条有变化")
    assert page.locator("#problems").count() == 0
    shots(page, "22-基础数据-已导入")

    assert run_sync_process(db_path, code, st.token).returncode == 0
    pulled = {d.name: d.level for d in reference_data.list_deputies(ledger) if d.name not in before}
    assert pulled == {f"浏览器代表甲{u}": "city", f"浏览器代表乙{u}": "township", f"浏览器代表丙{u}": "county"}

    page.click("header nav >> text=月报")
    page.wait_for_selector("#report-form")
    page.fill("input[name=month]", "2026-11")
    shots(page, "23-月报")
    with page.expect_download() as pdf_info:
        page.click("#report-form button[type=submit]")
    pdf = tmp_path / "月报.pdf"
    pdf_info.value.save_as(pdf)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "全市人大代表联络站工作月报" in text and "2026年11月" in text

"""The console in a real browser: Playwright for Python driving Debian's Chromium (headless), against a
real centre process. Every page is photographed at 1366×768 (``HESHI_CONSOLE_SHOTS`` keeps them)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from heshi_station.ledger import opinions
from heshi_station.ledger.queries import OpinionFilter, list_opinions
from tests.conftest import FIXED_NOW
from tests.console.helpers import PASSWORD, make_user, seed_station, uid
from tests.factories import register, set_up_basics
from tests.sync.helpers import connect_station
from tests.sync.station_proc import run_sync_process

CHROMIUM = os.environ.get("HESHI_CHROMIUM", "/usr/bin/chromium")
VIEWPORT = {"width": 1366, "height": 768}


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not installed at {CHROMIUM} (.ci/run installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield b
        b.close()


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("HESHI_CONSOLE_SHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=False)
        assert path.stat().st_size > 5000, "a blank page photographs to almost nothing"
        return path

    return take


def log_in(browser, centre, name: str):
    page = browser.new_context(viewport=VIEWPORT, locale="zh-CN").new_page()
    page.goto(f"{centre.url}/console/")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def test_each_role_in_the_browser(browser, centre, shots):
    d1, d2, u1, u2 = f"甲区{uid()}", f"乙区{uid()}", f"交通局{uid()}", f"水利局{uid()}"
    word = uid()
    a = seed_station(centre.factory, district=d1, unit=u1, contents=[f"{word} 村口路灯不亮", f"{word} 道路积水"])
    b = seed_station(centre.factory, district=d2, unit=u2, contents=[f"{word} 灌溉水渠淤塞"])

    anonymous = browser.new_context(viewport=VIEWPORT).new_page()
    anonymous.goto(f"{centre.url}/console/opinions")
    assert anonymous.url.endswith("/console/login") and anonymous.locator("h1").inner_text() == "登录"
    shots(anonymous, "01-登录")

    admin = log_in(browser, centre, make_user(centre.factory, "市中心管理员"))
    admin.fill("input[name=q]", word)
    admin.click("form.filters button[type=submit]")
    admin.wait_for_selector("text=共 3 条")
    text = admin.locator("#opinions").inner_text()
    assert "村口路灯不亮" in text and "灌溉水渠淤塞" in text
    shots(admin, "02-意见跟踪-管理员")
    admin.fill("input[name=q]", f"{word} 路灯")  # a two-character term, through htmx
    admin.click("form.filters button[type=submit]")
    admin.wait_for_selector("text=共 1 条")
    admin.click("#opinions a")
    admin.wait_for_selector("#history")
    assert "转办" in admin.locator("#history").inner_text()
    shots(admin, "03-意见详情")
    admin.click("text=联络站")
    admin.wait_for_selector("#stations")
    assert a.code in admin.locator("#stations").inner_text() and admin.locator("#add-station").count() == 1
    shots(admin, "04-联络站-管理员")
    admin.click("text=全市概览")
    admin.wait_for_selector("#overview")
    assert "全市" in admin.locator("#overview tr.total").inner_text()
    assert admin.locator("#definitions").inner_text().count("\n") >= 9, "each figure with its definition"
    shots(admin, "04b-全市概览")

    district = log_in(browser, centre, make_user(centre.factory, "县区人大", district=d1))
    district.goto(f"{centre.url}/console/opinions?q={word}")
    text = district.locator("#opinions").inner_text()
    assert "村口路灯不亮" in text and "灌溉水渠淤塞" not in text
    district.goto(f"{centre.url}/console/stations")
    assert a.code in district.locator("#stations").inner_text() and b.code not in district.content()
    assert district.locator("#add-station").count() == 0, "only the city office registers stations"
    shots(district, "05-联络站-县区人大")
    district.goto(f"{centre.url}/console/opinions/{a.code}/{a.opinion_ids[0]}")
    assert district.locator("#urge-form").count() == 1, "a district supervises its own opinions"
    shots(district, "05b-意见详情-县区人大督办")

    unit = log_in(browser, centre, make_user(centre.factory, "承办单位", unit=u2))
    assert unit.url.endswith("/console/inbox")
    assert "灌溉水渠淤塞" in unit.locator("#inbox").inner_text() and "路灯" not in unit.locator("#inbox").inner_text()
    assert unit.locator("header nav").inner_text().split() == ["待办意见", "本单位意见"]
    shots(unit, "06-待办意见-承办单位")
    response = unit.goto(f"{centre.url}/console/opinions/{a.code}/{a.opinion_ids[0]}")
    assert response.status == 404 and "无权查看" in unit.content()
    response = unit.goto(f"{centre.url}/console/stations")
    assert response.status == 403

    reader = log_in(browser, centre, make_user(centre.factory, "只读"))
    reader.goto(f"{centre.url}/console/opinions/{b.code}/{b.opinion_ids[0]}")
    assert reader.locator("#actions").count() == 0, "read-only sees no handling forms"
    shots(reader, "07-意见详情-只读")


def test_a_form_without_its_csrf_token_is_refused_in_the_browser(browser, centre, shots):
    admin = log_in(browser, centre, make_user(centre.factory, "市中心管理员"))
    admin.goto(f"{centre.url}/console/stations")
    code = f"N-{uid()}"
    admin.fill("#add-station input[name=code]", code)
    admin.fill("#add-station input[name=name]", "没有校验码的联络站")
    admin.evaluate("document.querySelector('#add-station input[name=csrf_token]').remove()")
    with admin.expect_navigation() as nav:
        admin.click("#add-station button[type=submit]")
    assert nav.value.status == 403 and "安全校验码" in admin.locator(".error").inner_text()
    shots(admin, "08-缺少校验码被拒绝")
    admin.goto(f"{centre.url}/console/stations")
    assert code not in admin.locator("#stations").inner_text()
    # With the token the same form works, and a token issued here is shown once.
    admin.fill("#add-station input[name=code]", code)
    admin.fill("#add-station input[name=name]", "新登记联络站")
    admin.click("#add-station button[type=submit]")
    admin.wait_for_selector(f"text=已登记联络站 {code}")
    admin.locator("#stations tr", has_text=code).locator("text=签发新令牌").click()
    admin.wait_for_selector("#new-token")
    assert len(admin.locator("#new-token").inner_text().strip()) >= 40
    shots(admin, "09-签发令牌")
    admin.goto(f"{centre.url}/console/stations")
    assert admin.locator("#new-token").count() == 0


def test_a_units_reply_reaches_the_station_ledger_after_sync(browser, own_centre, ledger, db_path, shots):
    centre = own_centre  # units are matched by name: this station's 区交通运输局 must be the only one
    code = f"T-{uid()}"
    basics = set_up_basics(ledger, code)
    register(ledger, basics, FIXED_NOW - timedelta(days=2), matter="村口道路坑洼不平，雨天积水")
    st = connect_station(ledger, db_path, centre.factory, centre.url, code)
    first = run_sync_process(db_path, code, st.token)
    assert first.returncode == 0, first.stderr
    opinion_id = list_opinions(ledger, OpinionFilter(states=["transferred"]), limit=5)[0].id

    unit = log_in(browser, centre, make_user(centre.factory, "承办单位", unit="区交通运输局"))
    assert "村口道路坑洼不平" in unit.locator("#inbox").inner_text()
    unit.click("#inbox a")
    unit.wait_for_selector("#actions")
    shots(unit, "10-承办单位-签收前")
    unit.click("#actions button:has-text('签收')")
    unit.wait_for_selector("text=已签收")
    unit.fill("#reply-form textarea[name=reply]", "已安排施工队修复路面并疏通排水沟")
    unit.click("#reply-form button[type=submit]")
    unit.wait_for_selector("text=已办理答复")
    assert "已答复待反馈" in unit.locator("#state").inner_text()
    shots(unit, "11-承办单位-已答复")

    second = run_sync_process(db_path, code, st.token)
    assert second.returncode == 0, second.stderr

    record = opinions.get_opinion(ledger, opinion_id)
    assert record.state == "replied" and record.reply == "已安排施工队修复路面并疏通排水沟"

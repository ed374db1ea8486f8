"""月报 against the real centre process: the PDF read back with pypdf carries the figures of the seeded
stations (counted here from what was seeded, not from the centre's queries), role scoping, page furniture
and the embedded font."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from tests.console.helpers import Client, logged_in, make_user, seed_station, uid


def _text(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, "\n".join(p.extract_text() for p in reader.pages)


def test_the_monthly_report_pdf_carries_the_figures_of_the_users_scope(centre):
    district, other = f"甲{uid()[:3]}", f"乙{uid()[:3]}"  # short: a station's name stays on one line in its cell
    a = seed_station(
        centre.factory, district=district, unit=f"单位{uid()}", contents=["路灯不亮", "垃圾清运", "停车难"]
    )
    b = seed_station(centre.factory, district=district, unit=f"单位{uid()}", contents=["噪音扰民"])
    elsewhere = seed_station(centre.factory, district=other, unit=f"单位{uid()}", contents=["积水"])
    # Seeded per station (tests/console/helpers.seed_station): one reception of 2 people on 2026-11-02, and
    # every opinion registered and transferred that day.
    expected = {a.code: (1, 2, 3, 3), b.code: (1, 2, 1, 1)}

    client = logged_in(centre, make_user(centre.factory, "县区人大", district=district))
    page = client.get("/report")
    assert page.status_code == 200 and 'id="report-form"' in page.text
    r = client.get("/report?month=2026-11")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert "attachment" in r.headers["content-disposition"]
    reader, text = _text(r.content)
    flat = re.sub(r"\s+", " ", text)
    assert f"{district}人大代表联络站工作月报" in flat and "2026年11月" in flat
    assert "生成日期" in flat and re.search(r"第 1 页\s+共 \d+ 页", text)
    assert other not in flat and elsewhere.code[-4:] not in flat, "a district's report holds only its district"
    tokens = text.split()  # pypdf gives each table cell on its own line

    def cells_after(label_end: str) -> list[str]:
        at = next(i for i, t in enumerate(tokens) if t.endswith(label_end))
        return tokens[at + 1 : at + 10]

    for code, (receptions, people, opinions, transferred) in expected.items():
        # 进站代表 0 (no roster), 接待次数, 接待群众, 收集意见, 转办, 办结 0, 已反馈 0, 按期办结率 —, 满意率 —.
        want = ["0", str(receptions), str(people), str(opinions), str(transferred), "0", "0", "—", "—"]
        assert cells_after(code[-4:]) == want, code
    assert cells_after(f"{district}合计") == ["0", "2", "4", "4", "4", "0", "0", "—", "—"]
    assert "接待 2 次、群众 4 人次，收集意见 4 件，转办 4 件" in flat
    assert "填报单位（盖章）" in flat and "指标口径" in flat
    last = reader.pages[-1].extract_text()
    assert "填报单位" in last and "指标口径" in last, "the signature block is not alone on its page"
    fonts = set()
    for p in reader.pages:
        for f in p["/Resources"]["/Font"].values():
            fonts.add(f.get_object()["/BaseFont"])
    assert fonts and all(re.match(r"/[A-Z]{6}\+", f) for f in fonts), f"only the embedded subset font: {fonts}"
    assert reader.pages[0].mediabox.width == 595.2756 or round(float(reader.pages[0].mediabox.width)) == 595

    figures = client.get("/api/report?month=2026-11").json()
    assert figures["scope"] == district and figures["total"]["opinions"] == 4

    city = logged_in(centre, make_user(centre.factory, "市中心管理员")).get("/report?month=2026-11")
    _, city_text = _text(city.content)
    assert "全市人大代表联络站工作月报" in city_text and other in city_text and district in city_text


def test_refusals(centre):
    unit = logged_in(centre, make_user(centre.factory, "承办单位", unit=f"单位{uid()}"))
    assert unit.get("/report?month=2026-11").status_code == 403
    assert unit.get("/api/report?month=2026-11").status_code == 403
    admin = logged_in(centre, make_user(centre.factory, "市中心管理员"))
    bad = admin.get("/report?month=2026-13")
    assert bad.status_code == 400 and "月份应写成 2026-11" in bad.text
    assert admin.get("/api/report?month=11月").status_code == 400
    assert Client(centre.url).get("/report?month=2026-11").status_code == 303, "no report without login"

"""The bundled CJK font is a real TrueType file reportlab can embed (the PDF ledgers need it)."""

from __future__ import annotations

from reportlab.pdfbase.ttfonts import TTFont

from heshi_station.fonts import cjk_font_path


def test_bundled_font_is_a_truetype_file_with_chinese_glyphs() -> None:
    path = cjk_font_path()
    assert path.suffix == ".ttf"
    assert (path.parent / "wqy-microhei-LICENSE.txt").is_file()
    font = TTFont("wqy-test", str(path))
    # 联 and 站 must map to glyphs (not .notdef) so Chinese never prints as boxes.
    assert ord("联") in font.face.charToGlyph
    assert ord("站") in font.face.charToGlyph

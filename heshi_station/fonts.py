"""The bundled CJK font (WenQuanYi Micro Hei, Apache-2.0), for the window and for PDF ledgers. No Qt here.

Guarantee: ``cjk_font_path()`` names a TrueType (.ttf, not .ttc) file that both Qt and reportlab can load;
it raises ``FileNotFoundError`` naming the full path when the resources folder lacks it.
"""

from __future__ import annotations

from pathlib import Path

from heshi_station.resources import resources_dir

#: The family name the font declares (what Qt and fontconfig call it).
CJK_FONT_FAMILY = "WenQuanYi Micro Hei"


def cjk_font_path() -> Path:
    """Path of the bundled CJK TrueType font, ``resources/fonts/wqy-microhei.ttf``."""
    path = resources_dir() / "fonts" / "wqy-microhei.ttf"
    if not path.is_file():
        raise FileNotFoundError(f"找不到内置中文字体文件：{path}")
    return path

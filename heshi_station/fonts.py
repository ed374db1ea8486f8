"""The bundled CJK font (文泉驿微米黑, Apache-2.0) used on screen and in every printed ledger.

Bundling it means a PDF made on one PC prints identically on any other, and the window looks the same on
Windows, UOS and Kylin. The font file lives at ``resources/fonts/wqy-microhei.ttf`` (licence beside it).
"""

from __future__ import annotations

from pathlib import Path

from heshi_station.resources import resources_dir

CJK_FONT_FILE = "wqy-microhei.ttf"


def cjk_font_path() -> Path:
    """Path of the bundled TrueType CJK font (not checked for existence: a missing file names itself when opened)."""
    return resources_dir() / "fonts" / CJK_FONT_FILE


#: The family name the font declares (what Qt and fontconfig call it).
CJK_FONT_FAMILY = "WenQuanYi Micro Hei"

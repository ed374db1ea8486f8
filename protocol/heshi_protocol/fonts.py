"""Where the one CJK font (文泉驿微米黑, ``resources/fonts/wqy-microhei.ttf``) is, for whoever prints.

The station bundles the font in its ``resources/`` folder (``heshi_station.fonts``); the centre prints its
月报 with the same file and must not import the station nor carry a second copy of the font. This module
is the centre's way to the same file. Lookup order, first existing file wins:

1. ``$HESHI_CJK_FONT`` — a font file named outright (a centre deployed from wheels points it at the
   station's ``resources/fonts/wqy-microhei.ttf`` or at Debian's ``fonts-wqy-microhei``);
2. ``$HESHI_RESOURCES/fonts/wqy-microhei.ttf`` — the same override the station honours;
3. ``<repository root>/resources/fonts/wqy-microhei.ttf`` — a source checkout / uv workspace (how the
   centre runs today: ``uv run heshi-centre serve``);
4. the system's copy of the same font (Debian/UOS/Kylin package ``fonts-wqy-microhei``).

Guarantee: :func:`cjk_font_path` returns an existing file or raises :class:`FontMissing` whose message
says where it looked and how to point at the font.
"""

from __future__ import annotations

import os
from pathlib import Path

from heshi_protocol.errors import UserFacingError

CJK_FONT_FILE = "wqy-microhei.ttf"
FONT_ENV_VAR = "HESHI_CJK_FONT"
RESOURCES_ENV_VAR = "HESHI_RESOURCES"
SYSTEM_FONTS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc"),
)


class FontMissing(UserFacingError):
    """No copy of the CJK font was found; nothing can be printed."""


def candidates() -> list[Path]:
    """Every place looked at, in order."""
    out: list[Path] = []
    if named := os.environ.get(FONT_ENV_VAR):
        out.append(Path(named).expanduser())
    if resources := os.environ.get(RESOURCES_ENV_VAR):
        out.append(Path(resources).expanduser() / "fonts" / CJK_FONT_FILE)
    # protocol/heshi_protocol/fonts.py → the repository root is two folders above the package.
    out.append(Path(__file__).resolve().parents[2] / "resources" / "fonts" / CJK_FONT_FILE)
    out.extend(SYSTEM_FONTS)
    return out


def cjk_font_path() -> Path:
    """The first existing copy of the font; raises :class:`FontMissing` when there is none."""
    looked = candidates()
    for path in looked:
        if path.is_file():
            return path
    raise FontMissing(
        f"找不到打印用的中文字体文件 {CJK_FONT_FILE}（查找过：{'；'.join(str(p) for p in looked)}）。"
        f"请设置环境变量 {FONT_ENV_VAR} 指向该字体文件，或安装 fonts-wqy-microhei。"
    )

"""The window's one look: palette, stylesheet (``resources/style/heshi.qss``), page-list icons, deadline colours.

Guarantees:
- ``apply_theme`` gives the whole application the Fusion style, a matching QPalette and the one stylesheet,
  filled in from a palette (``NORMAL`` or ``HIGH_CONTRAST``); calling it again switches the look at once;
- every text/background pair the stylesheet uses (``TEXT_PAIRS``) has a WCAG contrast ratio ≥ 4.5 in the
  normal palette and ≥ 7 in the high-contrast one (tests/ui/test_theme.py checks it);
- deadlines look the same wherever they are shown: ``deadline_tone`` maps an overdue level to ``"soon"``
  (即将到期/今日到期, amber) or ``"late"`` (已超期/严重超期, red); labels and buttons carry it as the dynamic
  property ``deadline`` the stylesheet colours, table models use ``deadline_brushes``;
- ``page_icon`` returns the page list's icon (Lucide, ISC licence, in ``resources/icons/pages``), or an
  empty icon when the file is missing, never an error.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, fields
from string import Template

from PySide6.QtGui import QBrush, QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from heshi_station.resources import resources_dir

log = logging.getLogger(__name__)

STYLESHEET_FILE = "heshi.qss"


@dataclass(frozen=True)
class Palette:
    window: str  # page background
    base: str  # input fields, tables, cards
    text: str
    muted: str  # secondary text (card captions, last month's figure)
    border: str
    accent: str  # page list selection, default buttons, headings
    accent_text: str
    hover: str
    alternate: str  # alternate table rows
    soon_text: str  # 即将到期 / 今日到期
    soon_back: str
    late_text: str  # 已超期 / 严重超期
    late_back: str
    notice_back: str
    notice_border: str
    error: str


NORMAL = Palette(
    window="#f3f5f8",
    base="#ffffff",
    text="#1b1f24",
    muted="#4e5968",
    border="#b9c3cf",
    accent="#1d4f7a",
    accent_text="#ffffff",
    hover="#e3ecf5",
    alternate="#f6f8fb",
    soon_text="#6b4300",
    soon_back="#ffecb8",
    late_text="#9b0019",
    late_back="#fde0e3",
    notice_back="#fff6dc",
    notice_border="#c28a00",
    error="#b00020",
)

HIGH_CONTRAST = Palette(
    window="#ffffff",
    base="#ffffff",
    text="#000000",
    muted="#000000",
    border="#000000",
    accent="#002b55",
    accent_text="#ffffff",
    hover="#d6e6ff",
    alternate="#ffffff",
    soon_text="#000000",
    soon_back="#ffd24d",
    late_text="#ffffff",
    late_back="#8c0015",
    notice_back="#ffffff",
    notice_border="#000000",
    error="#8c0015",
)

#: (foreground, background) field pairs that appear as text on a background in the stylesheet.
TEXT_PAIRS = (
    ("text", "window"),
    ("text", "base"),
    ("text", "alternate"),
    ("text", "hover"),
    ("muted", "base"),
    ("muted", "window"),
    ("accent", "base"),
    ("accent_text", "accent"),
    ("soon_text", "soon_back"),
    ("late_text", "late_back"),
    ("text", "notice_back"),
    ("error", "base"),
    ("error", "window"),
)

_current: Palette = NORMAL


def current_palette() -> Palette:
    return _current


def _luminance(colour: str) -> float:
    c = QColor(colour)

    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast_ratio(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two colours (1 … 21)."""
    a, b = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def stylesheet(palette: Palette) -> str:
    """The application stylesheet with the palette's colours filled in."""
    text = (resources_dir() / "style" / STYLESHEET_FILE).read_text(encoding="utf-8")
    return Template(text).substitute({f.name: getattr(palette, f.name) for f in fields(palette)})


def qpalette(palette: Palette) -> QPalette:
    """A QPalette for what the stylesheet does not cover (Qt's own dialogs, tool tips, item views)."""
    p = QPalette()
    role = QPalette.ColorRole
    for r, colour in (
        (role.Window, palette.window),
        (role.WindowText, palette.text),
        (role.Base, palette.base),
        (role.AlternateBase, palette.alternate),
        (role.Text, palette.text),
        (role.Button, palette.base),
        (role.ButtonText, palette.text),
        (role.Highlight, palette.accent),
        (role.HighlightedText, palette.accent_text),
        (role.ToolTipBase, palette.base),
        (role.ToolTipText, palette.text),
        (role.PlaceholderText, palette.muted),
        (role.Link, palette.accent),
    ):
        p.setColor(r, QColor(colour))
    return p


def apply_theme(app: QApplication, *, high_contrast: bool = False) -> None:
    """Give the whole application the one look (normal or high contrast)."""
    global _current
    _current = HIGH_CONTRAST if high_contrast else NORMAL
    app.setStyle("Fusion")  # the same widgets on Windows 7 … 11 and every Linux desktop
    app.setPalette(qpalette(_current))
    try:
        app.setStyleSheet(stylesheet(_current))
    except (OSError, KeyError, ValueError) as exc:
        # A damaged install still opens the ledger, with Qt's plain look.
        log.error("界面样式表无法加载：%s", exc)
    app.setProperty("heshi_high_contrast", high_contrast)


def deadline_tone(level: str | None) -> str:
    """``"soon"`` (amber), ``"late"`` (red) or ``""`` for an overdue level value."""
    if level in ("due_soon", "due_today"):
        return "soon"
    if level in ("overdue", "long_overdue"):
        return "late"
    return ""


def deadline_brushes(level: str | None) -> tuple[QBrush, QBrush] | None:
    """(foreground, background) brushes for a table cell showing a deadline at ``level``; None for no colour."""
    tone = deadline_tone(level)
    if not tone:
        return None
    p = _current
    fg, bg = (p.soon_text, p.soon_back) if tone == "soon" else (p.late_text, p.late_back)
    return QBrush(QColor(fg)), QBrush(QColor(bg))


def mark_deadline(widget: QWidget, level: str | None) -> None:
    """Colour a label or button by deadline level through the stylesheet (property ``deadline``)."""
    tone = deadline_tone(level)
    if widget.property("deadline") == tone:
        return
    widget.setProperty("deadline", tone)
    style = widget.style()
    style.unpolish(widget)  # Qt re-reads dynamic properties only on re-polish
    style.polish(widget)


def page_icon(key: str) -> QIcon:
    path = resources_dir() / "icons" / "pages" / f"{key}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()

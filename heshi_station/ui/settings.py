"""Window preferences kept on this PC (QSettings): font size, language, high contrast, window geometry, last ledger.

These are per-PC preferences, not ledger data, so they live in QSettings rather than the ledger file.
Every getter returns a valid value even when the stored one is missing or garbage.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "heshi-station"
APPLICATION = "heshi-station"
DEMO_APPLICATION = APPLICATION + "-demo"  # the demo's own preferences: trying things never changes the real ones
DEMO_PROPERTY = "heshi_demo"  # set on the QApplication while the window shows the demo ledger


def preferences_application() -> str:
    """The QSettings application name of the preferences in use: the demo's own while the demo is open."""
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    return DEMO_APPLICATION if app is not None and app.property(DEMO_PROPERTY) else APPLICATION


FONT_PERCENT_CHOICES = (100, 110, 125, 150)


class UiSettings:
    def __init__(self, settings: QSettings | None = None) -> None:
        self.qsettings = settings or QSettings(ORGANISATION, APPLICATION)

    # -- font size ------------------------------------------------------------------------------
    def font_percent(self) -> int:
        try:
            value = int(self.qsettings.value("ui/font_percent", 100))
        except (TypeError, ValueError):
            value = 100
        return max(100, min(150, value))

    def set_font_percent(self, value: int) -> None:
        self.qsettings.setValue("ui/font_percent", max(100, min(150, int(value))))

    # -- language -------------------------------------------------------------------------------
    def language(self) -> str:
        value = str(self.qsettings.value("ui/language", "zh_CN"))
        return value if value in ("zh_CN", "en") else "zh_CN"

    def set_language(self, value: str) -> None:
        self.qsettings.setValue("ui/language", value)

    # -- high contrast ------------------------------------------------------------------------
    def high_contrast(self) -> bool:
        return str(self.qsettings.value("ui/high_contrast", "false")).lower() in ("true", "1")

    def set_high_contrast(self, value: bool) -> None:
        self.qsettings.setValue("ui/high_contrast", "true" if value else "false")

    # -- window geometry ------------------------------------------------------------------------
    def geometry(self) -> QByteArray | None:
        value = self.qsettings.value("ui/geometry")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, value: QByteArray) -> None:
        self.qsettings.setValue("ui/geometry", value)

    def last_page(self) -> str:
        return str(self.qsettings.value("ui/last_page", "today"))

    def set_last_page(self, key: str) -> None:
        self.qsettings.setValue("ui/last_page", key)

    def sync(self) -> None:
        self.qsettings.sync()

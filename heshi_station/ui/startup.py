"""Process-wide setup of the window: log file, exception hook, CJK font, translations.

Guarantees:
- ``configure_logging`` writes to a rotating file ``heshi-station.log`` in ``paths.log_dir()``
  (1 MB x 5 files); calling it twice adds no second handler;
- ``install_exception_hook`` makes every uncaught exception on the GUI thread go to that log with its
  traceback and shows the clerk a Chinese message instead of the program vanishing;
- ``ensure_cjk_font`` loads the bundled WenQuanYi Micro Hei when the system has no font that writes
  Simplified Chinese, so Chinese never renders as empty boxes;
- ``install_translator`` loads ``resources/i18n/heshi_<lang>.qm`` for a language other than zh_CN
  (the source strings are Simplified Chinese);
- ``install_qt_translator`` loads Qt's own ``qtbase_zh_CN`` so Qt's dialogs (file, print, message-box
  buttons 确定/取消/是/否) speak Chinese when the window does;
- ``install_wheel_guard`` stops the mouse wheel from changing a combo box or spin box the clerk did not
  click into: the wheel scrolls the page instead.
"""

from __future__ import annotations

import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QObject, Qt, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QMessageBox, QWidget

from heshi_station import paths
from heshi_station.fonts import CJK_FONT_FAMILY, cjk_font_path
from heshi_station.private_files import PrivateRotatingFileHandler
from heshi_station.resources import resources_dir
from heshi_station.ui.ui_context import friendly_message

log = logging.getLogger(__name__)

LOG_FILE_NAME = "heshi-station.log"
SUPPORTED_LANGUAGES = {"zh_CN": "简体中文", "en": "English"}


def configure_logging(folder: Path | None = None) -> Path:
    """Send the app's log records to the rotating log file (in ``folder``, default ``paths.log_dir()``;
    the demo passes its own folder so its log never mixes with the real ledger's); returns its path."""
    folder = folder or paths.log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE_NAME
    root = logging.getLogger()
    if not any(isinstance(h, RotatingFileHandler) and Path(h.baseFilename) == path for h in root.handlers):
        handler = PrivateRotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def handle_uncaught(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Log the traceback and tell the clerk in Chinese; the window stays open."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    log.error("未处理的异常：\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
    if QApplication.instance() is not None:
        QMessageBox.critical(
            None,
            QCoreApplication.translate("Startup", "程序出错"),
            friendly_message(exc)
            + "\n\n"
            + QCoreApplication.translate("Startup", "已保存的台账不受影响。日志文件：")
            + str(paths.log_dir() / LOG_FILE_NAME),
        )


def install_exception_hook() -> None:
    sys.excepthook = handle_uncaught


def system_has_cjk_font() -> bool:
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def ensure_cjk_font(app: QApplication, *, force_bundled: bool = False) -> str:
    """Make sure Chinese renders; returns the family the application font now uses."""
    family = app.font().family()
    if force_bundled or not system_has_cjk_font():
        font_id = QFontDatabase.addApplicationFont(str(cjk_font_path()))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if not families:
            log.error("无法加载内置中文字体：%s", cjk_font_path())
            return family
        family = families[0]
        font = app.font()
        font.setFamily(family)
        app.setFont(font)
        log.info("系统没有中文字体，已使用内置字体 %s", family)
    return family


def apply_font_scale(app: QApplication, percent: int, base_point_size: float) -> None:
    """Scale the application font to ``percent`` (100–150) of the platform's base size."""
    percent = max(100, min(150, int(percent)))
    font = QFont(app.font())
    font.setPointSizeF(base_point_size * percent / 100)
    app.setFont(font)


def translations_dir() -> Path:
    return resources_dir() / "i18n"


def install_translator(app: QApplication, language: str) -> QTranslator | None:
    """Load the translation for ``language``; zh_CN (the source language) needs none."""
    if language == "zh_CN" or language not in SUPPORTED_LANGUAGES:
        return None
    translator = QTranslator(app)
    qm = translations_dir() / f"heshi_{language}.qm"
    if not translator.load(str(qm)):
        log.warning("找不到界面翻译文件：%s", qm)
        return None
    app.installTranslator(translator)
    return translator


def install_qt_translator(app: QApplication, language: str) -> QTranslator | None:
    """Qt's own texts in Chinese (qtbase_zh_CN from the Qt installation, also kept in the frozen build)."""
    if language != "zh_CN":
        return None  # Qt's own texts are English already
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load("qtbase_zh_CN", folder):
        log.warning("找不到 Qt 的中文翻译（qtbase_zh_CN.qm）：%s", folder)
        return None
    app.installTranslator(translator)
    return translator


class WheelGuard(QObject):
    """Application-wide event filter: a wheel turn over an unfocused combo box or spin box goes to the
    widget behind it (the scrolling page), so scrolling a form never changes a choice by accident."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if not isinstance(obj, (QComboBox, QAbstractSpinBox)):
            return False
        if event.type() == QEvent.Type.Polish:
            _wheel_focus_policy(obj)  # every box, also those built after start-up
            return False
        if event.type() != QEvent.Type.Wheel:
            return False
        focused = QApplication.focusWidget()
        if obj.hasFocus() or (focused is not None and obj.isAncestorOf(focused)):
            return False
        parent = obj.parentWidget()
        if parent is not None:
            QCoreApplication.sendEvent(parent, event)
        return True


def install_wheel_guard(app: QApplication) -> WheelGuard:
    """Install the guard once per application (a second call returns the first guard)."""
    guard = app.findChild(WheelGuard, "heshi_wheel_guard")
    if guard is None:
        guard = WheelGuard(app)
        guard.setObjectName("heshi_wheel_guard")
        app.installEventFilter(guard)
    for widget in app.allWidgets():
        _wheel_focus_policy(widget)
    return guard


def _wheel_focus_policy(widget: QWidget) -> None:
    # Qt's default WheelFocus would move focus into the box on a wheel turn (before any filter runs).
    if isinstance(widget, (QComboBox, QAbstractSpinBox)) and widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


__all__ = [
    "CJK_FONT_FAMILY",
    "SUPPORTED_LANGUAGES",
    "apply_font_scale",
    "configure_logging",
    "ensure_cjk_font",
    "install_exception_hook",
    "install_qt_translator",
    "install_translator",
    "install_wheel_guard",
]

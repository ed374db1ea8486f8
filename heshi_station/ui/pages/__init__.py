"""The pages of the main window, in the order of the navigation list.

A page is a QWidget class taking ``(ctx: UiContext, parent=None)``. Optional hooks the main window uses:
``refresh()`` (re-read from the ledger; called when the page is shown after the ledger changed) and
``navigate_to(payload)`` (e.g. the opinions page given an overdue level). A page may emit
``navigate_requested(key, payload)`` to ask the window to open another page.

Pages marked ``optional`` come from other parts of the app (printing, sync); when their module is
missing the window logs one line and leaves them out, so each part can be merged on its own.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str  # source text (Chinese); translated in context "Pages"
    module: str
    class_name: str
    optional: bool = False


PAGES: list[PageSpec] = [
    PageSpec("today", QT_TRANSLATE_NOOP("Pages", "工作台"), "heshi_station.ui.pages.today_page", "TodayPage"),
    PageSpec(
        "reception", QT_TRANSLATE_NOOP("Pages", "接待登记"), "heshi_station.ui.pages.reception_page", "ReceptionPage"
    ),
    PageSpec(
        "reception_list",
        QT_TRANSLATE_NOOP("Pages", "接待记录"),
        "heshi_station.ui.pages.receptions_list_page",
        "ReceptionListPage",
    ),
    PageSpec(
        "opinions", QT_TRANSLATE_NOOP("Pages", "意见办理"), "heshi_station.ui.pages.opinions_page", "OpinionsPage"
    ),
    PageSpec(
        "attendance", QT_TRANSLATE_NOOP("Pages", "代表进站"), "heshi_station.ui.pages.attendance_page", "AttendancePage"
    ),
    PageSpec("duties", QT_TRANSLATE_NOOP("Pages", "代表履职"), "heshi_station.ui.pages.duties_page", "DutiesPage"),
    PageSpec(
        "deputies", QT_TRANSLATE_NOOP("Pages", "代表名册"), "heshi_station.ui.pages.deputies_page", "DeputiesPage"
    ),
    PageSpec(
        "reference",
        QT_TRANSLATE_NOOP("Pages", "基础数据"),
        "heshi_station.ui.pages.reference_page",
        "ReferenceDataPage",
    ),
    PageSpec(
        "ledger_print",
        QT_TRANSLATE_NOOP("Pages", "台账打印"),
        "heshi_station.ui.pages.ledger_print_page",
        "LedgerPrintPage",
        optional=True,
    ),
    PageSpec(
        "fixups",
        QT_TRANSLATE_NOOP("Pages", "同步退回记录"),
        "heshi_station.ui.sync_fixup",
        "FixupListPage",
        optional=True,
    ),
    PageSpec("settings", QT_TRANSLATE_NOOP("Pages", "设置"), "heshi_station.ui.pages.settings_page", "SettingsPage"),
]


def load_page_class(spec: PageSpec) -> type | None:
    """The page's class, or None (logged) when an optional page's module is not part of this build."""
    try:
        module = importlib.import_module(spec.module)
    except ModuleNotFoundError as exc:
        if spec.optional and exc.name == spec.module:
            log.info("页面“%s”未安装（%s），已跳过", spec.title, spec.module)
            return None
        raise
    cls = getattr(module, spec.class_name, None)
    if cls is None and spec.optional:
        log.warning("页面“%s”：%s 中没有 %s，已跳过", spec.title, spec.module, spec.class_name)
    return cls


def is_present(spec: PageSpec) -> bool:
    """Whether the page's module is part of this build, without importing it (start-up stays quick)."""
    try:
        found = importlib.util.find_spec(spec.module)
    except ModuleNotFoundError:
        found = None
    if found is None:
        if not spec.optional:
            raise ModuleNotFoundError(f"页面模块缺失：{spec.module}", name=spec.module)
        log.info("页面“%s”未安装（%s），已跳过", spec.title, spec.module)
        return False
    return True


def available_pages() -> list[PageSpec]:
    """The pages this build has, in navigation order; their modules are imported when first opened."""
    return [spec for spec in PAGES if is_present(spec)]

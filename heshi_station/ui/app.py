"""The desktop program's entry point: ``heshi-station`` with no command calls ``run(args)``.

Order of start: log file and exception hook → translations → CJK font, font size and the stylesheet → the
main window shown at once (page list, "正在打开台账…") → then, from the event loop: open the ledger (``--db``
file, ``--demo`` ledger, or the default one) → first-launch wizard when no station is set up (with
"先用演示数据看看") → demo data generated in a worker with a progress dialog when the demo ledger is empty,
or topped up to today when it is not (``demo.top_up``) → the pages, then the wizard's first step (first sync
or Excel import) if one was chosen. The ledger, SQLAlchemy, sync and report libraries are imported only in
that second step, so the window appears about as fast as a bare Qt window (``bench/bench_ui.py``).

``HESHI_QUIT_WHEN_SHOWN=1`` makes the program print ``shown_after_s=<seconds since process start>`` as soon
as the window is shown and ``ready_after_s=…`` once the ledger is open, then quit (used by the smoke test).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from heshi_station import paths
from heshi_station.ui.main_window import MainWindow
from heshi_station.ui.settings import APPLICATION, DEMO_APPLICATION, DEMO_PROPERTY, ORGANISATION, UiSettings
from heshi_station.ui.startup import (
    apply_font_scale,
    configure_logging,
    ensure_cjk_font,
    handle_uncaught,
    install_exception_hook,
    install_qt_translator,
    install_translator,
    install_wheel_guard,
)
from heshi_station.ui.theme import apply_theme
from heshi_station.ui.ui_context import Lane, UiContext, friendly_message

if TYPE_CHECKING:
    from heshi_station.ledger.context import Ledger

log = logging.getLogger(__name__)

QUIT_WHEN_SHOWN_ENV = "HESHI_QUIT_WHEN_SHOWN"
DEMO_SCALE = 600


def demo_ui_settings() -> UiSettings:
    """The demo's own window preferences: trying things in the demo never changes the real station's."""
    return UiSettings(QSettings(ORGANISATION, DEMO_APPLICATION))


def make_application(*, demo: bool = False) -> QApplication:
    """The QApplication with our names, log, hook, translation, font and font size set up (the demo's log
    and preferences are its own)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(QApplication.translate("App", "代表联络站台账"))
    configure_logging(paths.demo_dir() / "logs" if demo else None)
    install_exception_hook()
    settings = demo_ui_settings() if demo else UiSettings()
    install_translator(app, settings.language())
    install_qt_translator(app, settings.language())
    install_wheel_guard(app)
    ensure_cjk_font(app)
    apply_theme(app, high_contrast=settings.high_contrast())
    if app.property("heshi_base_point_size") is None:
        app.setProperty("heshi_base_point_size", app.font().pointSizeF())
    apply_font_scale(app, settings.font_percent(), float(app.property("heshi_base_point_size")))
    return app


class _Progress(QObject):
    changed = Signal(int, int)


def generate_demo(ledger_path: Path, parent=None) -> bool:
    """Fill the (new, empty) demo ledger in a worker, showing progress; True when it finished."""
    from heshi_station.demo.generator import generate  # only needed the first time the demo opens

    def job(ledger: Ledger, progress) -> object:
        return generate(ledger, scale=DEMO_SCALE, progress=progress)

    return _demo_job(ledger_path, QApplication.translate("App", "正在生成演示数据（虚构人员）…"), job, parent)


def top_up_demo(ledger_path: Path, parent=None) -> bool:
    """Bring the demo ledger up to today in a worker (``demo.top_up``), so its 工作台 this month is never
    empty; True when it finished (a failure is said and the demo opens as it was)."""
    from heshi_station.demo.top_up import top_up

    def job(ledger: Ledger, progress) -> object:
        return top_up(ledger, progress=progress)

    return _demo_job(ledger_path, QApplication.translate("App", "正在把演示数据补到今天（虚构人员）…"), job, parent)


def _demo_behind(ledger: Ledger) -> bool:
    from heshi_station.demo.top_up import generated_through

    last = generated_through(ledger)
    return last is not None and last < ledger.today()


def _demo_job(ledger_path: Path, label: str, job, parent=None) -> bool:
    """Run ``job(ledger, progress)`` on the demo ledger on the write lane, showing progress."""
    from heshi_station.ledger.context import Ledger

    gen_ledger = Ledger.open(ledger_path, actor="演示联络员")
    ctx = UiContext(gen_ledger, parent)
    progress = _Progress()
    dialog = QProgressDialog(label, "", 0, DEMO_SCALE, parent)
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    progress.changed.connect(lambda done, total: (dialog.setMaximum(total), dialog.setValue(done)))
    loop = QEventLoop()
    outcome: dict[str, object] = {}

    def finish(key: str, value: object) -> None:
        outcome[key] = value
        loop.quit()

    ctx.run_task(
        lambda: job(gen_ledger, progress.changed.emit),
        lambda summary: finish("ok", summary),
        lambda exc: finish("error", exc),
        lane=Lane.WRITE,
    )
    if not outcome:
        loop.exec()
    dialog.close()
    gen_ledger.close()
    if "error" in outcome:
        exc = outcome["error"]
        log.error("演示数据失败：%s", exc, exc_info=exc)  # type: ignore[arg-type]
        QMessageBox.warning(
            parent,
            QApplication.translate("App", "演示数据"),
            QApplication.translate("App", "处理演示数据失败：") + friendly_message(exc),
        )  # type: ignore[arg-type]
        return False
    return True


def open_ledger(path: Path) -> Ledger | None:
    from heshi_station.db.migrate import LedgerFileError
    from heshi_station.ledger.context import Ledger

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return Ledger.open(path)
    except (LedgerFileError, OSError) as exc:
        log.error("无法打开台账 %s：%s", path, exc)
        QMessageBox.critical(None, QApplication.translate("App", "无法打开台账"), f"{path}\n\n{friendly_message(exc)}")
        return None


def open_station_ledger(
    args: argparse.Namespace, settings: UiSettings
) -> tuple[Ledger, Path, bool, UiSettings, str] | None:
    """Open the ledger the arguments name, running the wizard / demo generation as needed: (ledger, path,
    demo, the window preferences to use, the wizard's first step or ""), or None when the clerk gave up or
    the file cannot be opened."""
    from heshi_station.ledger import reference_data
    from heshi_station.ui.wizard import CHOICE_DEMO, FirstLaunchWizard

    demo = bool(getattr(args, "demo", False))
    db = getattr(args, "db", None)
    path = paths.demo_db_path() if demo else Path(db) if db else paths.default_db_path()
    ledger = open_ledger(path)
    if ledger is None:
        return None
    app = QApplication.instance()
    if app is not None:
        app.setProperty(DEMO_PROPERTY, demo)  # the file dialogs' last folder: the demo's own
    first_step = ""
    if demo and reference_data.get_station(ledger) is not None and _demo_behind(ledger):
        # The demo runs up to today whenever it is opened.
        ledger.close()
        top_up_demo(path)
        ledger = open_ledger(path)
        if ledger is None:
            return None
    if reference_data.get_station(ledger) is None:
        if demo:
            ledger.close()
            if not generate_demo(path):
                return None
            ledger = open_ledger(path)
            if ledger is None:
                return None
        else:
            wizard = FirstLaunchWizard(ledger)
            if not wizard.exec():
                ledger.close()
                return None
            if wizard.choice == CHOICE_DEMO:
                ledger.close()
                return open_station_ledger(argparse.Namespace(demo=True, db=None), demo_ui_settings())
            first_step = wizard.next_step
    ledger.actor = reference_data.get_setting(ledger, "clerk_name") or ledger.actor
    return ledger, path, demo, settings, first_step


def build_main_window(args: argparse.Namespace, settings: UiSettings | None = None) -> MainWindow | None:
    """Open the ledger the arguments name (running the wizard / demo generation as needed) and a window on it."""
    opened = open_station_ledger(args, settings or UiSettings())
    if opened is None:
        return None
    ledger, path, demo, settings, first_step = opened
    window = MainWindow(UiContext(ledger), settings=settings, db_path=path, demo=demo)
    _schedule_first_step(window, first_step)
    return window


def start_window(args: argparse.Namespace, settings: UiSettings) -> MainWindow:
    """The window shell, shown before anything of the ledger is loaded; ``finish_start`` fills it in."""
    window = MainWindow(settings=settings, demo=bool(getattr(args, "demo", False)))
    window.show()
    return window


def finish_start(window: MainWindow, args: argparse.Namespace) -> bool:
    """Open the ledger into the shown window (wizard, demo generation as needed); False when it was not
    opened (the window is then closed)."""
    QApplication.processEvents()  # let the shell paint before the libraries load
    opened = open_station_ledger(args, window.settings)
    if opened is None:
        window.close()
        return False
    ledger, path, demo, settings, first_step = opened
    window.attach(UiContext(ledger), settings=settings, db_path=path, demo=demo)
    _schedule_first_step(window, first_step)
    QTimer.singleShot(0, window.offer_draft)
    if not window.demo:
        # Today's automatic backup, once the window is up and the clerk has started working.
        def start_backups() -> None:
            from heshi_station.ui.backup_panel import start_automatic_backups

            window.backup_timer = start_automatic_backups(window.ctx)

        QTimer.singleShot(AUTO_BACKUP_DELAY_MS, start_backups)
    return True


def _schedule_first_step(window: MainWindow, first_step: str) -> None:
    if first_step:
        # The wizard's choice (first sync / Excel import) runs once the window is up.
        QTimer.singleShot(0, lambda: window.start_first_step(first_step))


AUTO_BACKUP_DELAY_MS = 30_000


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    demo = bool(getattr(args, "demo", False))
    app = make_application(demo=demo)
    settings = demo_ui_settings() if demo else UiSettings()
    window = start_window(args, settings)
    quit_when_shown = bool(os.environ.get(QUIT_WHEN_SHOWN_ENV))
    if quit_when_shown:
        QTimer.singleShot(0, lambda: print(f"shown_after_s={time.perf_counter() - started:.3f}", flush=True))
    outcome = {"opened": False}

    def finish() -> None:
        try:
            outcome["opened"] = finish_start(window, args)
        except Exception as exc:  # last resort: a bug while opening must not leave a shell that never fills in
            handle_uncaught(type(exc), exc, exc.__traceback__)
            outcome["opened"] = False
        if not outcome["opened"]:
            app.exit(1)
        elif quit_when_shown:
            print(f"ready_after_s={time.perf_counter() - started:.3f}", flush=True)
            window.close()
            app.quit()

    QTimer.singleShot(0, finish)
    code = app.exec()
    if window.ctx is not None:
        window.ctx.wait_for_done(10_000)
        window.ctx.ledger.close()
    return code if outcome["opened"] else 1

"""Open every page of the window on demo data and save a PNG of each, at 100 % and 150 % font size.

    uv run python scripts/screenshots.py [--out out/screenshots] [--db DEMO.sqlite3] [--size 1280x800]

Runs offscreen (QT_QPA_PLATFORM=offscreen unless set). Without --db it uses (and if needed generates)
the demo ledger in a temporary data folder. Each picture is named ``<percent>-<nn>-<page key>.png``;
the opinions page is also shot with a transfer dialog open, and the reception form with a validation
error shown, so those states can be looked at too.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def shoot(percent: int, out: Path, db: Path | None, size: tuple[int, int], data_dir: Path) -> list[Path]:
    os.environ["HESHI_DATA_DIR"] = str(data_dir)
    from PySide6.QtCore import QSettings

    from heshi_station.ui import app as ui_app
    from heshi_station.ui.settings import UiSettings

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(data_dir / "qsettings"))
    qs = QSettings(str(data_dir / "qsettings" / "shots.ini"), QSettings.Format.IniFormat)
    settings = UiSettings(qs)
    settings.set_font_percent(percent)
    app = ui_app.make_application()
    base = float(app.property("heshi_base_point_size"))
    ui_app.apply_font_scale(app, percent, base)
    args = argparse.Namespace(demo=db is None, db=str(db) if db else None)
    window = ui_app.build_main_window(args, settings)
    assert window is not None, "the window did not open"
    window.resize(*size)
    window.show()
    saved = []

    def settle() -> None:
        for _ in range(5):
            app.processEvents()
        window.ctx.wait_for_done(30_000)
        for _ in range(5):
            app.processEvents()

    for i, key in enumerate(window.page_keys()):
        page = window.open_page(key)
        settle()
        path = out / f"{percent}-{i:02d}-{key}.png"
        window.grab().save(str(path))
        saved.append(path)
        if key == "opinions":
            page.navigate_to("long_overdue")
            settle()
            path = out / f"{percent}-{i:02d}-{key}-overdue.png"
            window.grab().save(str(path))
            saved.append(path)
            dialog = page.open_step("transfer")
            if dialog is not None:
                settle()
                path = out / f"{percent}-{i:02d}-{key}-transfer-dialog.png"
                dialog.grab().save(str(path))
                saved.append(path)
                dialog.reject()
        if key == "reception":
            page.visitor_rows[0].phone.setText("1380013")
            page.save()
            settle()
            path = out / f"{percent}-{i:02d}-{key}-errors.png"
            window.grab().save(str(path))
            saved.append(path)
            page.start_next(keep_context=False)
    window.close()
    # The first-launch wizard, on an empty ledger, after pressing 开始使用 with nothing filled in.
    from heshi_station.ledger.context import Ledger
    from heshi_station.ui.wizard import FirstLaunchWizard

    empty = Ledger.open(data_dir / f"empty-{percent}.sqlite3")
    wizard = FirstLaunchWizard(empty)
    wizard.show()
    wizard.start_button.click()
    settle()
    path = out / f"{percent}-99-first-launch-wizard.png"
    wizard.grab().save(str(path))
    saved.append(path)
    wizard.close()
    empty.close()
    return saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="out/screenshots")
    parser.add_argument("--db", help="a demo ledger to show (default: generate one)")
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--percent", type=int, help="internal: one font size per process")
    parser.add_argument("--data-dir", help="internal")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    width, height = (int(x) for x in args.size.split("x"))
    if args.percent:
        for p in shoot(args.percent, out, Path(args.db) if args.db else None, (width, height), Path(args.data_dir)):
            print(p)
        return 0
    # One process per font size: Qt fonts and QSettings are process-wide.
    with tempfile.TemporaryDirectory() as tmp:
        for percent in (100, 150):
            cmd = [sys.executable, __file__, "--out", str(out), "--size", args.size, "--percent", str(percent)]
            cmd += ["--data-dir", tmp] + (["--db", args.db] if args.db else [])
            subprocess.run(cmd, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

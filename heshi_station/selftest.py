"""``heshi-station --self-test``: prove an installed program works end to end, without touching real data.

In a fresh temporary folder it creates a ledger (running every migration), sets up a station, registers a
reception with a transferred opinion, searches it, prints the month's reception register as a PDF (the
reports package when present; otherwise a one-page reportlab PDF with the bundled or built-in CJK font),
takes and checks a backup, and — when Qt is bundled — starts Qt offscreen. Exit code 0 only if every
step worked. The clerk's own ledger and backup folder are never opened.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from heshi_station.db.migrate import current_revision, head_revision, integrity_errors
from heshi_station.ledger import receptions, reference_data
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import DeputyInput, OpinionInput, ReceptionInput, StationInput, VisitorInput
from heshi_station.ledger.search import search
from heshi_station.paths import log_dir
from heshi_station.resources import resources_dir
from heshi_station.version import app_version


class SelfTestFailed(Exception):
    pass


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise SelfTestFailed(message)


def _fill(led: Ledger) -> str:
    reference_data.set_up_station(led, StationInput(code="ST-00", name="自检代表联络站", township="自检街道"))
    deputy = reference_data.save_deputy(led, DeputyInput(name="自检代表", level="township", gender="male")).id
    unit = reference_data.save_unit(led, "自检街道办事处", "township_gov").id
    category = reference_data.save_category(led, "道路交通", 10).id
    record = receptions.register_reception(
        led,
        ReceptionInput(
            received_at=led.now() - timedelta(hours=1),
            way="at_station",
            matter="自检：村口道路积水需要修缮",
            visitors=[VisitorInput(name="自检来访人", phone="19900000000", village="自检村")],
            deputy_ids=[deputy],
            category_id=category,
            opinions=[OpinionInput(content="自检：请修缮村口道路", route="transfer", lead_unit_id=unit)],
        ),
    )
    _check(receptions.get_reception(led, record.id).matter.startswith("自检"), "登记的接待读不回来")
    _check(any(h.reception_id == record.id for h in search(led, "道路积水")), "搜索找不到刚登记的接待")
    return record.id


def render_month_pdf(led: Ledger, year: int, month: int, out: Path) -> str:
    """The month's reception register as PDF; returns which renderer made it."""
    try:
        tables = importlib.import_module("heshi_station.reports.ledger_tables")
        pdf = importlib.import_module("heshi_station.reports.pdf_ledgers")
    except ModuleNotFoundError:
        _fallback_pdf(led, year, month, out)
        return "reportlab 简易版（reports 模块未安装）"
    report = tables.build_report(led, tables.LedgerKind("reception"), year, month, mask=True)
    pdf.render_report_pdf(report, out)
    return "heshi_station.reports"


def _fallback_pdf(led: Ledger, year: int, month: int, out: Path) -> None:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    fonts = sorted((resources_dir() / "fonts").glob("*.tt[fc]"))
    if fonts:
        pdfmetrics.registerFont(TTFont("HeshiCJK", str(fonts[0])))
        font = "HeshiCJK"
    else:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        font = "STSong-Light"
    station = reference_data.get_station(led)
    rows = receptions.list_receptions(led)
    canvas = Canvas(str(out), pagesize=landscape(A4))
    canvas.setFont(font, 16)
    canvas.drawString(60, 530, f"{station.name if station else ''} {year}年{month}月 选民接待登记台账（自检）")
    canvas.setFont(font, 10)
    for i, r in enumerate(rows[:30]):
        canvas.drawString(60, 500 - 16 * i, f"{i + 1}. {r.received_at:%Y-%m-%d %H:%M}  {r.matter}")
    canvas.save()


def _check_qt(pdf: Path | None = None) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        ui_check = importlib.import_module("heshi_station.ui.qt_selfcheck")
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("PySide6"):
            return "未安装 Qt，跳过"
        raise
    return ui_check.check(pdf)


def _output():
    """stdout, or — in the windowed Windows build, which has none — ``selftest.txt`` in the log folder."""
    if sys.stdout is not None:
        return sys.stdout
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return (folder / "selftest.txt").open("w", encoding="utf-8")


def run(out=None) -> int:
    """Run every step, printing one line each; 0 if all passed, 1 otherwise."""
    out = out or _output()
    failures = 0
    print(f"代表联络站台账 heshi-station {app_version()} 自检", file=out)

    def step(label: str, fn: Callable[[], str]) -> bool:
        nonlocal failures
        try:
            detail = fn()
        except Exception as exc:
            failures += 1
            print(f"[失败] {label}：{exc}", file=out)
            print(traceback.format_exc(), file=out)
            return False
        print(f"[通过] {label}{'：' + detail if detail else ''}", file=out)
        return True

    with tempfile.TemporaryDirectory(prefix="heshi-selftest-") as tmp:
        folder = Path(tmp)
        db = folder / "ledger.sqlite3"
        now = datetime.now().astimezone()
        holder: dict[str, Ledger] = {}

        def open_and_migrate() -> str:
            holder["led"] = Ledger.open(db, clock=lambda: now, actor="自检")
            revision = current_revision(db)
            _check(revision == head_revision(), f"数据库版本 {revision} 不是最新的 {head_revision()}")
            return f"数据库版本 {revision}"

        if step("新建台账并完成数据库迁移", open_and_migrate):
            led = holder["led"]
            try:
                step("登记一次接待（含转办意见）并搜索", lambda: _fill(led) and "")

                def pdf() -> str:
                    target = folder / "ledger.pdf"
                    made_by = render_month_pdf(led, now.year, now.month, target)
                    data = target.read_bytes()
                    _check(data.startswith(b"%PDF") and b"%%EOF" in data[-1024:], "生成的 PDF 不完整")
                    return f"{len(data) // 1024} KB，{made_by}"

                step("打印本月接待台账 PDF", pdf)

                def backup() -> str:
                    from heshi_station.backup import inspect_backup, take_backup

                    info = take_backup(led, folder / "backups")
                    _check(integrity_errors(info.path) == [], "备份文件校验未通过")
                    _check(inspect_backup(info.path).receptions == 1, "备份中的接待记录数不对")
                    return info.path.name

                step("备份并校验", backup)
            finally:
                led.close()
        step("界面库（Qt）", lambda: _check_qt(folder / "ledger.pdf"))
    print("自检通过" if failures == 0 else f"自检未通过：{failures} 项失败", file=out)
    return 0 if failures == 0 else 1

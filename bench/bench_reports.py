"""Benchmark of the printed ledgers and the Excel path. PRINTS figures; asserts nothing.

    uv run python bench/bench_reports.py [--rows 2000] [--xlsx-rows 10000] [--no-soffice]

1. a monthly reception register of ``--rows`` receptions as PDF (reportlab), time and peak memory
   (child process max RSS, and Python heap peak), next to LibreOffice converting the same register
   exported as .xlsx (``soffice --headless --convert-to pdf``; Debian ``libreoffice-calc-nogui``) — goal ≥ 5×;
2. Excel: import of a ``--xlsx-rows`` old-style workbook into an empty ledger (preview + apply), then the
   export of that month back to .xlsx.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openpyxl import Workbook

from heshi_station.ledger import receptions, reference_data
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import (
    DeputyInput,
    OpinionInput,
    ReceptionInput,
    StationInput,
    VisitorInput,
)

NOW = datetime(2026, 11, 20, 10, 0).astimezone()
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英"
VILLAGES = ["东风村", "西山村", "河口村", "前进村", "朝阳社区", "桃园社区", "小胡村", "申屯村"]
MATTERS = [
    "村口道路坑洼不平，雨天积水严重，群众出行困难，请求尽快修缮",
    "高龄补贴发放不及时，希望有关部门核实后按月发放",
    "小区下水道经常堵塞，夏季异味明显，请求物业和社区协调疏通",
    "村卫生室缺少常用药品，老人看病需跑到镇上，希望增加药品配备",
    "农田灌溉机井电力不足，浇地排队时间长，请求电力部门增容",
    "学校门口没有红绿灯和减速带，接送孩子时车辆速度快存在安全隐患",
]


def _name(i: int) -> str:
    return SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)] + ("" if i % 3 else GIVEN[(i * 11) % len(GIVEN)])


def seed_month(ledger: Ledger, rows: int) -> None:
    reference_data.set_up_station(ledger, StationInput(code="B-01", name="基准测试街道人大代表联络站"))
    deputies = [
        reference_data.save_deputy(ledger, DeputyInput(name=n, level="township")).id
        for n in ("张建国", "李秀梅", "王志强")
    ]
    cat = reference_data.save_category(ledger, "道路交通", 15).id
    with ledger.batch():
        for i in range(rows):
            when = datetime(2026, 10, 1 + i % 30, 8 + i % 9, i % 60).astimezone()
            matter = f"{MATTERS[i % len(MATTERS)]}（第{i}件）" + (
                "补充说明：" + MATTERS[(i + 1) % 6] if i % 5 == 0 else ""
            )
            receptions.register_reception(
                ledger,
                ReceptionInput(
                    received_at=when,
                    way="at_station",
                    matter=matter,
                    visitors=[VisitorInput(name=_name(i), phone=f"199{i:08d}", village=VILLAGES[i % 8])],
                    deputy_ids=deputies[: 1 + i % 3],
                    category_id=cat,
                    opinions=[OpinionInput(content=matter, route="on_spot", answer="已当场解释政策，群众表示理解")],
                ),
            )


def _pdf_child(db: str, out: str, queue) -> None:
    from heshi_station.reports.ledger_tables import build_report
    from heshi_station.reports.pdf_ledgers import render_report_pdf

    ledger = Ledger.open(db, clock=lambda: NOW)
    t0 = time.perf_counter()
    report = build_report(ledger, "reception", 2026, 10, mask=True)
    t1 = time.perf_counter()
    render_report_pdf(report, out)
    t2 = time.perf_counter()
    # again in the same process, as the running application does it (font already parsed, caches warm)
    report = build_report(ledger, "reception", 2026, 10, mask=True)
    t3 = time.perf_counter()
    render_report_pdf(report, out)
    t4 = time.perf_counter()
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()  # a second, untimed run for the Python heap peak (tracemalloc slows Python down)
    render_report_pdf(build_report(ledger, "reception", 2026, 10, mask=True), out)
    _, heap_peak = tracemalloc.get_traced_memory()
    queue.put(
        {
            "read_s": t1 - t0,
            "render_s": t2 - t1,
            "warm_read_s": t3 - t2,
            "warm_render_s": t4 - t3,
            "heap_peak_mb": heap_peak / 2**20,
            "maxrss_mb": maxrss,
        }
    )


def bench_pdf(db: Path, work: Path) -> dict:
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=_pdf_child, args=(str(db), str(work / "register.pdf"), q))
    p.start()
    res = q.get()
    p.join()
    from pypdf import PdfReader

    res["pages"] = len(PdfReader(work / "register.pdf").pages)
    return res


def bench_soffice(db: Path, work: Path) -> dict | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    from heshi_station.reports.excel_export import export_report_xlsx
    from heshi_station.reports.ledger_tables import build_report

    ledger = Ledger.open(db, clock=lambda: NOW)
    xlsx = export_report_xlsx(build_report(ledger, "reception", 2026, 10, mask=True), work / "register.xlsx")
    ledger.close()
    profile = work / "lo-profile"
    times = []
    for _ in range(2):  # first run also creates the LibreOffice profile ("cold"), second is "warm"
        t0 = time.perf_counter()
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work / "lo"),
                str(xlsx),
            ],
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - t0)
    from pypdf import PdfReader

    return {"cold_s": times[0], "warm_s": times[1], "pages": len(PdfReader(work / "lo" / "register.pdf").pages)}


def make_old_workbook(path: Path, rows: int) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["XX村群众来访登记表"])
    ws.merge_cells("A1:G1")
    ws.append(["序号", "接待日期", "群众姓名", "联系电话", "住址", "主要内容", "处理结果"])
    for i in range(rows):
        ws.append(
            [
                i + 1,
                f"2026.10.{1 + i % 30}",
                _name(i),
                f"199{i:08d}",
                VILLAGES[i % 8],
                f"{MATTERS[i % 6]}（第{i}件）",
                "已答复" if i % 2 else "",
            ]
        )
    wb.save(path)


def bench_excel(work: Path, rows: int) -> dict:
    from heshi_station.reports.excel_export import export_report_xlsx
    from heshi_station.reports.excel_import import preview_import
    from heshi_station.reports.excel_import_writing import apply_import
    from heshi_station.reports.ledger_tables import build_report

    src = work / "old.xlsx"
    make_old_workbook(src, rows)
    ledger = Ledger.open(work / "import.sqlite3", clock=lambda: NOW)
    reference_data.set_up_station(ledger, StationInput(code="B-02", name="导入测试站"))
    t0 = time.perf_counter()
    preview = preview_import(ledger, src)
    t1 = time.perf_counter()
    result = apply_import(ledger, preview)
    t2 = time.perf_counter()
    again = preview_import(ledger, src)
    t3 = time.perf_counter()
    report = build_report(ledger, "reception", 2026, 10, mask=False)
    t4 = time.perf_counter()
    export_report_xlsx(report, work / "export.xlsx")
    t5 = time.perf_counter()
    ledger.close()
    return {
        "rows": rows,
        "preview_s": t1 - t0,
        "apply_s": t2 - t1,
        "added": result.added,
        "bad": len(preview.problems),
        "reimport_preview_s": t3 - t2,
        "reimport_new_rows": len(again.rows),
        "export_read_s": t4 - t3,
        "export_write_s": t5 - t4,
        "export_rows": len(report.main.rows),
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--xlsx-rows", type=int, default=10000)
    ap.add_argument("--no-soffice", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="heshi-bench-") as d:
        work = Path(d)
        db = work / "month.sqlite3"
        t0 = time.perf_counter()
        ledger = Ledger.open(db, clock=lambda: NOW)
        seed_month(ledger, args.rows)
        ledger.close()
        print(f"seeded {args.rows} receptions in one month: {time.perf_counter() - t0:.1f} s")
        pdf = bench_pdf(db, work)
        total = pdf["read_s"] + pdf["render_s"]
        warm = pdf["warm_read_s"] + pdf["warm_render_s"]
        print(
            f"PDF register, {args.rows} rows, {pdf['pages']} pages: first in a new process {total:.2f} s "
            f"(read {pdf['read_s']:.2f} s + font load, layout and write {pdf['render_s']:.2f} s); "
            f"again in the same process {warm:.2f} s (read {pdf['warm_read_s']:.2f} s + "
            f"layout/write {pdf['warm_render_s']:.2f} s); peak RSS {pdf['maxrss_mb']:.0f} MB, "
            f"Python heap peak {pdf['heap_peak_mb']:.0f} MB"
        )
        lo = None if args.no_soffice else bench_soffice(db, work)
        if lo is None:
            print("LibreOffice: not run (soffice not installed or --no-soffice)")
        else:
            print(
                f"LibreOffice xlsx→pdf of the same register ({lo['pages']} pages): first run {lo['cold_s']:.2f} s, "
                f"second run {lo['warm_s']:.2f} s. Speed-up, new process vs LibreOffice's better run: "
                f"{min(lo['warm_s'], lo['cold_s']) / total:.1f}×; in the running app: "
                f"{min(lo['warm_s'], lo['cold_s']) / warm:.1f}× (goal ≥ 5×)"
            )
        xl = bench_excel(work, args.xlsx_rows)
        print(
            f"Excel import of {xl['rows']} rows: preview {xl['preview_s']:.2f} s, write {xl['apply_s']:.2f} s "
            f"({xl['added']} added, {xl['bad']} bad); re-import preview {xl['reimport_preview_s']:.2f} s "
            f"({xl['reimport_new_rows']} new rows)"
        )
        print(
            f"Excel export of {xl['export_rows']} rows: read {xl['export_read_s']:.2f} s + "
            f"write {xl['export_write_s']:.2f} s"
        )
        print(json.dumps({"pdf": pdf, "soffice": lo, "excel": xl}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Report subcommands: ``ledger`` (monthly PDF), ``export-xlsx`` and ``import-xlsx``.

``import-xlsx`` prints the full row report; when any row is bad it imports nothing and exits 1 unless
``--good-rows-only`` is given (then it imports the good rows and exits 0).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from heshi_station.commands.ledger_cmds import add_db_argument, db_path, parse_month
from heshi_station.ledger.context import Ledger
from heshi_station.reports.excel_export import export_report_xlsx
from heshi_station.reports.excel_import import apply_import, preview_import
from heshi_station.reports.ledger_tables import LedgerKind, build_report
from heshi_station.reports.masking import default_masking
from heshi_station.reports.pdf_ledgers import render_report_pdf

KINDS = [k.value for k in LedgerKind]


def _kind_help() -> str:
    return "；".join(f"{k.value}={k.label}" for k in LedgerKind)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ledger", help="生成月度台账 PDF（可直接打印）")
    add_db_argument(p)
    p.add_argument("--month", type=parse_month, required=True, help="YYYY-MM")
    p.add_argument("--kind", choices=KINDS, required=True, help=_kind_help())
    p.add_argument("--out", required=True, help="输出 PDF 文件")
    mask = p.add_mutually_exclusive_group()
    mask.add_argument("--mask", dest="mask", action="store_true", default=None, help="隐去个人信息（张*、199****1234）")
    mask.add_argument("--no-mask", dest="mask", action="store_false", help="不隐去个人信息")
    p.set_defaults(func=cmd_ledger)

    p = sub.add_parser("export-xlsx", help="导出月度台账为 Excel")
    add_db_argument(p)
    p.add_argument("--month", type=parse_month, required=True, help="YYYY-MM")
    p.add_argument("--kind", choices=KINDS, required=True, help=_kind_help())
    p.add_argument("--out", required=True, help="输出 .xlsx 文件")
    p.add_argument("--mask", action="store_true", help="隐去个人信息")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import-xlsx", help="导入以前用 Excel 记的接待/意见台账")
    add_db_argument(p)
    p.add_argument("file", help=".xlsx 文件")
    p.add_argument("--good-rows-only", action="store_true", help="有问题的行跳过，只导入没问题的行")
    p.add_argument(
        "--as",
        dest="kind",
        choices=["receptions", "opinions"],
        default=None,
        help="按接待台账或意见台账导入（默认按表头自动判断）",
    )
    p.set_defaults(func=cmd_import)


def _open(args: argparse.Namespace) -> Ledger:
    path = db_path(args)
    if not path.exists():
        print(f"错误：台账文件不存在：{path}", file=sys.stderr)
        raise SystemExit(2)
    return Ledger.open(path, actor="命令行")


def cmd_ledger(args: argparse.Namespace) -> int:
    ledger = _open(args)
    try:
        mask = default_masking(ledger) if args.mask is None else args.mask
        report = build_report(ledger, args.kind, *args.month, mask=mask)
        render_report_pdf(report, Path(args.out), printed_on=ledger.today())
    finally:
        ledger.close()
    rows = len(report.main.rows)
    print(f"已生成 {report.title}（{report.period_label}，{rows} 行{'，已隐去个人信息' if mask else ''}）：{args.out}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    ledger = _open(args)
    try:
        report = build_report(ledger, args.kind, *args.month, mask=args.mask)
        export_report_xlsx(report, Path(args.out))
    finally:
        ledger.close()
    print(f"已导出 {report.title}（{report.period_label}，{len(report.main.rows)} 行）：{args.out}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    ledger = _open(args)
    try:
        preview = preview_import(ledger, args.file, kind={"receptions": "reception"}.get(args.kind, args.kind))
        for line in preview.report_lines():
            print(line)
        if preview.has_problems and not args.good_rows_only:
            print(
                f"有 {len(preview.problems)} 行有问题，未导入任何数据。"
                "改正后重新导入，或加 --good-rows-only 只导入没问题的行。"
            )
            return 1
        result = apply_import(ledger, preview)
    finally:
        ledger.close()
    print(f"已导入 {result.added} 行；已存在跳过 {result.skipped_existing} 行。")
    for p in result.failed:
        print(f"  未导入 {p}")
    return 1 if result.failed else 0

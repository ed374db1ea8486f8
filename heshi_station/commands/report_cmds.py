"""Report subcommands: ``ledger`` (monthly PDF) and ``export-xlsx`` (``import-xlsx`` is in ``import_cmds``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from heshi_station.commands.duty_cmds import ARCHIVE_KIND, cmd_archive, parse_year
from heshi_station.commands.ledger_cmds import add_db_argument, db_path, parse_month
from heshi_station.ledger.context import Ledger
from heshi_station.reports.excel_export import export_report_xlsx
from heshi_station.reports.ledger_tables import LedgerKind, build_report
from heshi_station.reports.masking import default_masking
from heshi_station.reports.pdf_ledgers import render_report_pdf

KINDS = [k.value for k in LedgerKind]


def _kind_help() -> str:
    return "；".join(f"{k.value}={k.label}" for k in LedgerKind)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ledger", help="生成月度台账 PDF（可直接打印）；--kind archive 生成年度代表履职档案")
    add_db_argument(p)
    p.add_argument("--month", type=parse_month, help="YYYY-MM（月度台账必填）")
    kind_help = _kind_help() + "；archive=代表履职档案"
    p.add_argument("--kind", choices=[*KINDS, ARCHIVE_KIND], required=True, help=kind_help)
    p.add_argument("--year", type=parse_year, help="年度 YYYY（代表履职档案必填）")
    p.add_argument("--deputy", help="只打印这位代表的履职档案（姓名或编号）")
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


def _open(args: argparse.Namespace) -> Ledger:
    path = db_path(args)
    if not path.exists():
        print(f"错误：台账文件不存在：{path}", file=sys.stderr)
        raise SystemExit(2)
    return Ledger.open(path, actor="命令行")


def cmd_ledger(args: argparse.Namespace) -> int:
    if args.kind == ARCHIVE_KIND:
        return cmd_archive(args)
    if args.month is None:
        print("错误：月度台账须用 --month YYYY-MM 指定月份", file=sys.stderr)
        return 2
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

"""``heshi-station import-xlsx``: import an old Excel or CSV ledger, with the row report first.

Exit codes: 0 imported (or nothing to import); 1 rows are bad and nothing was imported (without
``--good-rows-only``), or some rows failed while writing; 2 the file or the ledger cannot be read.

``--add-units`` adds the handling units the file names but the ledger lacks, in one step, then reads the file
again. ``--conclude-historical`` marks the file's historical records (old open items, imported with their
clock paused) as concluded, whether they were imported now or by an earlier run.
"""

from __future__ import annotations

import argparse
import sys

from heshi_station.commands.ledger_cmds import add_db_argument, db_path
from heshi_station.ledger import historical
from heshi_station.ledger.context import Ledger
from heshi_station.reports.excel_import import preview_import
from heshi_station.reports.excel_import_writing import add_unknown_units, apply_import, imported_opinion_ids


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import-xlsx", help="导入以前用 Excel 记的接待/意见台账（.xlsx 或 .csv）")
    add_db_argument(p)
    p.add_argument("file", help=".xlsx 或 .csv 文件")
    p.add_argument("--good-rows-only", action="store_true", help="有问题的行跳过，只导入没问题的行")
    p.add_argument(
        "--as",
        dest="kind",
        choices=["receptions", "opinions"],
        default=None,
        help="按接待台账或意见台账导入（默认按表头自动判断）",
    )
    p.add_argument("--add-units", action="store_true", help="先把文件中有、台账里没有的承办单位添加到办理单位名录")
    p.add_argument(
        "--conclude-historical",
        action="store_true",
        help="把这个文件导入的历史记录（本月以前未办结、已暂停计时的意见）标记为已办结",
    )
    p.set_defaults(func=cmd_import)


def _open(args: argparse.Namespace) -> Ledger:
    path = db_path(args)
    if not path.exists():
        print(f"错误：台账文件不存在：{path}", file=sys.stderr)
        raise SystemExit(2)
    return Ledger.open(path, actor="命令行")


def cmd_import(args: argparse.Namespace) -> int:
    ledger = _open(args)
    try:
        return _import(ledger, args)
    finally:
        ledger.close()


def _import(ledger: Ledger, args: argparse.Namespace) -> int:
    preview = preview_import(ledger, args.file, kind=args.kind)
    if args.add_units and preview.unknown_units:
        added = add_unknown_units(ledger, preview)
        print(f"已添加办理单位 {len(added)} 个：" + "、".join(f"{u.name}（{u.kind_label}）" for u in added))
        preview = preview_import(ledger, args.file, kind=args.kind)
    for line in preview.report_lines():
        print(line)
    if preview.unknown_units:
        print("提示：加 --add-units 可把上面这些承办单位一步添加到办理单位名录（单位类型可在“基础数据”中修改）。")
    if preview.has_problems and not args.good_rows_only:
        print(
            f"有 {len(preview.problems)} 行有问题，未导入任何数据。"
            "改正后重新导入，或加 --good-rows-only 只导入没问题的行。"
        )
        return 1
    result = apply_import(ledger, preview)
    print(f"已导入 {result.added} 行；已存在跳过 {result.skipped_existing} 行。")
    if result.historical_opinion_ids and not args.conclude_historical:
        print(
            f"其中 {len(result.historical_opinion_ids)} 条意见导入为历史记录（暂停计时，不算超期）；"
            "核实后加 --conclude-historical 再运行一次，可一步标记为已办结。"
        )
    for p in result.failed:
        print(f"  未导入 {p}")
    if args.conclude_historical:
        ids = historical.historical_opinion_ids(ledger, imported_opinion_ids(ledger, preview))
        historical.conclude_historical(ledger, ids)
        print(f"已将 {len(ids)} 条历史记录标记为已办结。")
    return 1 if result.failed else 0

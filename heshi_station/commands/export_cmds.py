"""``heshi-station export-all --db PATH --out DIR``: every ledger table as CSV and JSON, read-only.

For an auditor's copy or a move to another system. The ledger file is opened read-only (it may even sit on
a write-protected drive); the folder gets ``说明.txt`` saying what each file holds.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from heshi_station.commands.ledger_cmds import add_db_argument, db_path
from heshi_station.reports.export_all import export_all


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export-all", help="把台账的每张表导出为 CSV 和 JSON（只读，供审计或迁移）")
    add_db_argument(p)
    p.add_argument("--out", required=True, help="导出到这个文件夹（新的或空的文件夹）")
    p.set_defaults(func=cmd_export_all)


def cmd_export_all(args: argparse.Namespace) -> int:
    path = db_path(args)
    if not path.is_file():
        print(f"错误：台账文件不存在：{path}", file=sys.stderr)
        return 2
    summary = export_all(path, Path(args.out))
    for t in summary.tables:
        print(f"  {t.table}\t{t.rows} 行\t{t.description}")
    print(
        f"已导出 {len(summary.tables)} 张表共 {summary.total_rows} 行到 {summary.out_dir}"
        "（每张表一个 .csv 和一个 .json；说明.txt 写明每个文件的内容）。台账文件以只读方式打开，未被改动。"
    )
    return 0

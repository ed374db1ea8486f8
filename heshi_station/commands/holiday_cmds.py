"""``heshi-station import-holidays FILE``: install a year's official holiday table from a holiday file.

For stations that never sync with the centre. The file format is documented in
``heshi_protocol.holiday_file`` and in README “节假日与办理期限”. A bad file loads nothing and every bad
line is listed (exit code 2); a good one is installed and every provisional (暂定) deadline of an open
opinion that it moves is listed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from heshi_station.commands.ledger_cmds import add_db_argument, db_path
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.holidays import HolidayTableInvalid, import_holiday_file


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import-holidays", help="导入一年的节假日安排（.xlsx 或 .csv：日期、类型、名称）")
    add_db_argument(p)
    p.add_argument("file", type=Path, help="节假日文件（列：日期、类型=放假/调休上班、名称）")
    p.add_argument("--year", type=int, default=None, help="文件所属年份（默认取文件中日期的年份）")
    p.set_defaults(func=cmd_import_holidays)


def cmd_import_holidays(args: argparse.Namespace) -> int:
    path = db_path(args)
    if not path.is_file():
        print(f"错误：台账文件不存在：{path}", file=sys.stderr)
        return 2
    ledger = Ledger.open(path, actor="import-holidays")
    try:
        report = import_holiday_file(ledger, args.file, year=args.year)
    except HolidayTableInvalid as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    finally:
        ledger.close()
    print(report.summary())
    return 0

"""``heshi-station``: the desktop app when run bare, and the ledger's operations without a window.

Every subcommand lives in a module under ``heshi_station.commands`` exposing ``register(subparsers)``;
each sets ``func(args) -> int`` (the exit code). Errors the ledger raises on purpose are printed as one
Chinese line with exit code 2, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from heshi_station.error_messages import user_message

COMMAND_MODULES = [
    "heshi_station.commands.ledger_cmds",
    "heshi_station.commands.sync_cmds",
    "heshi_station.commands.report_cmds",
    "heshi_station.commands.backup_cmds",
    "heshi_station.commands.correction_cmds",
    "heshi_station.commands.import_cmds",
    "heshi_station.commands.station_cmds",
    "heshi_station.commands.export_cmds",
    "heshi_station.commands.holiday_cmds",
    "heshi_station.commands.doctor_cmds",
    "heshi_station.commands.duty_cmds",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="heshi-station", description="代表联络站台账（不带参数运行时打开窗口）")
    parser.add_argument("--demo", action="store_true", help="打开演示数据（不影响正式台账）")
    parser.add_argument("--db", help="台账数据库文件（默认在用户数据目录）")
    parser.add_argument("--self-test", action="store_true", help="自检：在临时文件夹建台账、登记、打印，然后退出")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test:
        return importlib.import_module("heshi_station.selftest").run()
    if args.command is None:
        return _run_window(args)
    try:
        return args.func(args)
    except Exception as exc:  # our own errors, a full disk, a locked or damaged file: one Chinese line
        message = user_message(exc, getattr(args, "db", None))
        if message is None:
            raise  # a bug: the traceback is what the IT helper needs
        print(f"错误：{message}", file=sys.stderr)
        return 2


def _run_window(args: argparse.Namespace) -> int:
    try:
        app = importlib.import_module("heshi_station.ui.app")
    except ModuleNotFoundError:
        build_parser().print_help()
        return 0
    return app.run(args)


if __name__ == "__main__":
    sys.exit(main())

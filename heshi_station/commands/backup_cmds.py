"""Backup subcommands: ``heshi-station backup [--db PATH] [--to DIR]`` and ``heshi-station restore FILE``."""

from __future__ import annotations

import argparse
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from heshi_station.backup import backup_folder, inspect_backup, restore, take_backup
from heshi_station.backup.restore import DifferentStation
from heshi_station.commands.ledger_cmds import add_db_argument, db_path
from heshi_station.db.migrate import LedgerFileError
from heshi_station.ledger.context import Ledger


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="立即备份台账（经完整性校验）")
    add_db_argument(p)
    p.add_argument("--to", help="备份到这个文件夹（默认用设置里的备份文件夹）")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="从备份文件恢复台账（恢复前先备份现在的台账）")
    p.add_argument("file", help="备份文件")
    add_db_argument(p)
    p.add_argument("--yes", action="store_true", help="备份属于另一个联络站时也确认恢复")
    p.set_defaults(func=cmd_restore)


def cmd_backup(args: argparse.Namespace) -> int:
    led = Ledger.open(db_path(args))
    try:
        info = take_backup(led, Path(args.to) if args.to else None)
    finally:
        led.close()
    print(f"已备份并校验：{info.path}（{info.size / 1024:.0f} KB）")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    path = db_path(args)
    check = inspect_backup(args.file)
    folder = _configured_folder(path)
    try:
        result = restore(path, check.path, backup_folder=folder, confirm=args.yes)
    except DifferentStation as exc:
        print(f"未恢复：{exc}\n如确认恢复，请加 --yes 再运行一次。")
        return 3
    station = f"“{check.station.name}”" if check.station else "（未设置联络站）"
    print(f"已从 {check.path} 恢复台账 {station}：接待 {check.receptions} 条，意见 {check.opinions} 条。")
    if result.kept_as:
        print(f"恢复前的台账已另存为：{result.kept_as}")
    return 0


def _configured_folder(path: Path) -> Path | None:
    """The backup folder set in the current ledger, if it can be opened (a damaged one cannot)."""
    if not path.exists():
        return None
    try:
        led = Ledger.open(path)
    except (LedgerFileError, DBAPIError):
        return None
    try:
        return backup_folder(led)
    finally:
        led.close()

"""Sync subcommands: ``sync`` (push then pull, one-line summary), ``sync-config`` (centre address,
auto-sync) and ``sync-token`` (save / forget the token in the OS keyring).

Exit codes of ``sync``: 0 done, 1 the centre could not be reached or refused (message says why), 2 not set
up (no address, token or keyring), 3 another sync is running.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from heshi_station.commands.ledger_cmds import add_db_argument, db_path
from heshi_station.ledger.context import Ledger
from heshi_station.sync import credentials, errors, settings
from heshi_station.sync.status import fixup_list, set_aside_list


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sync", help="与市中心同步（先发送本站记录，再接收市中心更新）")
    add_db_argument(p)
    p.set_defaults(func=cmd_sync)

    p = sub.add_parser("sync-config", help="查看或修改同步设置（市中心地址、自动同步）")
    add_db_argument(p)
    p.add_argument("--centre", help="市中心地址，如 https://sync.example.gov.cn")
    p.add_argument("--auto", choices=["on", "off"], help="联网时自动同步")
    p.set_defaults(func=cmd_config)

    p = sub.add_parser("sync-token", help="把市中心发的同步令牌保存到系统钥匙串（从标准输入读取）")
    add_db_argument(p)
    p.add_argument("--forget", action="store_true", help="从系统钥匙串删除令牌")
    p.set_defaults(func=cmd_token)

    p = sub.add_parser("sync-rejected", help="列出市中心退回的记录及原因，以及无法应用的市中心更新")
    add_db_argument(p)
    p.add_argument("--resend", type=int, metavar="序号", help="把这条被退回的记录按台账中现在的内容重新发送")
    p.set_defaults(func=cmd_rejected)


def cmd_sync(args: argparse.Namespace) -> int:
    from heshi_station.sync.engine import run_sync

    ledger = Ledger.open(db_path(args))
    try:
        result = run_sync(ledger)
    except errors.SyncBusy as exc:
        print(f"未同步：{exc}", file=sys.stderr)
        return 3
    except (errors.NotConfigured, errors.NoKeyringBackend, errors.StationNotSetUp, errors.InsecureAddress) as exc:
        print(f"未同步：{exc}", file=sys.stderr)
        return 2
    except errors.SyncError as exc:
        print(f"同步失败：{exc}", file=sys.stderr)
        return 1
    finally:
        ledger.close()
    print(result.summary())
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    ledger = Ledger.open(db_path(args))
    try:
        if args.centre is not None:
            settings.set_centre_url(ledger, args.centre)
        if args.auto is not None:
            settings.set_auto_sync(ledger, args.auto == "on")
        print(f"市中心地址：{settings.centre_url(ledger) or '（未设置）'}")
        print(f"自动同步：{'开' if settings.auto_sync_enabled(ledger) else '关'}")
        print(f"待同步记录：{ledger.pending_outbox_count()} 条")
        last = settings.last_sync(ledger)
        if last:
            print(f"上次同步：{last.at:%Y-%m-%d %H:%M} {'成功' if last.ok else '失败'}：{last.summary}")
    finally:
        ledger.close()
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    from heshi_station.ledger.reference_data import get_station

    ledger = Ledger.open(db_path(args))
    try:
        station = get_station(ledger)
        if station is None:
            print("错误：本台账还没有设置联络站信息。", file=sys.stderr)
            return 2
        if args.forget:
            credentials.forget_token(station.code)
            print("已从系统钥匙串删除同步令牌")
            return 0
        token = getpass.getpass("同步令牌：") if sys.stdin.isatty() else sys.stdin.readline()
        if not token.strip():
            print("错误：令牌为空", file=sys.stderr)
            return 2
        credentials.save_token(station.code, token.strip())
        print("同步令牌已保存在系统钥匙串")
    finally:
        ledger.close()
    return 0


def cmd_rejected(args: argparse.Namespace) -> int:
    ledger = Ledger.open(db_path(args))
    try:
        if args.resend is not None:
            from heshi_station.sync.resend import resend_rejected

            new_seq = resend_rejected(ledger, args.resend)
            print(f"已重新排队发送（新序号 {new_seq}），下次同步时提交市中心")
            return 0
        rows = fixup_list(ledger)
        set_aside = set_aside_list(ledger)
    finally:
        ledger.close()
    remedies = {
        "correct": "请更正后自动重新发送",
        "resend": "可用 --resend 重新发送",
        "wait": "所属意见送达后自动重新发送",
    }
    for r in rows:
        what = "已修改，待重新发送" if r.fix_waiting else remedies[r.remedy]
        print(f"{r.seq}\t{r.entity_label}\t{r.summary}\t{r.reject_message}\t{what}")
    if not rows:
        print("没有被退回的记录")
    if set_aside:
        print(f"市中心发来的更新中有 {len(set_aside)} 条无法应用，已另存（请把原因告诉市中心）：")
        for c in set_aside:
            print(f"{c.change_seq}\t{c.kind_label}\t{c.summary}\t{c.reason}")
    return 0

"""``heshi-station doctor``: can this PC sync? The keyring, the ledger's station and sync settings, the
token (whether saved, never its value) and the centre — one line each, with what is missing.

Exit code 0 when every check passed, 1 otherwise.
"""

from __future__ import annotations

import argparse

from heshi_station.commands.ledger_cmds import add_db_argument, db_path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("doctor", help="检查同步所需的一切（系统钥匙串、市中心地址、令牌、网络），并说明缺什么")
    add_db_argument(p)
    p.set_defaults(func=cmd_doctor)


def cmd_doctor(args: argparse.Namespace) -> int:
    from heshi_station.sync.doctor import run_checks

    checks = run_checks(db_path(args))
    for c in checks:
        mark = "✓" if c.ok else "✗"
        print(f"{mark} {c.name}：{c.detail}")
    bad = [c for c in checks if not c.ok]
    print("全部正常，可以同步。" if not bad else f"有 {len(bad)} 项需要处理（见上面标 ✗ 的行）。")
    return 0 if not bad else 1

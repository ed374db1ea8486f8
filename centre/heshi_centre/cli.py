"""``heshi-centre``: run the service and administer stations, tokens and centre-owned data.

The database is ``DATABASE_URL`` (e.g. ``postgresql+psycopg://user@host/db``) or, when unset, an SQLite
file in the user data folder. Refused admin actions print one Chinese line and exit with code 2.
On PostgreSQL only ``migrate`` changes the schema; every other command refuses an out-of-date database
(so several workers or hosts never race to migrate). SQLite (the one-machine demo) migrates on any command.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from heshi_centre import admin
from heshi_centre.console import accounts
from heshi_centre.db import make_engine, migrate, new_epoch
from heshi_centre.errors import CentreError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="heshi-centre", description="市人大代表联络服务中心同步服务")
    parser.add_argument("--database-url", help="数据库地址（默认读取 DATABASE_URL，未设置时用本机 SQLite 文件）")
    sub = parser.add_subparsers(dest="command", metavar="命令", required=True)

    p = sub.add_parser("migrate", help="升级数据库结构到本程序的版本（PostgreSQL 上必须在启动服务前单独运行）")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("serve", help="启动同步服务")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8470)
    p.add_argument("--workers", type=_positive, default=1, help="工作进程数（默认 1；PostgreSQL 上可按 CPU 核数增加）")
    p.add_argument("--ssl-certfile", help="HTTPS 证书文件（对外服务时必须使用 HTTPS）")
    p.add_argument("--ssl-keyfile", help="HTTPS 私钥文件")
    p.add_argument("--access-log", help="访问日志文件（默认写到标准错误输出；日志中从不出现令牌）")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("add-user", help="创建网页工作台账号（密码在提示后输入，不显示）")
    p.add_argument("name")
    p.add_argument("--role", required=True, help="市中心管理员 / 县区人大 / 承办单位 / 只读")
    p.add_argument("--district", default="", help="县区人大账号所属的县区")
    p.add_argument("--unit", default="", help="承办单位账号的单位名称")
    p.set_defaults(func=cmd_add_user)

    p = sub.add_parser("add-station", help="登记联络站")
    p.add_argument("code")
    p.add_argument("name")
    p.add_argument("--district", default="")
    p.add_argument("--township", default="")
    p.set_defaults(func=cmd_add_station)

    p = sub.add_parser("issue-token", help="为联络站签发新的同步令牌（旧令牌随即停用；令牌只显示这一次）")
    p.add_argument("code")
    p.set_defaults(func=cmd_issue_token)

    p = sub.add_parser("revoke-token", help="停用联络站的同步令牌")
    p.add_argument("code")
    p.set_defaults(func=cmd_revoke_token)

    p = sub.add_parser("record-event", help="在联络站的意见上记录市中心的办理记录（如单位答复）")
    p.add_argument("station_code")
    p.add_argument("opinion_id")
    p.add_argument("kind", help="办理类型，如 办理答复 / replied")
    p.add_argument("--note", default="")
    p.add_argument("--data", default="{}", help='JSON，例如 {"reply": "已修复"}')
    p.add_argument("--actor", default="")
    p.set_defaults(func=cmd_record_event)

    p = sub.add_parser(
        "load",
        help="从 CSV 或 xlsx 导入基础数据：代表名单（roster）、办理单位（units）、意见类别（categories）或"
        "一年的节假日表（holidays）；有任何一行有问题就不导入，并逐行列出问题。模板可在网页工作台“基础数据”下载",
    )
    p.add_argument("kind", choices=["roster", "units", "categories", "holidays"])
    p.add_argument("path", type=Path)
    p.add_argument("--station", help="代表名单所属联络站的编码（文件中有“联络站编码”列时可不填）")
    p.set_defaults(func=cmd_load)

    p = sub.add_parser(
        "load-holidays", help="导入节假日表：节假日文件（.xlsx/.csv：日期、类型、名称）或 JSON（默认使用程序自带的表）"
    )
    p.add_argument("path", type=Path, nargs="?")
    p.set_defaults(func=cmd_load_holidays)

    p = sub.add_parser("openapi", help="输出 OpenAPI 接口说明（JSON）；--write 时写入 centre/heshi_centre/openapi.json")
    p.add_argument("--write", action="store_true")
    p.set_defaults(func=cmd_openapi)

    p = sub.add_parser(
        "partition", help="输出把随记录增长的表按联络站分区的 SQL（仅 PostgreSQL；停服、备份后用 psql 执行）"
    )
    p.add_argument("--plan", action="store_true", required=True, help="只输出 SQL，不连接数据库")
    p.add_argument("--partitions", type=int, default=16, help="每张表的分区数（默认 16）")
    p.set_defaults(func=cmd_partition)

    p = sub.add_parser("new-epoch", help="从备份恢复数据库后运行：各联络站会重新提交市中心可能丢失的记录")
    p.set_defaults(func=cmd_new_epoch)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CentreError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return 2


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if not 1 <= number <= 64:
        raise argparse.ArgumentTypeError("工作进程数应为 1 到 64 之间的整数")
    return number


def _factory(args: argparse.Namespace):
    from heshi_centre.serving import open_for_serving

    return open_for_serving(args.database_url)[1]


def cmd_migrate(args: argparse.Namespace) -> int:
    engine = make_engine(args.database_url)
    try:
        before, after = migrate(engine)
    finally:
        engine.dispose()
    if before == after:
        print(f"数据库结构已是最新版本 {after}，无需升级")
    else:
        print(f"已将数据库结构从 {before or '空库'} 升级到 {after}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from heshi_centre.serving import serve

    scheme = "https" if args.ssl_certfile else "http"

    def announce(factory) -> None:
        workers = f"（{args.workers} 个工作进程）" if args.workers > 1 else ""
        print(f"市中心网页工作台：{scheme}://{args.host}:{args.port}/console/{workers}", flush=True)
        with factory() as s:
            if accounts.user_count(s) == 0:
                print(FIRST_USER_HINT, flush=True)

    serve(
        database_url=args.database_url,
        host=args.host,
        port=args.port,
        workers=args.workers,
        ssl_certfile=args.ssl_certfile,
        ssl_keyfile=args.ssl_keyfile,
        access_log=args.access_log,
        on_ready=announce,
    )
    return 0


FIRST_USER_HINT = (
    "还没有任何网页工作台账号。请先创建第一个管理员：\n"
    "  uv run heshi-centre add-user 管理员 --role 市中心管理员\n"
    "（按提示输入两遍密码，至少8位）"
)


def _read_password() -> str:
    """Twice from a hidden prompt on a terminal; one line from standard input otherwise (scripts, tests)."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    first = getpass.getpass("密码：")
    if getpass.getpass("再输入一遍：") != first:
        raise CentreError("两次输入的密码不一致，账号未创建")
    return first


def cmd_add_user(args: argparse.Namespace) -> int:
    password = _read_password()
    with _factory(args).begin() as s:
        user = accounts.add_user(s, args.name, args.role, password, district=args.district, unit=args.unit)
        accounts.audit(s, None, "add_user", user.name, name="命令行", detail={"role": user.role})
        known_unit = not user.unit or accounts.unit_exists(s, user.unit)
        print(f"已创建账号 {user.name}（{accounts.Role(user.role).label}）")
    if not known_unit:
        print(
            f"提示：暂时没有名为“{args.unit.strip()}”的办理单位，转办给该名称单位的意见会出现在此账号中",
            file=sys.stderr,
        )
    return 0


def cmd_add_station(args: argparse.Namespace) -> int:
    with _factory(args).begin() as s:
        st = admin.add_station(s, args.code, args.name, args.district, args.township)
        print(f"已登记联络站 {st.code} {st.name}")
    return 0


def cmd_issue_token(args: argparse.Namespace) -> int:
    with _factory(args).begin() as s:
        token = admin.issue_token(s, args.code)
    print(token)
    print(f"这是联络站 {args.code} 的新同步令牌，只显示这一次。请安全地交给联络员；旧令牌已停用。", file=sys.stderr)
    return 0


def cmd_revoke_token(args: argparse.Namespace) -> int:
    with _factory(args).begin() as s:
        n = admin.revoke_token(s, args.code)
    print(f"已停用联络站 {args.code} 的 {n} 个令牌")
    return 0


def cmd_record_event(args: argparse.Namespace) -> int:
    try:
        data = json.loads(args.data)
    except json.JSONDecodeError as exc:
        raise CentreError(f"--data 不是有效的 JSON：{exc}") from exc
    if not isinstance(data, dict):
        raise CentreError("--data 应为 JSON 对象")
    with _factory(args).begin() as s:
        event_id, seq = admin.record_event(
            s, args.station_code, args.opinion_id, args.kind, note=args.note, data=data, actor=args.actor
        )
    print(f"已记录办理记录 {event_id}（变更序号 {seq}），联络站下次同步时收到")
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    from heshi_centre.reference_load import load_file

    # A refused file raises ReferenceRefused: main() prints its report (every bad row) and exits with 2.
    with _factory(args).begin() as s:
        report = load_file(s, args.kind, args.path, args.station)
    print(report.summary())
    return 0


def cmd_load_holidays(args: argparse.Namespace) -> int:
    with _factory(args).begin() as s:
        n = admin.load_holidays(s, args.path)
    print(f"已导入节假日表，{n} 个年份有变化")
    return 0


def cmd_openapi(args: argparse.Namespace) -> int:
    from heshi_centre.app import OPENAPI_PATH, openapi_text

    text = openapi_text()
    if args.write:
        OPENAPI_PATH.write_text(text, encoding="utf-8")
        print(f"已写入 {OPENAPI_PATH}")
    else:
        print(text, end="")
    return 0


def cmd_partition(args: argparse.Namespace) -> int:
    from heshi_centre.partition import partition_plan

    print(partition_plan(args.partitions), end="")
    return 0


def cmd_new_epoch(args: argparse.Namespace) -> int:
    with _factory(args).begin() as s:
        epoch = new_epoch(s)
    print(f"新纪元 {epoch}：各联络站下次同步时会重新提交市中心可能缺少的记录，并重新下载市中心数据")
    return 0


if __name__ == "__main__":
    sys.exit(main())

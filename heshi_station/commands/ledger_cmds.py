"""Ledger subcommands: demo, stats, search, check."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from heshi_protocol.figures import FIGURES, NOTES, definition_lines, format_rate
from heshi_station.db.migrate import current_revision, head_revision, integrity_errors
from heshi_station.ledger import stats
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.search import search_results
from heshi_station.paths import default_db_path


def db_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else default_db_path()


def add_db_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="台账数据库文件（默认在用户数据目录）")


def parse_month(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise argparse.ArgumentTypeError(f"月份格式应为 YYYY-MM，例如 2026-11，而不是“{text}”")
    return int(m.group(1)), int(m.group(2))


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="生成演示数据（虚构人员）")
    add_db_argument(p)
    p.add_argument("--scale", type=int, default=600, help="接待记录数（默认600；基准测试用100000，约20万条台账记录）")
    p.add_argument("--seed", type=int, default=2019)
    p.add_argument("--station-code", default=None, help="演示联络站的编码（默认 QB-JS-01）")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("stats", help="月度工作统计")
    add_db_argument(p)
    p.add_argument("--month", type=parse_month, help="YYYY-MM（只看统计口径时可省略）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.add_argument("--definitions", action="store_true", help="列出每个指标的统计口径")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("search", help="搜索接待、意见和代表")
    add_db_argument(p)
    p.add_argument("text")
    add_limit_argument(p)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("check", help="检查台账文件完整性和数据库版本")
    add_db_argument(p)
    p.set_defaults(func=cmd_check)


def cmd_demo(args: argparse.Namespace) -> int:
    from heshi_station.commands.station_cmds import station_code_problem
    from heshi_station.demo.generator import generate

    path = db_path(args)
    if path.exists() and path.stat().st_size > 0:
        print(f"错误：{path} 已存在。演示数据只能生成到新文件，以免混入正式台账。", file=sys.stderr)
        return 2
    if args.station_code is not None and (problem := station_code_problem(args.station_code)):
        print(f"错误：联络站编码“{args.station_code}”{problem}", file=sys.stderr)
        return 2
    ledger = Ledger.open(path, actor="演示")

    def progress(done: int, total: int) -> None:
        print(f"\r已生成 {done}/{total} 条接待记录", end="", file=sys.stderr, flush=True)

    summary = generate(ledger, seed=args.seed, scale=args.scale, progress=progress, station_code=args.station_code)
    print(file=sys.stderr)
    print(
        f"演示台账：{path}\n代表 {summary.deputies} 人，接待日 {summary.reception_days} 个，"
        f"接待 {summary.receptions} 次，"
        f"意见 {summary.opinions} 条，办理记录 {summary.handling_steps} 条"
    )
    return 0


def _print_definitions() -> None:
    print("月度统计口径")
    for line in definition_lines():
        print(f"  {line}")


def cmd_stats(args: argparse.Namespace) -> int:
    if args.month is None:
        if args.definitions and not args.json:
            _print_definitions()
            return 0
        if args.definitions:
            print(json.dumps(_definitions_json(), ensure_ascii=False))
            return 0
        print("错误：请用 --month YYYY-MM 指定统计月份（或用 --definitions 只看统计口径）", file=sys.stderr)
        return 2
    ledger = Ledger.open(db_path(args))
    year, month = args.month
    result = stats.monthly_stats(ledger, year, month)
    s = result.summary()
    if args.json:
        out = {**s, "definitions": _definitions_json()} if args.definitions else s
        print(json.dumps(out, ensure_ascii=False))
        return 0
    print(f"{year}年{month}月 工作统计（截至 {result.as_of.isoformat()}）")
    for f in FIGURES:
        value = s[f.key]
        print(f"  {f.name}：{format_rate(value) if f.key.endswith('_rate') else value}")
    if args.definitions:
        print()
        _print_definitions()
    return 0


def _definitions_json() -> list[dict[str, str]]:
    return [{"key": f.key, "name": f.name, "definition": f.definition} for f in FIGURES] + [
        {"key": "note", "name": "说明", "definition": n} for n in NOTES
    ]


def cmd_search(args: argparse.Namespace) -> int:
    ledger = Ledger.open(db_path(args))
    results = search_results(ledger, args.text, limit=args.limit)
    hits = results.hits
    kinds = {"reception": "接待", "opinion": "意见", "deputy": "代表"}
    for h in hits:
        day = h.day.isoformat() if h.day else "          "
        print(f"{kinds[h.kind]}\t{day}\t{h.title}\t{h.text[:60]}")
    if not hits:
        print("没有找到匹配的记录")
    print_partial_note(results)
    return 0


SEARCH_KINDS = {"reception": "接待", "opinion": "意见", "deputy": "代表"}


def add_limit_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--limit", type=_positive_int, default=50, metavar="N", help="每类最多显示 N 条（最新的在前，默认 50）"
    )


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"“{value}”不是正整数")
    return n


def print_partial_note(results) -> None:
    """Say plainly when some kind of record has more matches than were printed, and how many."""
    parts = [
        f"{SEARCH_KINDS[kind]}共 {total} 条，只显示了最新的 {results.shown(kind)} 条"
        for kind, total in results.totals.items()
        if total > results.shown(kind)
    ]
    if parts:
        print(f"注意：结果未全部显示（{'；'.join(parts)}）。请加关键词缩小范围，或用 --limit 显示更多。")


def cmd_check(args: argparse.Namespace) -> int:
    path = db_path(args)
    if not path.exists():
        print(f"错误：台账文件不存在：{path}", file=sys.stderr)
        return 2
    revision = current_revision(path)
    problems = integrity_errors(path)
    head = head_revision()
    print(f"文件：{path}\n数据库版本：{revision or '（空）'}（本程序：{head}）")
    print("完整性检查：通过" if not problems else f"完整性检查：未通过 {problems[:5]}")
    if not problems and revision is not None:
        _print_table_counts(path)
        _print_year_end_notice(path)
    return 0 if not problems and revision == head else 1


def _print_year_end_notice(path: Path) -> None:
    from datetime import date

    from heshi_station.db.readonly import open_readonly
    from heshi_station.ledger.holidays import notice_for_years

    db = open_readonly(path)
    try:
        years = {int(r[0]) for r in db.execute("SELECT year FROM calendar_year").fetchall()}
    finally:
        db.close()
    notice = notice_for_years(years, date.today())
    print(f"节假日安排：{notice.text()}" if notice else "节假日安排：今年和（11月起）明年的正式安排都已具备")


def _print_table_counts(path: Path) -> None:
    from heshi_station.db.readonly import table_counts
    from heshi_station.reports.export_all import TABLE_DESCRIPTIONS

    counts = table_counts(path)
    print(f"各表行数（只读读取，共 {len(counts)} 张表，不含搜索索引）：")
    for table, n in counts.items():
        label = TABLE_DESCRIPTIONS.get(table, "").split("（")[0].split("：")[0]
        print(f"  {table}\t{n}\t{label}")

"""``heshi-station init``: a new, empty station ledger for the station's IT helper.

``init --db PATH --station-code CODE --name NAME --clerk NAME [--district …] [--township …] [--address …]``
refuses an existing file (a ledger is never overwritten), checks every field before anything is created,
and builds the ledger under a temporary name beside PATH, moving it into place only when complete: after
any failure there is either no file at PATH or a complete ledger.
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import sys
from pathlib import Path

from heshi_station.ledger import reference_data
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import StationInput
from heshi_station.ledger.errors import FieldError, ValidationFailed

CODE_MAX = 32  # the centre's station code column
_CODE_BAD = re.compile(r"[\s\x00-\x1f\x7f]")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="新建一个空的联络站台账（文件已存在时拒绝）")
    p.add_argument("--db", required=True, help="新台账文件的路径（不能已存在）")
    p.add_argument("--station-code", required=True, help="联络站编码（市中心登记的编码，如 QB-JS-01）")
    p.add_argument("--name", required=True, help="联络站名称")
    p.add_argument("--clerk", required=True, help="联络员姓名")
    p.add_argument("--district", default="", help="所在县(区)")
    p.add_argument("--township", default="", help="所在街道或乡镇")
    p.add_argument("--address", default="", help="联络站地址")
    p.set_defaults(func=cmd_init)


def station_code_problem(code: str) -> str | None:
    code = code.strip()
    if not code:
        return "必须填写"
    if len(code) > CODE_MAX:
        return f"不能超过{CODE_MAX}个字符（现在是{len(code)}个）"
    if _CODE_BAD.search(code):
        return "不能包含空格或控制字符"
    return None


def check_init(code: str, name: str, clerk: str) -> None:
    """Raise ValidationFailed naming every bad field (nothing is created before this passes)."""
    errors = []
    if p := station_code_problem(code):
        errors.append(FieldError("station_code", "联络站编码", p))
    for fld, label, value in (("name", "联络站名称", name), ("clerk", "联络员姓名", clerk)):
        if not value.strip():
            errors.append(FieldError(fld, label, "必须填写"))
        elif re.search(r"[\x00-\x1f\x7f]", value):
            errors.append(FieldError(fld, label, "不能包含控制字符"))
    if errors:
        raise ValidationFailed(errors)


def init_ledger(path: Path, data: StationInput, clerk: str) -> None:
    """Create a complete new ledger at ``path`` (which must not exist); see the module docstring.

    Raises FileExistsError when ``path`` exists (also when it appeared while the ledger was being built).
    """
    if path.exists():
        raise FileExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.init-{os.getpid()}")
    try:
        ledger = Ledger.open(tmp, actor=clerk.strip())
        try:
            reference_data.set_up_station(ledger, data, clerk_name=clerk)
        finally:
            ledger.close()
        _fold_wal_into_file(tmp)
        try:
            os.link(tmp, path)  # fails if PATH appeared meanwhile: never replaces a file
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links
            if path.exists():
                raise FileExistsError(path) from None
            os.replace(tmp, path)
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)


def _fold_wal_into_file(path: Path) -> None:
    """Checkpoint the write-ahead log into the file itself, so the file alone is the whole ledger."""
    con = sqlite3.connect(path)
    try:
        busy, _, _ = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        con.close()
    wal = Path(f"{path}-wal")
    if busy or (wal.exists() and wal.stat().st_size > 0):
        raise OSError(f"新台账 {path} 的写入日志未能合并，未完成新建")


def cmd_init(args: argparse.Namespace) -> int:
    path = Path(args.db)
    if path.exists():
        print(
            f"错误：{path} 已存在，未做任何改动。init 只新建台账，不会覆盖已有的文件；"
            "请换一个文件名，或直接用 --db 打开这个台账。",
            file=sys.stderr,
        )
        return 2
    check_init(args.station_code, args.name, args.clerk)
    data = StationInput(
        code=args.station_code.strip(), name=args.name.strip(), district=args.district.strip(),
        township=args.township.strip(), address=args.address.strip(),
    )  # fmt: skip
    try:
        init_ledger(path, data, args.clerk)
    except FileExistsError:
        print(f"错误：{path} 刚刚被其他程序创建，未覆盖。", file=sys.stderr)
        return 2
    print(
        f"已新建台账：{path}\n联络站：{data.name}（编码 {data.code}）"
        + (f"，{data.district}{data.township}" if data.district or data.township else "")
        + f"\n联络员：{args.clerk.strip()}\n下一步：添加代表名册、办理单位和意见类别（窗口的“代表名册”“基础数据”），"
        "或用 heshi-station import-xlsx 导入以前的台账。"
    )
    return 0

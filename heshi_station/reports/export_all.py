"""Every ledger table as CSV and JSON, for an auditor or a move to another system (``heshi-station export-all``).

Guarantees:
- the ledger is read through :func:`heshi_station.db.readonly.open_readonly` (SQLite read-only mode): the
  export cannot change the ledger, and needs none of the program's custom SQL functions;
- each table in :func:`~heshi_station.db.readonly.ledger_tables` becomes ``<table>.csv`` (UTF-8 with BOM so
  Excel shows Chinese; first row the column names; every row of the table, in primary-key order) and
  ``<table>.json`` (UTF-8, an array of objects; JSON columns such as an event's data stay structured);
- ``说明.txt`` says in Chinese what each file holds, with row counts, and ``manifest.json`` says the same
  for programs; the counts are those of the rows written;
- files are written under a temporary name and renamed when complete, into a folder that must be empty
  or new (an export never mixes with an older one); tables are streamed, so a large ledger does not
  have to fit in memory.
"""

from __future__ import annotations

import base64
import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from heshi_station.db.readonly import ledger_tables, open_readonly
from heshi_station.db.search_tokens import is_search_index_table
from heshi_station.ledger.errors import LedgerError

#: What each table holds, as the clerk and an auditor would say it.
TABLE_DESCRIPTIONS: dict[str, str] = {
    "station": "联络站信息（名称、编码、所在区和街道乡镇）",
    "clerk": "联络员",
    "deputy": "代表名册（姓名、性别、代表层级、选区、电话、是否在用）",
    "handling_unit": "办理单位（单位名称、单位类型、上级单位）",
    "category": "意见类别及办理时限（工作日）",
    "reception": "选民接待登记：每次接待一行（时间、方式、反映问题、类别、办理情况、是否保密、更正和作废信息）",
    "visitor": "来访群众：每次接待的来访人（姓名、性别、电话、身份证号、村(社区)、来访人数），reception_id 指向接待",
    "reception_deputy": "接待与接待代表的对应（reception_id、deputy_id）",
    "opinion": "意见建议：每条意见的登记内容，以及由办理记录推出的当前状态、主办单位、截止日期、办结日期",
    "opinion_deputy": "意见与代表的对应（opinion_id、deputy_id）",
    "opinion_event": "办理记录：每条意见的每一步办理（登记、转办、答复、反馈、办结……），只增不改；data 列为详细内容",
    "reception_day": "接待日（日期、时间、地点、主题）",
    "rota": "接待日排班：接待日与值班代表的对应",
    "attendance": "代表进站履职：代表每天的出席、请假或缺席，到站和离站时间，履职内容",
    "calendar_year": "节假日安排已有的年份及其来源",
    "calendar_day": "节假日安排：放假日和调休上班日",
    "audit_log": "审计日志：每次改动的时间、操作人、操作和对象",
    "outbox": "待同步记录：发往市中心的每一次改动（payload 列为改动内容）及同步结果",
    "pull_set_aside": "市中心发来但本站无法应用、已另存的更新（change_seq、类型、编号、原因、内容）",
    "sync_cursor": "同步进度：已从市中心接收到的位置",
    "app_setting": "本机设置（备份文件夹、打印时是否隐去个人信息等；同步令牌不在台账中，保存在系统钥匙串）",
    "alembic_version": "台账数据库的版本号",
    "duty_activity": "代表履职活动：视察、调研、会议、联系选民、述职、培训（日期、地点、内容、联系对象和方式）",
    "duty_activity_deputy": "履职活动与参加代表的对应（activity_id、deputy_id）",
    "report_back": "述职测评：代表述职的日期、地点、到会选民人数、述职摘要，满意、基本满意、不满意和无效票数",
    "project_vote": "民生实事项目票决：年度、票决日期、通过规则、全体代表人数",
    "project_vote_deputy": "参加票决的代表（vote_id、deputy_id）",
    "vote_project": "票决的候选项目：名称、实施单位、预算（元），赞成、反对、弃权票数，vote_id 指向票决",
    "training": "培训台账：培训主题、主办单位、日期、学时、地点",
    "training_attendee": "参加培训的代表：出席、请假或缺席及请假事由",
}
UNDESCRIBED = "（本版本程序未说明此表的内容）"


class ExportError(LedgerError):
    """The export cannot be made (the folder is not empty, the ledger cannot be read…)."""


@dataclass(frozen=True)
class ExportedTable:
    table: str
    description: str
    rows: int
    columns: tuple[str, ...]
    csv_file: str
    json_file: str


@dataclass(frozen=True)
class ExportSummary:
    ledger: str
    out_dir: str
    exported_at: str
    schema_revision: str
    station: str
    tables: tuple[ExportedTable, ...]
    left_out: tuple[str, ...]

    @property
    def total_rows(self) -> int:
        return sum(t.rows for t in self.tables)


def _cell_for_json(value, is_json: bool):
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if is_json and isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _cell_for_csv(value):
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return "" if value is None else value


def _rows(db, table: str) -> Iterator[dict]:
    pks = [c.name for c in db[table].columns if c.is_pk]
    order = ", ".join(f"[{p}]" for p in pks) if pks else "rowid"
    return db[table].rows_where(order_by=order)


def _write_table(db, table: str, out_dir: Path) -> ExportedTable:
    columns = [c.name for c in db[table].columns]
    json_columns = {c.name for c in db[table].columns if (c.type or "").upper() == "JSON"}
    csv_path, json_path = out_dir / f"{table}.csv", out_dir / f"{table}.json"
    csv_tmp, json_tmp = csv_path.with_name(csv_path.name + ".part"), json_path.with_name(json_path.name + ".part")
    count = 0
    with (
        csv_tmp.open("w", encoding="utf-8-sig", newline="") as cf,
        json_tmp.open("w", encoding="utf-8") as jf,
    ):
        writer = csv.writer(cf)
        writer.writerow(columns)
        jf.write("[")
        for row in _rows(db, table):
            writer.writerow([_cell_for_csv(row[c]) for c in columns])
            obj = {c: _cell_for_json(row[c], c in json_columns) for c in columns}
            jf.write(("\n" if count == 0 else ",\n") + json.dumps(obj, ensure_ascii=False))
            count += 1
        jf.write("\n]\n")
    csv_tmp.replace(csv_path)
    json_tmp.replace(json_path)
    return ExportedTable(
        table=table,
        description=TABLE_DESCRIPTIONS.get(table, UNDESCRIBED),
        rows=count,
        columns=tuple(columns),
        csv_file=csv_path.name,
        json_file=json_path.name,
    )


def _prepare_folder(out_dir: Path) -> None:
    if out_dir.exists():
        if not out_dir.is_dir():
            raise ExportError(f"{out_dir} 是一个文件，不是文件夹。请指定一个新的或空的文件夹。")
        if any(out_dir.iterdir()):
            raise ExportError(f"文件夹 {out_dir} 里已经有文件。为免与以前的导出混在一起，请指定一个新的或空的文件夹。")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"无法创建文件夹 {out_dir}：{exc}") from exc


def _station(db) -> str:
    if "station" not in db.table_names():
        return ""
    row = next(iter(db["station"].rows_where(limit=1)), None)
    return f"{row['name']}（{row['code']}）" if row else ""


def export_all(
    ledger_path: Path | str, out_dir: Path | str, *, progress: Callable[[str, int], None] | None = None
) -> ExportSummary:
    """Write every ledger table of ``ledger_path`` to ``out_dir`` (see the module docstring)."""
    ledger_path, out_dir = Path(ledger_path), Path(out_dir)
    db = open_readonly(ledger_path)
    try:
        tables = ledger_tables(db)
        if "alembic_version" not in tables or "reception" not in tables:
            raise ExportError(f"{ledger_path} 不是本程序的台账数据库，未导出。")
        _prepare_folder(out_dir)
        revision = next(iter(db["alembic_version"].rows), {}).get("version_num", "")
        exported = []
        for table in tables:
            exported.append(_write_table(db, table, out_dir))
            if progress:
                progress(table, exported[-1].rows)
        left_out = tuple(sorted(t for t in db.table_names() if t not in tables))
        summary = ExportSummary(
            ledger=str(ledger_path.resolve()),
            out_dir=str(out_dir.resolve()),
            exported_at=datetime.now().astimezone().isoformat(timespec="seconds"),
            schema_revision=revision,
            station=_station(db),
            tables=tuple(exported),
            left_out=left_out,
        )
    finally:
        db.close()
    _write_manifest(summary, out_dir)
    return summary


def describe(summary: ExportSummary) -> list[str]:
    """The lines of ``说明.txt``: what the export is and what each file holds."""
    search = [t for t in summary.left_out if is_search_index_table(t)]
    internal = [t for t in summary.left_out if t not in search]
    lines = [
        "代表联络站台账 全部数据导出（只读导出：导出时台账文件以只读方式打开，未被改动）",
        f"台账文件：{summary.ledger}",
        f"联络站：{summary.station or '（未设置）'}",
        f"数据库版本：{summary.schema_revision}",
        f"导出时间：{summary.exported_at}",
        f"共 {len(summary.tables)} 张表，{summary.total_rows} 行。",
        "",
        "每张表导出为两个文件：",
        "  表名.csv  —— UTF-8（带 BOM，Excel/WPS 可直接打开），第一行是列名，之后每行是表中的一行；",
        "  表名.json —— UTF-8，对象数组，每个对象是一行；JSON 列（如办理记录的 data）保持原有结构。",
        "日期时间为 ISO 8601 文本（带时区），是/否为 1/0，空值在 CSV 中为空、在 JSON 中为 null。",
        "manifest.json 以程序可读的形式列出同样的内容。",
        "",
        "文件 | 行数 | 内容",
    ]
    for t in summary.tables:
        lines.append(f"{t.csv_file} / {t.json_file} | {t.rows} | {t.description}")
        lines.append(f"    列：{', '.join(t.columns)}")
    lines.append("")
    if search:
        lines.append("未导出（由上面的表自动生成、程序可随时重建的全文搜索索引）：" + "、".join(search))
    if internal:
        lines.append("未导出（SQLite 自身的内部表）：" + "、".join(internal))
    return lines


def _write_manifest(summary: ExportSummary, out_dir: Path) -> None:
    text = "\n".join(describe(summary)) + "\n"
    (out_dir / "说明.txt").write_text(text, encoding="utf-8-sig")
    data = asdict(summary)
    data["total_rows"] = summary.total_rows
    (out_dir / "manifest.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

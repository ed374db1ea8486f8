"""基础数据 from a spreadsheet: the deputies of a station (roster), the handling units, the opinion
categories with their time limits, and a year of the holiday table — one code path for the console's
upload and the ``heshi-centre load`` command line.

Guarantees:
- the file is read as the station's import reads it (``heshi_protocol.sheet_files``: .xlsx or .csv in
  UTF-8/GB18030, a renamed or damaged file named for what it is);
- :func:`check_file` writes nothing and lists EVERY bad row as a :class:`RowProblem` (row number as Excel
  shows it, the column, a Chinese reason); values are read with ``heshi_protocol.reference_values`` (all
  five deputy levels, 市级/区级… included) and each row's payload passes the shared schema
  (``heshi_protocol.schemas.change_problems``) and the centre's column lengths, so no station can receive
  a change it cannot apply; a holiday year gets ``holiday_file``'s checks;
- :func:`load_file` loads only when there is no problem at all, in the caller's transaction, through
  ``feed.save_*`` (so stations get the changes on their next pull); otherwise it raises
  :class:`ReferenceRefused` carrying the whole report and has written nothing. Loading the same file
  twice changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import uuid6
from sqlalchemy import select
from sqlalchemy.orm import Session

from heshi_centre import feed
from heshi_centre.errors import AdminError
from heshi_centre.models import CentreCategory, CentreDeputy, CentreStation, CentreUnit
from heshi_protocol import reference_values as rv
from heshi_protocol.holiday_file import COLUMNS as HOLIDAY_COLUMNS
from heshi_protocol.holiday_file import HolidayTableInvalid, read_holiday_file
from heshi_protocol.schemas import change_problems
from heshi_protocol.sheet_files import ImportFileError, read_grids

KINDS = {"roster": "代表名单", "units": "办理单位", "categories": "意见类别", "holidays": "节假日表"}
STATION_COLUMN = "联络站编码"
ACTIVE_COLUMN = "在用"
# Every column of each kind (header → payload field); required ones first. ``STATION_COLUMN`` is optional
# in a roster: without it the whole file belongs to the station chosen on the form (or ``--station``).
COLUMNS: dict[str, dict[str, str]] = {
    "roster": {
        "姓名": "name",
        "代表层级": "level",
        "性别": "gender",
        "选区": "constituency",
        "电话": "phone",
        ACTIVE_COLUMN: "active",
        STATION_COLUMN: "station",
    },
    "units": {"单位名称": "name", "单位类型": "kind", "上级单位": "parent", ACTIVE_COLUMN: "active"},
    "categories": {"意见类别": "name", "办理时限": "time_limit_days", ACTIVE_COLUMN: "active"},
    "holidays": {c: c for c in HOLIDAY_COLUMNS},
}
REQUIRED = {
    "roster": ("姓名", "代表层级"),
    "units": ("单位名称", "单位类型"),
    "categories": ("意见类别", "办理时限"),
    "holidays": HOLIDAY_COLUMNS,
}
# The centre's column widths (models.py); longer text would be refused by PostgreSQL mid-load.
MAX_LENGTH = {
    ("roster", "name"): 50,
    ("roster", "constituency"): 100,
    ("roster", "phone"): 20,
    ("units", "name"): 100,
    ("categories", "name"): 50,
}
TIME_LIMIT_RANGE = (1, 120)
_PHONE_RE = re.compile(r"^[0-9+\-() ]{3,20}$")
_ROW_RE = re.compile(r"^第(\d+)行：(.*)$", re.S)


@dataclass(frozen=True)
class RowProblem:
    row: int  # as Excel shows it; 0 = the file as a whole
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"第{self.row}行" if self.row else "文件"
        return f"{where}{'「' + self.column + '」' if self.column else ''}：{self.reason}"


@dataclass
class LoadReport:
    """What a file holds and what is wrong with it (or, after loading, how many rows changed)."""

    kind: str
    file_name: str
    rows: int = 0  # data rows read (blank lines not counted)
    problems: list[RowProblem] = field(default_factory=list)
    changed: int = 0
    loaded: bool = False
    parsed: list[dict] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        what = KINDS.get(self.kind, self.kind)
        if self.loaded:
            return f"{what}已导入：共 {self.rows} 行，{self.changed} 条有变化，联络站下次同步时收到"
        if self.problems:
            bad_rows = len({p.row for p in self.problems})
            return f"{self.file_name} 中有 {bad_rows} 行有问题，未导入任何数据（{what}）"
        return f"{what}检查无误：共 {self.rows} 行"

    def as_dict(self) -> dict:
        problems = [{"row": p.row, "column": p.column, "reason": p.reason} for p in self.problems]
        return {
            "kind": self.kind,
            "kind_label": KINDS.get(self.kind, self.kind),
            "file": self.file_name,
            "rows": self.rows,
            "changed": self.changed,
            "loaded": self.loaded,
            "summary": self.summary(),
            "problems": problems,
        }

    def text(self) -> str:
        return "\n".join([self.summary(), *(f"  {p}" for p in self.problems)])


class ReferenceRefused(AdminError):
    """A file with problems: nothing was loaded; ``report`` lists every bad row."""

    def __init__(self, report: LoadReport):
        self.report = report
        super().__init__(report.text())


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _header_key(text: str) -> str:
    # "姓名*" / "姓名（必填）" as a template might mark it read as 姓名.
    return re.sub(r"(\*|（必填）|\(必填\))$", "", "".join(_cell(text).split()))


def check_file(
    session: Session, kind: str, path: Path, station_code: str | None = None, file_name: str | None = None
) -> LoadReport:
    """Read and check ``path`` as ``kind``; writes nothing. ``file_name``: the name the user knows it by."""
    if kind not in KINDS:
        raise AdminError(f"未知的数据类型：{kind}（可选 {'、'.join(f'{k}（{v}）' for k, v in KINDS.items())}）")
    path = Path(path)
    report = LoadReport(kind, file_name or path.name)
    if kind == "holidays":
        return _check_holidays(report, path)
    try:
        grids = read_grids(path)
    except ImportFileError as exc:
        report.problems.append(RowProblem(0, "", str(exc)))
        return report
    # The template's own sheet if it is there (a user may have moved 说明 first), else the first sheet.
    grid = next((g for g in grids if g.title == "数据"), grids[0] if grids else None)
    numbered = [(n, [_cell(c) for c in r]) for n, r in enumerate(grid.rows if grid else [], start=1)]
    numbered = [(n, r) for n, r in numbered if any(r)]
    if not numbered:
        report.problems.append(RowProblem(0, "", "文件是空的"))
        return report
    header_line, header = numbered[0]
    header = [_header_key(h) for h in header]
    missing = [c for c in REQUIRED[kind] if c not in header]
    if missing:
        report.problems.append(
            RowProblem(
                header_line, "", f"第一行应为列名，缺少：{'、'.join(missing)}（可用的列：{'、'.join(COLUMNS[kind])}）"
            )
        )
        return report
    unknown = [h for h in header if h and h not in COLUMNS[kind]]
    if unknown:
        report.problems.append(
            RowProblem(header_line, "", f"不认识的列：{'、'.join(unknown)}（可用的列：{'、'.join(COLUMNS[kind])}）")
        )
        return report
    rows = [(n, {h: (r[i] if i < len(r) else "") for i, h in enumerate(header) if h}) for n, r in numbered[1:]]
    report.rows = len(rows)
    if not rows:
        report.problems.append(RowProblem(0, "", "文件只有列名，没有数据行"))
        return report
    checker = {"roster": _check_roster, "units": _check_units, "categories": _check_categories}[kind]
    checker(session, report, rows, station_code)
    return report


def load_file(
    session: Session, kind: str, path: Path, station_code: str | None = None, file_name: str | None = None
) -> LoadReport:
    """Check, then load everything or nothing; raises :class:`ReferenceRefused` when any row is bad."""
    report = check_file(session, kind, path, station_code, file_name)
    if not report.ok:
        raise ReferenceRefused(report)
    if kind == "holidays":
        table = report.parsed[0]["table"]
        report.changed = int(feed.save_holiday_year(session, table.year, table.source or "centre", table.rows()))
    elif kind == "roster":
        report.changed = _save_roster(session, report.parsed)
    elif kind == "categories":
        by_name = {c.name: c.id for c in session.scalars(select(CentreCategory))}
        report.changed = sum(
            feed.save_category(session, by_name.get(v["name"]) or str(uuid6.uuid7()), v) for v in report.parsed
        )
    else:
        report.changed = _save_units(session, report.parsed)
    report.loaded = True
    return report


# -- rows -----------------------------------------------------------------------------------------------


def _schema_problems(report: LoadReport, n: int, change_kind: str, payload: dict) -> None:
    """Problems of the payload against the shared schema, each put under the column it names."""
    columns = {f: h for h, f in COLUMNS[report.kind].items()}
    for message in change_problems(change_kind, payload):
        column = next((h for f, h in columns.items() if f"（{f}）" in message), "")
        report.problems.append(RowProblem(n, column, message))


def _text(report: LoadReport, n: int, row: dict, header: str, *, required: bool = False) -> str:
    value = row.get(header, "")
    field_name = COLUMNS[report.kind][header]
    limit = MAX_LENGTH.get((report.kind, field_name))
    if required and not value:
        report.problems.append(RowProblem(n, header, f"{header}为空"))
    elif limit and len(value) > limit:
        report.problems.append(RowProblem(n, header, f"不能超过{limit}个字（现有{len(value)}个字）"))
    return value


def _value(report: LoadReport, n: int, row: dict, header: str, read):
    try:
        return read(row.get(header, ""))
    except ValueError as exc:
        report.problems.append(RowProblem(n, header, str(exc)))
        return None


def _duplicate(report: LoadReport, seen: dict, key, n: int, column: str, what: str) -> None:
    if key in seen:
        report.problems.append(RowProblem(n, column, f"{what}与第{seen[key]}行重复"))
    else:
        seen[key] = n


def _check_roster(session: Session, report: LoadReport, rows: list, station_code: str | None) -> None:
    stations = {s.code: s.id for s in session.scalars(select(CentreStation))}
    default = (station_code or "").strip()
    if default and default not in stations:
        report.problems.append(RowProblem(0, "", f"市中心没有编码为 {default} 的联络站"))
        return
    if not default and STATION_COLUMN not in rows[0][1]:
        reason = f"没有指定联络站：请在页面上选择联络站（命令行用 --station），或在文件中加一列“{STATION_COLUMN}”"
        report.problems.append(RowProblem(0, STATION_COLUMN, reason))
        return
    seen: dict = {}
    for n, row in rows:
        code = row.get(STATION_COLUMN, "") or default
        if not code:
            report.problems.append(RowProblem(n, STATION_COLUMN, "联络站编码为空（或在上传时选择联络站）"))
        elif code not in stations:
            report.problems.append(RowProblem(n, STATION_COLUMN, f"市中心没有编码为 {code} 的联络站"))
        name = _text(report, n, row, "姓名", required=True)
        level = _value(report, n, row, "代表层级", rv.deputy_level_from_text)
        gender = _value(report, n, row, "性别", rv.gender_from_text)
        phone = _text(report, n, row, "电话")
        if phone and not _PHONE_RE.match(phone):
            report.problems.append(RowProblem(n, "电话", f"“{phone}”不是电话号码（只能有数字、空格、+、-、括号）"))
        values = {
            "name": name,
            "gender": gender or "",
            "level": level.value if level else "",
            "constituency": _text(report, n, row, "选区"),
            "phone": phone,
            "active": _value(report, n, row, ACTIVE_COLUMN, rv.yes_no),
        }
        if name and level is not None and values["active"] is not None:
            _schema_problems(report, n, "deputy", {"id": "check", **values})
        if name:
            _duplicate(report, seen, (code, name), n, "姓名", f"同一联络站的代表“{name}”")
        report.parsed.append({**values, "station_id": stations.get(code)})


def _check_units(session: Session, report: LoadReport, rows: list, _station: str | None) -> None:
    known = {u.name for u in session.scalars(select(CentreUnit))}
    in_file = {row.get("单位名称", "") for _, row in rows}
    seen: dict = {}
    for n, row in rows:
        name = _text(report, n, row, "单位名称", required=True)
        kind = _value(report, n, row, "单位类型", rv.unit_kind_from_text)
        parent = _text(report, n, row, "上级单位")
        active = _value(report, n, row, ACTIVE_COLUMN, rv.yes_no)
        if parent and parent == name:
            report.problems.append(RowProblem(n, "上级单位", "上级单位不能是它自己"))
        elif parent and parent not in known and parent not in in_file:
            report.problems.append(RowProblem(n, "上级单位", f"“{parent}”既不在本文件中，也不在市中心的单位表中"))
        values = {"name": name, "kind": kind.value if kind else "", "active": active}
        if name and kind is not None and active is not None:
            _schema_problems(report, n, "handling_unit", {"id": "check", "parent_id": None, **values})
        if name:
            _duplicate(report, seen, name, n, "单位名称", f"单位“{name}”")
        report.parsed.append({**values, "parent": parent})
    if not report.problems:
        _check_parent_cycles(report, rows)


def _check_parent_cycles(report: LoadReport, rows: list) -> None:
    parent_of = {v["name"]: v["parent"] for v in report.parsed}
    row_of = {v["name"]: n for (n, _), v in zip(rows, report.parsed, strict=True)}
    for name in parent_of:
        seen, at = {name}, parent_of.get(name)
        while at:
            if at in seen:
                report.problems.append(RowProblem(row_of[name], "上级单位", "上级单位关系绕成了一个圈"))
                break
            seen.add(at)
            at = parent_of.get(at)


def _check_categories(session: Session, report: LoadReport, rows: list, _station: str | None) -> None:
    lo, hi = TIME_LIMIT_RANGE

    def days(text: str) -> int:
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"办理时限应为整数（工作日），而不是“{text}”") from None
        if not number.is_integer() or not lo <= number <= hi:
            raise ValueError(f"办理时限应为{lo}至{hi}之间的整数（工作日），而不是“{text}”")
        return int(number)

    seen: dict = {}
    for n, row in rows:
        name = _text(report, n, row, "意见类别", required=True)
        limit = _value(report, n, row, "办理时限", days)
        active = _value(report, n, row, ACTIVE_COLUMN, rv.yes_no)
        values = {"name": name, "time_limit_days": limit, "active": active}
        if name and limit is not None and active is not None:
            _schema_problems(report, n, "category", {"id": "check", **values})
        if name:
            _duplicate(report, seen, name, n, "意见类别", f"类别“{name}”")
        report.parsed.append(values)


def _check_holidays(report: LoadReport, path: Path) -> LoadReport:
    try:
        table = read_holiday_file(path)
    except HolidayTableInvalid as exc:
        for problem in exc.problems:
            m = _ROW_RE.match(problem)
            row, reason = (int(m.group(1)), m.group(2)) if m else (0, problem)
            column = next((c for c in HOLIDAY_COLUMNS if reason.startswith(c)), "")
            report.problems.append(RowProblem(row, column, reason))
        return report
    report.rows = len(table.days)
    report.parsed.append({"table": table})
    return report


# -- saving ---------------------------------------------------------------------------------------------


def _save_roster(session: Session, parsed: list[dict]) -> int:
    station_ids = {v["station_id"] for v in parsed}
    ids = {
        (d.station_id, d.name): d.id
        for d in session.scalars(select(CentreDeputy).where(CentreDeputy.station_id.in_(station_ids)))
    }
    changed = 0
    for v in parsed:
        values = {k: v[k] for k in ("name", "gender", "level", "constituency", "phone", "active")}
        deputy_id = ids.get((v["station_id"], v["name"])) or str(uuid6.uuid7())
        changed += feed.save_deputy(session, v["station_id"], deputy_id, values)
    return changed


def _save_units(session: Session, parsed: list[dict]) -> int:
    by_name = {u.name: u.id for u in session.scalars(select(CentreUnit))}
    pending, changed = list(parsed), 0
    # Parents first, so a station applying the feed in order always finds a unit's parent (no cycles: checked).
    while pending:
        ready = [
            v
            for v in pending
            if not v["parent"] or (v["parent"] in by_name and all(v["parent"] != w["name"] for w in pending))
        ]
        for v in ready:
            uid = by_name.get(v["name"]) or str(uuid6.uuid7())
            by_name[v["name"]] = uid
            values = {
                "name": v["name"],
                "kind": v["kind"],
                "active": v["active"],
                "parent_id": by_name[v["parent"]] if v["parent"] else None,
            }
            changed += feed.save_unit(session, uid, values)
        if not ready:  # cannot happen after the cycle check; never loop forever
            raise AdminError("上级单位关系无法排序，未导入")
        pending = [v for v in pending if v not in ready]
    return changed

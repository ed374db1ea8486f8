"""Admin actions shared by the CLI and the admin API: stations, tokens, centre handling events, loading
the roster / units / categories from CSV or xlsx, the holiday table, and the epoch.

Each function runs inside the caller's transaction and raises ``AdminError`` (Chinese message) for bad
input, leaving nothing half-written: a file with any bad row loads nothing and every bad row is reported.
"""

from __future__ import annotations

import csv
import hashlib
import json
import secrets
from datetime import UTC, datetime
from pathlib import Path

import uuid6
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from heshi_centre import feed
from heshi_centre.errors import AdminError, DataRefused, EventRefused
from heshi_centre.models import (
    CentreCategory,
    CentreDeputy,
    CentreStation,
    CentreUnit,
    StationRecord,
    StationToken,
    utcnow,
)
from heshi_protocol.schemas.events import data_problems
from heshi_protocol.vocab import DeputyLevel, EventKind, Gender, UnitKind


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def station_by_code(session: Session, code: str) -> CentreStation:
    station = session.scalar(select(CentreStation).where(CentreStation.code == code.strip()))
    if station is None:
        raise AdminError(f"市中心没有编码为 {code} 的联络站。请先用 add-station 登记。")
    return station


def add_station(session: Session, code: str, name: str, district: str = "", township: str = "") -> CentreStation:
    code, name = code.strip(), name.strip()
    if not code or not name:
        raise AdminError("联络站编码和名称都不能为空")
    if session.scalar(select(CentreStation.id).where(CentreStation.code == code)) is not None:
        raise AdminError(f"编码为 {code} 的联络站已经登记过")
    station = CentreStation(code=code, name=name, district=district.strip(), township=township.strip())
    session.add(station)
    session.flush()
    return station


def issue_token(session: Session, code: str) -> str:
    """A new random token for the station (earlier tokens are revoked). Only its hash is stored."""
    station = station_by_code(session, code)
    revoke_tokens(session, station)
    token = secrets.token_urlsafe(32)
    session.add(StationToken(station_id=station.id, token_hash=hash_token(token)))
    return token


def revoke_tokens(session: Session, station: CentreStation) -> int:
    result = session.execute(
        update(StationToken)
        .where(StationToken.station_id == station.id, StationToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return result.rowcount or 0


def revoke_token(session: Session, code: str) -> int:
    return revoke_tokens(session, station_by_code(session, code))


def record_event(
    session: Session,
    station_code: str,
    opinion_id: str,
    kind: str,
    *,
    note: str = "",
    data: dict | None = None,
    actor: str = "",
    occurred_at: datetime | None = None,
) -> tuple[str, int]:
    """A handling event recorded at the centre on a station's opinion; returns (event id, change seq)."""
    station = station_by_code(session, station_code)
    try:
        kind = EventKind.from_label(kind).value
    except ValueError as exc:
        raise AdminError(f"办理类型：{exc}") from exc
    if kind == EventKind.REGISTERED.value:
        raise AdminError("办理类型：登记只能由联络站记录")
    known = session.get(StationRecord, (station.id, "opinion", opinion_id))
    if known is None:
        raise AdminError(f"联络站 {station.code} 没有同步过编号为 {opinion_id} 的意见")
    when = occurred_at or datetime.now(UTC)
    if when.tzinfo is None:
        raise EventRefused("办理时间必须带时区")
    if when > datetime.now(UTC):
        raise EventRefused("办理时间不能晚于现在")
    registered_on = (known.payload or {}).get("registered_on") if isinstance(known.payload, dict) else None
    if isinstance(registered_on, str) and when.date().isoformat() < registered_on:
        raise EventRefused(
            f"办理时间（{when.date().isoformat()}）早于该意见的登记日期（{registered_on}），不可能是真实的"
        )
    problems = data_problems(kind, data or {})
    if problems:
        raise EventRefused("办理内容不正确：" + "；".join(problems))
    event_id = str(uuid6.uuid7())
    seq = feed.add_event(
        session,
        event_id=event_id,
        station_id=station.id,
        opinion_id=opinion_id,
        kind=kind,
        occurred_at=when,
        actor=actor.strip() or "市中心",
        note=note,
        data=data or {},
    )
    return event_id, seq


# -- reference data from CSV / xlsx -------------------------------------------------------------------

ROSTER_COLUMNS = {"姓名": "name", "性别": "gender", "代表层级": "level", "选区": "constituency", "电话": "phone"}
UNIT_COLUMNS = {"单位名称": "name", "单位类型": "kind", "上级单位": "parent"}
CATEGORY_COLUMNS = {"意见类别": "name", "办理时限": "time_limit_days"}
REQUIRED = {"roster": ("姓名", "代表层级"), "units": ("单位名称", "单位类型"), "categories": ("意见类别", "办理时限")}
OPTIONAL_ACTIVE = "在用"


def read_table(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV (UTF-8, with or without BOM) or the first sheet of an xlsx, keyed by header."""
    if not path.exists():
        raise AdminError(f"文件不存在：{path}")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        rows = [["" if c is None else str(c).strip() for c in r] for r in sheet.iter_rows(values_only=True)]
    elif path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = [[c.strip() for c in r] for r in csv.reader(f)]
    else:
        raise AdminError(f"只能读取 .csv 或 .xlsx 文件：{path.name}")
    rows = [r for r in rows if any(r)]
    if not rows:
        raise AdminError(f"{path.name} 是空的")
    header = rows[0]
    return [dict(zip(header, r + [""] * (len(header) - len(r)), strict=False)) for r in rows[1:]]


def _active(value: str) -> bool:
    return value.strip() not in ("否", "停用", "0", "false", "False")


def load_reference(session: Session, kind: str, path: Path, station_code: str | None = None) -> int:
    """Load ``roster`` (needs ``station_code``), ``units`` or ``categories``; returns changed rows."""
    if kind not in REQUIRED:
        raise AdminError(f"未知的数据类型：{kind}（可选 roster、units、categories）")
    rows = read_table(Path(path))
    missing = [c for c in REQUIRED[kind] if c not in rows[0]] if rows else list(REQUIRED[kind])
    if missing:
        raise AdminError(f"{Path(path).name} 缺少列：{'、'.join(missing)}")
    errors: list[str] = []
    parsed: list[dict] = []
    for n, row in enumerate(rows, start=2):
        try:
            parsed.append(_parse_row(kind, row))
        except ValueError as exc:
            errors.append(f"第{n}行：{exc}")
    if errors:
        raise AdminError("文件中有错误，未导入任何数据：\n" + "\n".join(errors))
    if kind == "roster":
        if not station_code:
            raise AdminError("导入代表名单需要指定联络站编码（--station）")
        station = station_by_code(session, station_code)
        by_name = {
            d.name: d.id for d in session.scalars(select(CentreDeputy).where(CentreDeputy.station_id == station.id))
        }
        return sum(
            feed.save_deputy(session, station.id, by_name.get(v["name"]) or str(uuid6.uuid7()), v) for v in parsed
        )
    if kind == "categories":
        by_name = {c.name: c.id for c in session.scalars(select(CentreCategory))}
        return sum(feed.save_category(session, by_name.get(v["name"]) or str(uuid6.uuid7()), v) for v in parsed)
    by_name = {u.name: u.id for u in session.scalars(select(CentreUnit))}
    changed = 0
    # Parents first, so a station applying the feed in order always finds a unit's parent.
    for v in sorted(parsed, key=lambda v: bool(v["parent"])):
        parent = v.pop("parent")
        if parent and parent not in by_name:
            raise AdminError(f"上级单位“{parent}”不在单位表中")
        uid = by_name.get(v["name"]) or str(uuid6.uuid7())
        by_name[v["name"]] = uid
        changed += feed.save_unit(session, uid, {**v, "parent_id": by_name.get(parent) if parent else None})
    return changed


def _parse_row(kind: str, row: dict[str, str]) -> dict:
    active = _active(row.get(OPTIONAL_ACTIVE, ""))
    if kind == "roster":
        name = row["姓名"].strip()
        if not name:
            raise ValueError("姓名为空")
        return {
            "name": name,
            "gender": Gender.from_label(row.get("性别", "")).value if row.get("性别", "").strip() else "",
            "level": DeputyLevel.from_label(row["代表层级"]).value,
            "constituency": row.get("选区", "").strip(),
            "phone": row.get("电话", "").strip(),
            "active": active,
        }
    if kind == "units":
        name = row["单位名称"].strip()
        if not name:
            raise ValueError("单位名称为空")
        return {
            "name": name,
            "kind": UnitKind.from_label(row["单位类型"]).value,
            "parent": row.get("上级单位", "").strip(),
            "active": active,
        }
    name = row["意见类别"].strip()
    if not name:
        raise ValueError("意见类别为空")
    try:
        days = int(float(row["办理时限"]))
    except ValueError:
        raise ValueError(f"办理时限应为整数（工作日），而不是“{row['办理时限']}”") from None
    if not 1 <= days <= 120:
        raise ValueError("办理时限应为1至120个工作日")
    return {"name": name, "time_limit_days": days, "active": active}


def load_holidays(session: Session, path: Path | None = None, years: list[int] | None = None) -> int:
    """Load holiday years; returns how many changed. Nothing is stored unless every year passes the checks.

    ``path``: a holiday file (``.xlsx``/``.csv``: 日期、类型、名称, one year — the format of
    ``heshi_protocol.holiday_file``) or a calendar JSON with several years (default: the bundled table).
    Each year gets the same checks a station applies to a table it pulls, so a bad table never reaches a
    station; a bad one raises :class:`AdminError` listing every bad line.
    """
    from heshi_protocol.holiday_file import HolidayTableInvalid, check_holiday_year, read_holiday_file
    from heshi_protocol.workdays import bundled_calendar_path

    tables = []
    source = Path(path or bundled_calendar_path())
    try:
        if path is not None and source.suffix.lower() in (".xlsx", ".csv"):
            tables.append(read_holiday_file(source))
        else:
            data = json.loads(source.read_text(encoding="utf-8"))
            origin = str(data.get("source", "centre"))
            for year_text, days in sorted(data["years"].items()):
                year = int(year_text)
                if years and year not in years:
                    continue
                entries = [(f"{d}", d, "放假", name) for d, name in days.get("holidays", [])]
                entries += [(f"{d}", d, "调休上班", name) for d, name in days.get("workdays", [])]
                tables.append(check_holiday_year(entries, year=year, source=origin, what=f"{year} 年节假日表"))
    except HolidayTableInvalid as exc:
        raise AdminError(str(exc)) from exc
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DataRefused(
            f'{source.name} 不是有效的节假日表（应为 .xlsx/.csv 节假日文件，或 {{"years": {{"2026": {{"holidays": '
            f'[[日期, 名称], …], "workdays": […]}}}}}}）：{type(exc).__name__}'
        ) from None
    changed = 0
    for table in tables:
        if years and table.year not in years:
            continue
        changed += feed.save_holiday_year(session, table.year, table.source or "centre", table.rows())
    return changed

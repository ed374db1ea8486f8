"""Admin actions shared by the CLI and the admin API: stations, tokens, centre handling events, loading
the roster / units / categories from CSV or xlsx, the holiday table, and the epoch.

Each function runs inside the caller's transaction and raises ``AdminError`` (Chinese message) for bad
input, leaving nothing half-written: a file with any bad row loads nothing and every bad row is reported.
"""

from __future__ import annotations

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
    CentreStation,
    StationRecord,
    StationToken,
    utcnow,
)
from heshi_protocol.schemas.events import data_problems
from heshi_protocol.vocab import EventKind


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def station_by_code(session: Session, code: str) -> CentreStation:
    station = session.scalar(select(CentreStation).where(CentreStation.code == code.strip()))
    if station is None:
        raise AdminError(f"市中心没有编码为 {code} 的联络站。请先用 add-station 登记。")
    return station


def lock_station(session: Session, station_id: int) -> None:
    """Hold the station's row until the transaction ends, as a push does (``push.apply_push``): a step
    recorded at the centre waits for a push of the same station that is still open, so its checks and its
    fold see the push's events — and a push waits for it. Call it before reading the opinion's state. (No-op
    on SQLite, whose writers already go one at a time.)"""
    session.execute(select(CentreStation.id).where(CentreStation.id == station_id).with_for_update())


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
    lock_station(session, station.id)
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


def load_reference(session: Session, kind: str, path: Path, station_code: str | None = None) -> int:
    """Load ``roster`` (a station from ``station_code`` or the file's 联络站编码 column), ``units``,
    ``categories`` or ``holidays`` (one year's holiday file); returns changed rows.

    The console's 基础数据 upload goes through the same ``reference_load.load_file``; a file with any bad
    row raises ``reference_load.ReferenceRefused`` (an ``AdminError``) listing every bad row."""
    from heshi_centre.reference_load import load_file

    return load_file(session, kind, Path(path), station_code).changed


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

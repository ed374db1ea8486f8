"""Station-side helpers for the sync tests: set up a station registered at a centre, and read both sides'
records for full-content comparison."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from heshi_centre import admin
from heshi_centre.db import next_change_seq
from heshi_centre.models import CentreStation, Change, PushLog, ReceivedOp, StationRecord
from heshi_protocol import payloads
from heshi_station.db.models import (
    Attendance,
    Category,
    Deputy,
    HandlingUnit,
    Opinion,
    OpinionEvent,
    OutboxEntry,
    Reception,
    ReceptionDay,
    Station,
)
from heshi_station.ledger import reference_data
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import StationInput
from heshi_station.sync import credentials, settings

ENTITY_SOURCES = [
    ("station", Station, payloads.station_payload, False),
    ("deputy", Deputy, payloads.deputy_payload, True),
    ("handling_unit", HandlingUnit, payloads.unit_payload, True),
    ("category", Category, payloads.category_payload, True),
    ("reception", Reception, payloads.reception_payload, False),
    ("opinion", Opinion, payloads.opinion_payload, False),
    ("opinion_event", OpinionEvent, payloads.event_payload, True),
    ("reception_day", ReceptionDay, payloads.reception_day_payload, False),
    ("attendance", Attendance, payloads.attendance_payload, False),
]


@dataclass
class StationAtCentre:
    ledger: Ledger
    path: Path
    code: str
    token: str


def register_at_centre(factory, code: str, name: str = "测试联络站") -> str:
    with factory.begin() as s:
        admin.add_station(s, code, name, "测试区", "测试街道")
        return admin.issue_token(s, code)


def connect_station(ledger: Ledger, path: Path, factory, centre_url: str, code: str) -> StationAtCentre:
    """Give the ledger's station ``code``, register it at the centre and store address + token."""
    station = reference_data.get_station(ledger)
    if station is None or station.code != code:
        reference_data.set_up_station(
            ledger, StationInput(code=code, name=f"{code} 代表联络站", district="测试区", township="测试街道")
        )
    token = register_at_centre(factory, code)
    credentials.save_token(code, token)
    settings.set_centre_url(ledger, centre_url)
    return StationAtCentre(ledger, path, code, token)


def station_snapshot(ledger: Ledger) -> dict[tuple[str, str], dict]:
    """Every station-owned record as it stands in the ledger, in its wire form, minus records whose last
    op the centre rejected. JSON round-tripped so it compares with what the centre stores."""
    out: dict[tuple[str, str], dict] = {}
    with ledger.read() as s:
        for entity, model, payload_fn, has_source in ENTITY_SOURCES:
            q = select(model)
            if has_source:
                q = q.where(model.source == "station")
            for row in s.scalars(q):
                out[(entity, row.id)] = json.loads(json.dumps(payload_fn(row)))
        ops = {
            (e, i): st for e, i, st in s.execute(select(OutboxEntry.entity, OutboxEntry.entity_id, OutboxEntry.status))
        }
    return {k: v for k, v in out.items() if ops.get(k) != "rejected"}


def centre_snapshot(factory, code: str) -> dict[tuple[str, str], dict]:
    with factory() as s:
        sid = s.scalar(select(CentreStation.id).where(CentreStation.code == code))
        return {
            (r.entity, r.entity_id): r.payload
            for r in s.scalars(select(StationRecord).where(StationRecord.station_id == sid))
        }


def centre_op_counts(factory, code: str) -> dict:
    """How many ops the centre logged for the station, and how many duplicate answers it gave."""
    with factory() as s:
        sid = s.scalar(select(CentreStation.id).where(CentreStation.code == code))
        ops = s.scalars(select(ReceivedOp.op_id).where(ReceivedOp.station_id == sid)).all()
        logs = s.scalars(select(PushLog).where(PushLog.station_id == sid)).all()
        return {
            "ops": len(ops),
            "distinct_ops": len(set(ops)),
            "duplicates": sum(p.duplicate for p in logs),
            "pushes": len(logs),
            "max_batch": max((p.applied + p.duplicate + p.rejected for p in logs), default=0),
        }


def outbox_statuses(ledger: Ledger) -> dict[str, int]:
    with ledger.read() as s:
        out: dict[str, int] = {}
        for st in s.scalars(select(OutboxEntry.status)):
            out[st] = out.get(st, 0) + 1
        return out


def publish_unchecked(session, kind: str, entity_id: str, payload, station_id: int | None = None) -> int:
    """Append a change to the centre's feed past the centre's own checks, as an older centre that did not check
    would have published it: the station must still set it aside and go on."""
    seq = next_change_seq(session, station_id)
    session.add(Change(seq=seq, station_id=station_id, kind=kind, entity_id=entity_id, payload=payload))
    session.flush()
    return seq


def publish_unchecked_event(session, *, event_id: str, station_id: int, opinion_id: str, kind: str, occurred_at,
                            data: dict, actor: str = "市中心", note: str = "") -> str:  # fmt: skip
    """An opinion event in the feed past the centre's checks (see ``publish_unchecked``); returns its id."""
    payload = {"id": event_id, "opinion_id": opinion_id, "kind": kind, "occurred_at": occurred_at.isoformat(),
               "actor": actor, "source": "centre", "note": note, "data": data}  # fmt: skip
    publish_unchecked(session, "opinion_event", event_id, payload, station_id)
    return event_id


def publish_unchecked_holiday_year(session, year: int, source: str, days: list) -> int:
    """A holiday year in the feed past the centre's checks (see ``publish_unchecked``)."""
    return publish_unchecked(session, "calendar_year", str(year), {"id": str(year), "year": year, "source": source,
                                                                   "days": days})  # fmt: skip


def statutory_year_days(year: int) -> list[list]:
    """A holiday year that passes every check: the statutory days off of the bundled statutory table."""
    from heshi_protocol.workdays import statutory_calendar_path

    doc = json.loads(statutory_calendar_path().read_text(encoding="utf-8"))
    return [[d, False, name] for d, name in doc["years"][str(year)]["holidays"]]

"""Operations on the station's identity and reference data: deputies, handling units and categories.

Every function validates first, then writes the row, its audit entry and its outbox entry in one
transaction, and returns a plain record.
"""

from __future__ import annotations

from sqlalchemy import select

from heshi_protocol.payloads import category_payload, deputy_payload, station_payload, unit_payload
from heshi_protocol.vocab import DeputyLevel, Gender, UnitKind
from heshi_station.db.models import AppSetting, Category, Clerk, Deputy, HandlingUnit, Station
from heshi_station.db.types import new_id
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import (
    CategoryRecord,
    DeputyInput,
    DeputyRecord,
    StationInput,
    StationRecord,
    UnitRecord,
)
from heshi_station.ledger.errors import FieldError, NotFound, ValidationFailed
from heshi_station.ledger.pinyin import full_pinyin, initials
from heshi_station.ledger.records import category_record, deputy_record, unit_record
from heshi_station.ledger.validation import normalise_phone, phone_problem, required_problem


def _station_record(s: Station) -> StationRecord:
    return StationRecord(id=s.id, code=s.code, name=s.name, district=s.district, township=s.township, address=s.address)


def set_up_station(ledger: Ledger, data: StationInput, *, clerk_name: str = "") -> StationRecord:
    """Create or update the one station this ledger belongs to (and optionally its clerk)."""
    errors = [
        FieldError(f, label, p)
        for f, label, value in (("code", "联络站编码", data.code), ("name", "联络站名称", data.name))
        if (p := required_problem(value))
    ]
    if errors:
        raise ValidationFailed(errors)
    with ledger.write() as s:
        station = ledger.station(s)
        if station is None:
            station = Station(id=new_id(), created_at=ledger.now())
            s.add(station)
        for attr in ("code", "name", "district", "township", "address"):
            setattr(station, attr, getattr(data, attr).strip())
        if clerk_name.strip():
            s.add(Clerk(name=clerk_name.strip()))
            s.merge(AppSetting(key="clerk_name", value=clerk_name.strip()))
        s.flush()
        ledger.record_change(s, "station.set_up", "station", station.id, station_payload(station))
        return _station_record(station)


def get_station(ledger: Ledger) -> StationRecord | None:
    with ledger.read() as s:
        station = ledger.station(s)
        return _station_record(station) if station else None


def get_setting(ledger: Ledger, key: str, default: str = "") -> str:
    with ledger.read() as s:
        row = s.get(AppSetting, key)
        return row.value if row else default


def set_setting(ledger: Ledger, key: str, value: str) -> None:
    with ledger.write() as s:
        s.merge(AppSetting(key=key, value=value))
        ledger.audit(s, "setting.set", "app_setting", key, {"key": key, "value": value})


def _deputy_errors(data: DeputyInput) -> list[FieldError]:
    errors = []
    if p := required_problem(data.name):
        errors.append(FieldError("name", "代表姓名", p))
    try:
        DeputyLevel(data.level)
    except ValueError:
        errors.append(FieldError("level", "代表层级", "请选择：" + "、".join(DeputyLevel.labels())))
    try:
        Gender(data.gender)
    except ValueError:
        errors.append(FieldError("gender", "性别", "应为男或女"))
    if p := phone_problem(data.phone):
        errors.append(FieldError("phone", "代表电话", p))
    return errors


def save_deputy(ledger: Ledger, data: DeputyInput, deputy_id: str | None = None) -> DeputyRecord:
    """Add a deputy (``deputy_id`` None) or edit one; names get pinyin keys for search."""
    errors = _deputy_errors(data)
    if errors:
        raise ValidationFailed(errors)
    with ledger.write() as s:
        if deputy_id is None:
            deputy = Deputy(id=new_id())
            s.add(deputy)
        else:
            deputy = s.get(Deputy, deputy_id)
            if deputy is None:
                raise NotFound(f"代表不存在：{deputy_id}")
        deputy.name = data.name.strip()
        deputy.level = data.level
        deputy.gender = data.gender
        deputy.constituency = data.constituency.strip()
        deputy.phone = normalise_phone(data.phone)
        deputy.active = data.active
        deputy.name_initials = initials(deputy.name)
        deputy.name_pinyin = full_pinyin(deputy.name)
        deputy.updated_at = ledger.now()
        s.flush()
        ledger.record_change(s, "deputy.save", "deputy", deputy.id, deputy_payload(deputy))
        return deputy_record(deputy)


def list_deputies(ledger: Ledger, *, active_only: bool = False) -> list[DeputyRecord]:
    with ledger.read() as s:
        q = select(Deputy).order_by(Deputy.name_pinyin, Deputy.name)
        if active_only:
            q = q.where(Deputy.active.is_(True))
        return [deputy_record(d) for d in s.scalars(q)]


def save_unit(
    ledger: Ledger,
    name: str,
    kind: str,
    *,
    parent_id: str | None = None,
    active: bool = True,
    unit_id: str | None = None,
) -> UnitRecord:
    errors = []
    if p := required_problem(name):
        errors.append(FieldError("name", "办理单位名称", p))
    try:
        UnitKind(kind)
    except ValueError:
        errors.append(FieldError("kind", "单位类型", "请选择：" + "、".join(UnitKind.labels())))
    if errors:
        raise ValidationFailed(errors)
    with ledger.write() as s:
        clash = s.scalar(select(HandlingUnit.id).where(HandlingUnit.name == name.strip()))
        if clash and clash != unit_id:
            raise ValidationFailed.single("name", "办理单位名称", f"“{name.strip()}”已存在")
        if parent_id and s.get(HandlingUnit, parent_id) is None:
            raise ValidationFailed.single("parent_id", "上级单位", "上级单位不存在")
        unit = s.get(HandlingUnit, unit_id) if unit_id else None
        if unit_id and unit is None:
            raise NotFound(f"办理单位不存在：{unit_id}")
        if unit is None:
            unit = HandlingUnit(id=new_id())
            s.add(unit)
        unit.name, unit.kind, unit.parent_id, unit.active = name.strip(), kind, parent_id, active
        s.flush()
        ledger.record_change(s, "unit.save", "handling_unit", unit.id, unit_payload(unit))
        ledger.reference_changed()
        return unit_record(unit)


def list_units(ledger: Ledger, *, active_only: bool = False) -> list[UnitRecord]:
    with ledger.read() as s:
        q = select(HandlingUnit).order_by(HandlingUnit.kind, HandlingUnit.name)
        if active_only:
            q = q.where(HandlingUnit.active.is_(True))
        return [unit_record(u) for u in s.scalars(q)]


def save_category(
    ledger: Ledger, name: str, time_limit_days: int, *, active: bool = True, category_id: str | None = None
) -> CategoryRecord:
    errors = []
    if p := required_problem(name):
        errors.append(FieldError("name", "意见类别", p))
    if not 1 <= int(time_limit_days) <= 120:
        errors.append(FieldError("time_limit_days", "办理时限", "应为1至120个工作日"))
    if errors:
        raise ValidationFailed(errors)
    with ledger.write() as s:
        clash = s.scalar(select(Category.id).where(Category.name == name.strip()))
        if clash and clash != category_id:
            raise ValidationFailed.single("name", "意见类别", f"“{name.strip()}”已存在")
        cat = s.get(Category, category_id) if category_id else None
        if category_id and cat is None:
            raise NotFound(f"意见类别不存在：{category_id}")
        if cat is None:
            cat = Category(id=new_id())
            s.add(cat)
        cat.name, cat.time_limit_days, cat.active = name.strip(), int(time_limit_days), active
        s.flush()
        ledger.record_change(s, "category.save", "category", cat.id, category_payload(cat))
        ledger.reference_changed()
        return category_record(cat)


def list_categories(ledger: Ledger, *, active_only: bool = False) -> list[CategoryRecord]:
    with ledger.read() as s:
        q = select(Category).order_by(Category.name)
        if active_only:
            q = q.where(Category.active.is_(True))
        return [category_record(c) for c in s.scalars(q)]

"""What each role may see and do. Every console query goes through ``visible_opinions``; a page never
builds its own scope.

- 市中心管理员: everything; manages stations and tokens.
- 县区人大: the stations and opinions of its own district.
- 承办单位: only opinions currently with that unit (lead or assisting); acts (签收, 办理答复, 申请退回,
  申请延期) only as the lead unit.
- 只读: sees what the city office sees, changes nothing.
"""

from __future__ import annotations

from sqlalchemy import Select, and_, exists, false, or_, select

from heshi_centre.console.accounts import CurrentUser, Role
from heshi_centre.ledger_models import LedgerOpinion, LedgerOpinionUnit, LedgerUnit
from heshi_centre.models import CentreStation, CentreUnit


class Forbidden(Exception):
    """The user's role does not allow this; the message is Chinese and names what is refused."""


def _unit_ids_named(name: str, role: str | None = None):
    """An SQL condition: the opinion is with a unit of this name (the centre's or a station's own)."""
    lou = LedgerOpinionUnit
    cond = [
        lou.station_id == LedgerOpinion.station_id,
        lou.opinion_id == LedgerOpinion.id,
        or_(
            lou.unit_id.in_(select(CentreUnit.id).where(CentreUnit.name == name)),
            exists(
                select(LedgerUnit.id).where(
                    LedgerUnit.station_id == lou.station_id, LedgerUnit.id == lou.unit_id, LedgerUnit.name == name
                )
            ),
        ),
    ]
    if role:
        cond.append(lou.role == role)
    return exists(select(lou.unit_id).where(and_(*cond)))


def opinion_scope(user: CurrentUser):
    """The SQL condition on (LedgerOpinion joined with CentreStation) for what ``user`` may see."""
    if user.role in (Role.ADMIN, Role.READONLY):
        return None
    if user.role == Role.DISTRICT:
        return CentreStation.district == user.district
    if user.role == Role.UNIT:
        return _unit_ids_named(user.unit)
    return false()


def visible_opinions(user: CurrentUser) -> Select:
    q = select(LedgerOpinion, CentreStation).join(CentreStation, CentreStation.id == LedgerOpinion.station_id)
    cond = opinion_scope(user)
    return q if cond is None else q.where(cond)


def with_unit(q: Select, name: str, role: str | None = None) -> Select:
    return q.where(_unit_ids_named(name, role))


def station_scope(user: CurrentUser):
    if user.role in (Role.ADMIN, Role.READONLY):
        return None
    if user.role == Role.DISTRICT:
        return CentreStation.district == user.district
    raise Forbidden("承办单位账号不能查看联络站列表")


def require(user: CurrentUser, *roles: Role, what: str) -> None:
    if user.role not in roles:
        raise Forbidden(f"{user.role.label}账号不能{what}")

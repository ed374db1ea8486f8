"""What console users change: a unit's handling steps, and the city office's stations and tokens.

Guarantees:
- 督办 (``urged``) comes only from the city office or the opinion's own district;
- a unit acts only on an opinion it leads, and only with a step the shared rules
  (``opinion_state.check_step``) allow after the opinion's current status; otherwise ``ActionRefused``
  with the Chinese reason, and nothing is written;
- every accepted step is one centre event (``admin.record_event``), so it joins the pull feed and reaches
  the station on its next sync; 申请退回 and 申请延期 are recorded as 补充说明 events carrying the request
  (``data.request``) for the city or district to decide (``decisions``), one undecided request at a time;
- all writes happen in the caller's transaction.
"""

from __future__ import annotations

import unicodedata

from sqlalchemy.orm import Session

from heshi_centre import admin, projection
from heshi_centre.console.accounts import CurrentUser, Role
from heshi_centre.console.scope import Forbidden
from heshi_centre.errors import CentreError
from heshi_protocol.errors import InvalidStep
from heshi_protocol.opinion_state import check_step
from heshi_protocol.vocab import EventKind

MAX_TEXT = 2000
MAX_EXTENSION_DAYS = 60


class ActionRefused(CentreError):
    status, code = 409, "action_refused"


UNIT_ACTIONS = {
    "sign": ("签收", EventKind.ACCEPTED),
    "reply": ("办理答复", EventKind.REPLIED),
    "request_return": ("申请退回", EventKind.RETURNED),
    "request_extension": ("申请延期", EventKind.EXTENDED),
}


def clean_text(value: str, what: str, *, required: bool = True) -> str:
    text = unicodedata.normalize("NFC", (value or "").strip())
    if required and not text:
        raise ActionRefused(f"请填写{what}")
    if len(text) > MAX_TEXT:
        raise ActionRefused(f"{what}不能超过{MAX_TEXT}个字（现有{len(text)}个字）")
    if any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in text):
        raise ActionRefused(f"{what}含有不可见的控制字符，请删除后重试")
    return text


def allowed_unit_actions(session: Session, user: CurrentUser, opinion: dict) -> list[str]:
    """The actions offered on this opinion's page: a lead unit's steps, or 督办 for the city office and the
    opinion's district."""
    if user.role in (Role.ADMIN, Role.DISTRICT):
        status = projection.opinion_status(session, opinion["_station_id"], opinion["id"])
        try:
            check_step(status, EventKind.URGED)
        except InvalidStep:
            return []
        return ["urge"]
    if user.role != Role.UNIT or opinion["lead_unit"] != user.unit:
        return []
    status = projection.opinion_status(session, opinion["_station_id"], opinion["id"])
    out = []
    for action, (_label, kind) in UNIT_ACTIONS.items():
        try:
            check_step(status, kind)
        except InvalidStep:
            continue
        out.append(action)
    return out


def supervise(session: Session, user: CurrentUser, opinion: dict, form: dict) -> str:
    """督办: the city office or the opinion's district urges its unit (an ``urged`` centre event)."""
    if user.role not in (Role.ADMIN, Role.DISTRICT):
        raise Forbidden(f"{user.role.label}账号不能督办")
    if user.role == Role.DISTRICT and opinion["district"] != user.district:
        raise Forbidden(f"该意见不属于{user.district}，不能督办")
    admin.lock_station(session, opinion["_station_id"])  # an open push of the station is waited for
    status = projection.opinion_status(session, opinion["_station_id"], opinion["id"])
    try:
        check_step(status, EventKind.URGED)
    except InvalidStep as exc:
        raise ActionRefused(f"不能督办：{exc}") from exc
    note = clean_text(form.get("note", ""), "督办意见", required=False)
    actor = f"{user.district}人大" if user.role == Role.DISTRICT else "市人大代表联络服务中心"
    admin.record_event(session, opinion["station_code"], opinion["id"], EventKind.URGED.value, note=note, actor=actor)
    return "已督办，联络站下次同步时收到"


def unit_action(session: Session, user: CurrentUser, opinion: dict, action: str, form: dict) -> str:
    """Record the unit's step on ``opinion`` (a row from ``queries.opinion_detail``); returns a Chinese
    confirmation."""
    if action == "urge":
        return supervise(session, user, opinion, form)
    if action not in UNIT_ACTIONS:
        raise ActionRefused(f"未知的办理操作：{action}")
    name, kind = UNIT_ACTIONS[action]
    if user.role != Role.UNIT:
        raise Forbidden(f"只有承办单位账号可以{name}")
    if opinion["lead_unit"] != user.unit:
        raise Forbidden(f"该意见的主办单位是“{opinion['lead_unit']}”，{user.unit}不能{name}")
    admin.lock_station(session, opinion["_station_id"])  # an open push of the station is waited for
    status = projection.opinion_status(session, opinion["_station_id"], opinion["id"])
    try:
        check_step(status, kind)
    except InvalidStep as exc:
        raise ActionRefused(f"不能{name}：{exc}") from exc
    if action in ("request_return", "request_extension"):
        from heshi_centre.console.decisions import pending_of  # decisions imports this module

        if pending_of(session, opinion["_station_id"], opinion["id"]):
            raise ActionRefused(f"不能{name}：该意见已有一项申请在等待市或县区审批，请审批后再申请")
    data: dict = {}
    note = ""
    record_kind = kind.value
    if action == "reply":
        data["reply"] = clean_text(form.get("reply", ""), "答复内容")
    elif action == "request_return":
        data = {"request": "return", "reason": clean_text(form.get("reason", ""), "退回理由")}
        record_kind = EventKind.NOTE.value
    elif action == "request_extension":
        reason = clean_text(form.get("reason", ""), "延期理由")
        try:
            days = int(str(form.get("days", "")).strip())
        except ValueError:
            raise ActionRefused("申请延期的天数应为整数（工作日）") from None
        if not 1 <= days <= MAX_EXTENSION_DAYS:
            raise ActionRefused(f"申请延期的天数应为1至{MAX_EXTENSION_DAYS}个工作日")
        data = {"request": "extension", "reason": reason, "days": days}
        record_kind = EventKind.NOTE.value
    admin.record_event(
        session, opinion["station_code"], opinion["id"], record_kind, note=note, data=data, actor=user.unit
    )
    return f"已{name}，联络站下次同步时收到"


def add_station(session: Session, user: CurrentUser, form: dict) -> str:
    _admin_only(user, "登记联络站")
    st = admin.add_station(
        session,
        clean_text(form.get("code", ""), "联络站编码"),
        clean_text(form.get("name", ""), "联络站名称"),
        clean_text(form.get("district", ""), "县区", required=False),
        clean_text(form.get("township", ""), "乡镇街道", required=False),
    )
    return f"已登记联络站 {st.code} {st.name}"


def issue_token(session: Session, user: CurrentUser, code: str) -> str:
    _admin_only(user, "签发同步令牌")
    return admin.issue_token(session, code)


def revoke_token(session: Session, user: CurrentUser, code: str) -> str:
    _admin_only(user, "停用同步令牌")
    n = admin.revoke_token(session, code)
    return f"已停用联络站 {code} 的 {n} 个令牌"


def _admin_only(user: CurrentUser, what: str) -> None:
    if user.role != Role.ADMIN:
        raise Forbidden(f"{user.role.label}账号不能{what}")

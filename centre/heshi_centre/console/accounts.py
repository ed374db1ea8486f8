"""Console accounts: roles, argon2 password hashes, server-side sessions, the login rate limit and the audit.

Guarantees:
- passwords are stored only as argon2id hashes (argon2-cffi); session cookies only as SHA-256 hashes;
- a name with ``MAX_FAILURES`` failed logins within ``FAILURE_WINDOW`` (or an address with
  ``MAX_FAILURES_PER_ADDRESS``) is refused without checking the password until the window has passed
  (``LoginThrottled``);
- every function writes in the caller's transaction; ``audit`` appends one row per action.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from heshi_centre.account_models import AuditEntry, ConsoleSession, ConsoleUser, LoginAttempt
from heshi_centre.errors import AdminError, CentreError
from heshi_centre.models import CentreStation, CentreUnit

MAX_FAILURES = 5  # per user name
# Per address: higher, because a whole office (or a district network) may share one address.
MAX_FAILURES_PER_ADDRESS = 30
FAILURE_WINDOW = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(hours=12)
MIN_PASSWORD = 8

_hasher = PasswordHasher()


class Role(StrEnum):
    ADMIN = "admin"
    DISTRICT = "district"
    UNIT = "unit"
    READONLY = "readonly"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]

    @classmethod
    def from_text(cls, text: str) -> Role:
        text = text.strip()
        for role, label in ROLE_LABELS.items():
            if text in (role.value, label):
                return role
        raise AdminError(f"角色“{text}”不存在，可选：{'、'.join(ROLE_LABELS.values())}")


ROLE_LABELS = {Role.ADMIN: "市中心管理员", Role.DISTRICT: "县区人大", Role.UNIT: "承办单位", Role.READONLY: "只读"}


class LoginFailed(CentreError):
    status = 401
    code = "login_failed"


class LoginThrottled(CentreError):
    status = 429
    code = "login_throttled"


@dataclass(frozen=True)
class CurrentUser:
    """The logged-in user as plain values (the request's transaction may have ended)."""

    id: int
    name: str
    role: Role
    district: str
    unit: str
    csrf_token: str

    @property
    def role_label(self) -> str:
        return self.role.label


def _now() -> datetime:
    return datetime.now(UTC)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def add_user(
    session: Session, name: str, role: str, password: str, *, district: str = "", unit: str = ""
) -> ConsoleUser:
    """Create an account; raises AdminError naming what is wrong (nothing is written then)."""
    name, district, unit = name.strip(), district.strip(), unit.strip()
    role_ = Role.from_text(role)
    if not name or len(name) > 50:
        raise AdminError("用户名不能为空，且不超过50个字")
    if session.scalar(select(ConsoleUser.id).where(ConsoleUser.name == name)) is not None:
        raise AdminError(f"用户名“{name}”已经存在")
    if len(password) < MIN_PASSWORD:
        raise AdminError(f"密码至少{MIN_PASSWORD}位")
    if role_ == Role.DISTRICT:
        if not district:
            raise AdminError("县区人大账号需要用 --district 指定所属县区")
        known = set(session.scalars(select(CentreStation.district).distinct()))
        if known and district not in known:
            raise AdminError(f"没有属于“{district}”的联络站，已登记的县区：{'、'.join(sorted(d for d in known if d))}")
    elif district:
        raise AdminError("只有县区人大账号需要 --district")
    if role_ == Role.UNIT:
        if not unit:
            raise AdminError("承办单位账号需要用 --unit 指定单位名称")
    elif unit:
        raise AdminError("只有承办单位账号需要 --unit")
    user = ConsoleUser(name=name, role=role_.value, district=district, unit=unit, password_hash=hash_password(password))
    session.add(user)
    session.flush()
    return user


def user_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ConsoleUser)) or 0


def log_in(session: Session, name: str, password: str, ip: str) -> tuple[str, ConsoleUser]:
    """Check the password (rate limited) and open a session; returns (cookie value, user).

    The attempt is recorded either way, so the caller must commit even when this raises ``LoginFailed``.
    """
    name = name.strip()
    since = _now() - FAILURE_WINDOW

    def failures(cond) -> int:
        q = select(func.count()).select_from(LoginAttempt).where(LoginAttempt.ok.is_(False), LoginAttempt.at > since)
        return session.scalar(q.where(cond)) or 0

    if failures(LoginAttempt.name == name[:50]) >= MAX_FAILURES or (
        ip and failures(LoginAttempt.ip == ip[:64]) >= MAX_FAILURES_PER_ADDRESS
    ):
        minutes = int(FAILURE_WINDOW.total_seconds() // 60)
        raise LoginThrottled(f"登录失败次数过多，请{minutes}分钟后再试")
    user = session.scalar(select(ConsoleUser).where(ConsoleUser.name == name))
    ok = False
    if user is not None and user.active:
        try:
            ok = _hasher.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            ok = False
    else:
        _hasher.hash(password)  # same work either way: the time taken does not tell which names exist
    session.add(LoginAttempt(name=name[:50], ip=ip[:64], ok=ok))
    if not ok:
        raise LoginFailed("用户名或密码不正确")
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    token = secrets.token_urlsafe(32)
    session.add(
        ConsoleSession(
            token_hash=_digest(token),
            user_id=user.id,
            csrf_token=secrets.token_urlsafe(32),
            expires_at=_now() + SESSION_LIFETIME,
        )
    )
    session.execute(delete(ConsoleSession).where(ConsoleSession.expires_at < _now()))
    return token, user


def current_user(session: Session, token: str) -> CurrentUser | None:
    """The user of a session cookie, or None when it is unknown, expired or the account is disabled."""
    if not token:
        return None
    row = session.execute(
        select(ConsoleSession, ConsoleUser)
        .join(ConsoleUser, ConsoleUser.id == ConsoleSession.user_id)
        .where(ConsoleSession.token_hash == _digest(token))
    ).first()
    if row is None:
        return None
    s, u = row
    expires = s.expires_at if s.expires_at.tzinfo else s.expires_at.replace(tzinfo=UTC)
    if expires < _now() or not u.active:
        return None
    return CurrentUser(u.id, u.name, Role(u.role), u.district, u.unit, s.csrf_token)


def log_out(session: Session, token: str) -> None:
    session.execute(delete(ConsoleSession).where(ConsoleSession.token_hash == _digest(token)))


def audit(
    session: Session,
    user: CurrentUser | None,
    action: str,
    target: str = "",
    *,
    outcome: str = "ok",
    ip: str = "",
    detail: dict | None = None,
    message: str = "",
    name: str = "",
) -> None:
    session.add(
        AuditEntry(
            user_name=(user.name if user else name)[:50],
            role=user.role.value if user else "",
            action=action,
            target=target[:200],
            outcome=outcome,
            ip=ip[:64],
            detail=detail or {},
            message=message,
        )
    )


def unit_exists(session: Session, name: str) -> bool:
    from heshi_centre.ledger_models import LedgerUnit

    return (
        session.scalar(select(CentreUnit.id).where(CentreUnit.name == name)) is not None
        or session.scalar(select(LedgerUnit.id).where(LedgerUnit.name == name).limit(1)) is not None
    )

"""``heshi-station doctor``: what the station's IT helper needs to know to get sync working, one line each.

Guarantees:
- every check runs even when an earlier one fails, and none raises: each gives ok / not ok and, when not
  ok, exactly what is missing and what to do (in Chinese);
- the keyring check really writes, reads back and deletes a throw-away entry (service
  ``heshi-station-doctor``), so "works" means the token can be saved, not just that a backend is named;
- the token itself is never read out or printed; only whether one is saved;
- the centre check asks the centre's health endpoint (no token, no data); no other server is asked.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from heshi_station.ledger.context import Ledger

DOCTOR_SERVICE = "heshi-station-doctor"

LINUX_KEYRING_STEPS = (
    "Linux 桌面需要一个运行中的 Secret Service（系统钥匙串）：\n"
    "  1. 安装：sudo apt install gnome-keyring libsecret-1-0 dbus-user-session（KDE 桌面可用 KWallet）；\n"
    "  2. 注销后重新登录桌面（登录时会自动启动并解锁钥匙串）；\n"
    "  3. 没有图形桌面时，在同一终端里先运行：\n"
    "     eval $(dbus-launch --sh-syntax) && echo -n '任意口令' | gnome-keyring-daemon --unlock --components=secrets\n"
    "  4. 再运行 heshi-station doctor 确认“系统钥匙串：可用”。"
)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def _keyring_check() -> Check:
    name = "系统钥匙串"
    try:
        from heshi_station.sync import credentials

        backend = credentials._backend()
    except Exception as exc:
        return Check(name, False, f"{_message(exc)}{_linux_hint()}")
    kind = f"{type(backend).__module__}.{type(backend).__name__}"
    probe = secrets.token_hex(8)
    try:
        backend.set_password(DOCTOR_SERVICE, "probe", probe)
        read_back = backend.get_password(DOCTOR_SERVICE, "probe")
        backend.delete_password(DOCTOR_SERVICE, "probe")
    except Exception as exc:  # keyring.errors.*, D-Bus errors, a locked collection …
        return Check(name, False, f"找到 {kind}，但无法使用：{_message(exc)}{_linux_hint()}")
    if read_back != probe:
        return Check(name, False, f"{kind} 保存后读不回同一内容。{_linux_hint()}")
    return Check(name, True, f"可用（{kind}）")


def _message(exc: Exception) -> str:
    return getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"


def _linux_hint() -> str:
    if not sys.platform.startswith("linux"):
        return ""
    missing = []
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        missing.append("没有 D-Bus 会话（DBUS_SESSION_BUS_ADDRESS 未设置）")
    try:
        import secretstorage  # noqa: F401
    except ImportError:
        missing.append("缺少 Python 包 secretstorage")
    found = ("缺少：" + "、".join(missing)) if missing else ""
    return f"{found}\n{LINUX_KEYRING_STEPS}"


def _ledger_checks(ledger: Ledger) -> list[Check]:
    from heshi_station.ledger.reference_data import get_station
    from heshi_station.sync import credentials, errors, settings
    from heshi_station.sync.client import check_address
    from heshi_station.sync.schedule import probe

    out: list[Check] = []
    station = get_station(ledger)
    out.append(
        Check("联络站信息", station is not None, f"编码 {station.code}" if station else "未设置：请先填写联络站信息")
    )
    url = settings.centre_url(ledger)
    try:
        url = check_address(url)
        out.append(Check("市中心地址", True, url))
    except errors.SyncError as exc:
        out.append(Check("市中心地址", False, exc.message))
        url = ""
    if station is not None:
        try:
            has = bool(credentials.load_token(station.code))
            out.append(
                Check("同步令牌", has, "已保存在系统钥匙串" if has else "未保存：请运行 heshi-station sync-token")
            )
        except errors.SyncError as exc:
            out.append(Check("同步令牌", False, exc.message))
    if url:
        reachable = probe(url)
        out.append(
            Check(
                "连接市中心",
                reachable,
                "市中心有回应" if reachable else "连不上市中心：请检查网络，或核对地址、防火墙和代理设置",
            )
        )
    return out


def run_checks(db_path: Path | None, open_ledger: Callable[[Path], Ledger] = Ledger.open) -> list[Check]:
    checks = [_keyring_check()]
    if db_path is not None and db_path.exists():
        try:
            ledger = open_ledger(db_path)
        except Exception as exc:
            checks.append(Check("台账文件", False, f"{db_path}：{_message(exc)}"))
            return checks
        try:
            checks.append(Check("台账文件", True, str(db_path)))
            checks += _ledger_checks(ledger)
        finally:
            ledger.close()
    elif db_path is not None:
        checks.append(Check("台账文件", False, f"{db_path} 不存在"))
    return checks

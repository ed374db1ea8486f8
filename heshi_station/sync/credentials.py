"""The station's sync token lives in the operating system's keyring (``keyring``), never in a file or log.

If no usable keyring backend exists, ``NoKeyringBackend`` says so and what to install; there is no
plain-text fallback.
"""

from __future__ import annotations

import contextlib

import keyring
import keyring.errors
from keyring.backends import fail

SERVICE = "heshi-station-sync"

INSTALL_HINT = (
    "没有找到可用的系统钥匙串，无法安全保存同步令牌（本程序不会把令牌写成明文文件）。"
    "Windows 请确认“凭据管理器”服务已启用；统信UOS / 麒麟 / 其他 Linux 请安装并登录 gnome-keyring"
    "（或 KWallet），例如：sudo apt install gnome-keyring libsecret-1-0。"
)


def _backend():
    backend = keyring.get_keyring()
    chained = getattr(backend, "backends", None)
    if isinstance(backend, fail.Keyring) or (chained is not None and not chained):
        raise_no_backend()
    try:
        from keyring.backends import null

        if isinstance(backend, null.Keyring):
            raise_no_backend()
    except ImportError:  # pragma: no cover - every keyring version ships it
        pass
    return backend


def raise_no_backend():
    from heshi_station.sync.errors import NoKeyringBackend

    raise NoKeyringBackend(INSTALL_HINT)


def keyring_available() -> bool:
    try:
        _backend()
    except Exception:
        return False
    return True


def save_token(station_code: str, token: str) -> None:
    backend = _backend()
    try:
        backend.set_password(SERVICE, station_code, token.strip())
    except keyring.errors.KeyringError as exc:
        from heshi_station.sync.errors import NoKeyringBackend

        raise NoKeyringBackend(f"无法写入系统钥匙串：{exc}。{INSTALL_HINT}") from exc


def load_token(station_code: str) -> str | None:
    backend = _backend()
    try:
        return backend.get_password(SERVICE, station_code)
    except keyring.errors.KeyringError as exc:
        from heshi_station.sync.errors import NoKeyringBackend

        raise NoKeyringBackend(f"无法读取系统钥匙串：{exc}。{INSTALL_HINT}") from exc


def forget_token(station_code: str) -> None:
    backend = _backend()
    with contextlib.suppress(keyring.errors.PasswordDeleteError):
        backend.delete_password(SERVICE, station_code)

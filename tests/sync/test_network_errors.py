"""Network failures are classified by exception type and errno, never by the OS's (localised) message text,
and no outside server is asked whether the PC is online (issue 11, station side)."""

from __future__ import annotations

import errno
import socket
from pathlib import Path

import pytest
import requests
from urllib3.connection import HTTPSConnection
from urllib3.exceptions import MaxRetryError, NameResolutionError, NewConnectionError

from heshi_station.sync import client as client_module
from heshi_station.sync import errors
from heshi_station.sync.client import CentreClient, connection_error

URL = "https://sync.example.gov.cn"


def _as_requests_raises(os_error: OSError) -> requests.exceptions.ConnectionError:
    """The exception chain requests + urllib3 build for a failed connect, around ``os_error``."""
    conn = HTTPSConnection("sync.example.gov.cn")
    if isinstance(os_error, socket.gaierror):
        reason = NameResolutionError("sync.example.gov.cn", conn, os_error)
    else:
        reason = NewConnectionError(conn, f"无法建立连接: {os_error}")
    reason.__cause__ = os_error
    return requests.exceptions.ConnectionError(MaxRetryError(None, "/api/v1/hello", reason))


@pytest.mark.parametrize(
    ("os_error", "expected", "words"),
    [
        (OSError(errno.ENETUNREACH, "网络不可达。"), errors.Offline, "没有联网"),
        (OSError(errno.EHOSTUNREACH, "没有到主机的路由"), errors.Offline, "没有联网"),
        (
            ConnectionRefusedError(errno.ECONNREFUSED, "由于目标计算机积极拒绝，无法连接。"),
            errors.CentreUnreachable,
            "服务未开启",
        ),
        (socket.gaierror(socket.EAI_NONAME, "不知道这样的主机。"), errors.CentreUnreachable, "请核对市中心地址"),
        (socket.gaierror(socket.EAI_AGAIN, "这通常是主机名解析期间的临时错误"), errors.Offline, "没有联网"),
    ],
)
def test_classified_by_errno_whatever_the_message_says(os_error, expected, words):
    exc = connection_error(_as_requests_raises(os_error), URL)
    assert type(exc) is expected and words in exc.message
    assert "本机台账数据完好" in exc.message


def test_windows_socket_codes_count_too():
    wsa_unreachable = OSError(errno.EINVAL, "无法访问网络。")
    wsa_unreachable.winerror = 10051
    # Windows sets ``winerror``; on other systems the attribute is simply copied onto the exception.
    exc = connection_error(_as_requests_raises(wsa_unreachable), URL)
    assert isinstance(exc, errors.Offline)


def test_no_public_dns_server_is_consulted():
    assert not hasattr(client_module, "_network_up")
    source = Path(client_module.__file__).read_text(encoding="utf-8")
    assert "223.5.5.5" not in source and "8.8.8.8" not in source


def test_a_closed_port_on_this_machine_is_unreachable_not_offline():
    c = CentreClient("http://127.0.0.1:9", "t", "X", retries=0)
    with pytest.raises(errors.CentreUnreachable) as caught:
        c.hello()
    assert not isinstance(caught.value, errors.Offline) and "服务未开启" in caught.value.message

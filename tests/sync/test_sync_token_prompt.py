"""``sync-token`` in a terminal reads the token at a hidden prompt: it is never echoed (so it is neither on
screen nor in the shell history) — run in a real pseudo-terminal (issue 11, station side)."""

from __future__ import annotations

import os
import sys
import time

import pytest

from tests.factories import set_up_basics
from tests.sync.station_proc import RUNNER

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs a POSIX pseudo-terminal")


def _read_until(fd: int, marker: str, limit: float = 120) -> str:
    out = b""
    deadline = time.monotonic() + limit
    while marker.encode() not in out and time.monotonic() < deadline:
        try:
            chunk = os.read(fd, 1024)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    return out.decode("utf-8", "replace")


def test_token_is_read_without_echo(ledger, db_path, station_code):
    import pty

    set_up_basics(ledger, station_code)
    secret = "TOKEN-" + "q7" * 16
    pid, fd = pty.fork()
    if pid == 0:  # the child: heshi-station sync-token on the terminal
        os.environ["HESHI_TEST_KEYRING"] = "{}"
        os.execv(sys.executable, [sys.executable, str(RUNNER), "sync-token", "--db", str(db_path)])
    prompt = _read_until(fd, "同步令牌：")
    assert "同步令牌：" in prompt
    os.write(fd, (secret + "\n").encode())
    rest = _read_until(fd, "系统钥匙串")
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0, prompt + rest
    assert "已保存在系统钥匙串" in rest
    assert secret not in prompt + rest, "the token was echoed to the terminal"

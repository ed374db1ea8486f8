"""The fault-injection kill points live in one module and do nothing in a frozen build (issue 11)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _run(code: str, **env: str) -> int:
    import os

    return subprocess.run([sys.executable, "-c", code], env={**os.environ, **env}, timeout=60).returncode


def test_kills_only_when_named_and_never_when_frozen():
    call = "from heshi_protocol.kill_points import kill_point; kill_point('here'); print('alive')"
    assert _run(call, HESHI_SYNC_KILL_AT="here") == -9
    assert _run(call, HESHI_SYNC_KILL_AT="elsewhere") == 0
    frozen = "import sys; sys.frozen = True; " + call
    assert _run(frozen, HESHI_SYNC_KILL_AT="here") == 0


def test_no_module_keeps_its_own_copy():
    copies = [
        p.relative_to(REPO)
        for folder in ("heshi_station", "centre/heshi_centre", "protocol/heshi_protocol")
        for p in (REPO / folder).rglob("*.py")
        if "os.kill(" in p.read_text(encoding="utf-8") and p.name != "kill_points.py"
    ]
    assert copies == []

"""The three distributions stay apart: the centre never installs Qt, the station never installs the web stack.

Reads the dependency closure of each workspace member from ``uv.lock`` (what an install would really bring).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _closure(package: str) -> set[str]:
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    by_name = {p["name"]: p for p in lock["package"]}
    seen: set[str] = set()
    todo = [package]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        entry = by_name[name]
        deps = list(entry.get("dependencies", []))
        for extra in ("optional-dependencies",):
            for extra_deps in entry.get(extra, {}).values():
                deps += extra_deps if name == "psycopg" else []  # psycopg[binary] is asked for by the centre
        todo += [d["name"] for d in deps]
    return seen


def test_the_centre_does_not_install_qt() -> None:
    closure = _closure("heshi-centre")
    assert "fastapi" in closure and "heshi-protocol" in closure  # the check sees real dependencies
    assert not {n for n in closure if n.startswith(("pyside6", "shiboken6"))}
    assert "heshi-station" not in closure


def test_the_station_does_not_install_the_web_stack() -> None:
    closure = _closure("heshi-station")
    assert "pyside6-essentials" in closure and "heshi-protocol" in closure
    assert not closure & {"fastapi", "uvicorn", "starlette", "psycopg", "psycopg-binary", "heshi-centre"}


def test_the_protocol_depends_on_no_other_part() -> None:
    closure = _closure("heshi-protocol")
    assert not closure & {"heshi-station", "heshi-centre", "pyside6-essentials", "fastapi", "sqlalchemy"}

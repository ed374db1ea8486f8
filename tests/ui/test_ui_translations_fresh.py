"""The English translation covers every text in the window's code (the .ts is regenerated and compared)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "heshi_en.ts"


def _sources(path: Path) -> dict[tuple[str, str], str | None]:
    out = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") in ("obsolete", "vanished"):
                continue
            done = translation is not None and translation.get("type") != "unfinished"
            out[(name, message.findtext("source") or "")] = translation.text if done else None
    return out


def test_every_ui_text_has_an_english_translation(tmp_path) -> None:
    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent))
    if lupdate is None:
        pytest.skip("pyside6-lupdate is not installed next to this Python")
    files = sorted(str(p) for p in (ROOT / "heshi_station" / "ui").rglob("*.py"))
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [lupdate, *files, "-source-language", "zh_CN", "-target-language", "en", "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    wanted = set(_sources(fresh))
    have = _sources(TS)
    missing = sorted(k for k in wanted if not have.get(k))
    assert not missing, f"run pyside6-lupdate and scripts/i18n_en.py; untranslated: {missing[:10]}"
    assert (ROOT / "resources" / "i18n" / "heshi_en.qm").stat().st_size > 1000

"""The frozen build's slimmed ICU data (scripts/slim_icu.py) keeps everything Qt does with Chinese and English:
the same pinyin collation, GB18030/GBK codecs, time-zone names and case mapping as the full library."""

from __future__ import annotations

import os
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
slim_icu = runpy.run_path(str(ROOT / "scripts" / "slim_icu.py"))

PROBE = r"""
from PySide6.QtCore import QCollator, QCoreApplication, QDateTime, QLocale, QStringDecoder, QTimeZone
app = QCoreApplication([])
names = ["张三", "李四", "王五", "曾超华", "安娜", "赵六", "Zoe", "abc", "阿强", "单田芳", "区志强"]
print(sorted(names, key=QCollator(QLocale("zh_CN")).sortKey))
print(sorted(names, key=QCollator(QLocale("en_US")).sortKey))
print([QStringDecoder(n).isValid() for n in ("GB18030", "GBK", "GB2312", "Big5", "UTF-16LE", "windows-1252")])
tz = QTimeZone(b"Asia/Shanghai")
print(tz.displayName(QDateTime(2026, 12, 3, 9, 0, 0), QTimeZone.NameType.LongName, QLocale("zh_CN")))
print(QLocale("zh_CN").toUpper("straße abc"), QLocale("en_US").toLower("ÀÉ"))
"""


def test_item_rules() -> None:
    dropped = slim_icu["dropped"]
    for item in ("coll/fr.res", "fr.res", "curr/de_CH.res", "translit/root.res", "brkitr/root.res",
                 "ibm-943_P15A-2003.cnv", "rbnf/ja.res", "coll/es_.res"):  # fmt: skip
        assert dropped(item), item
    for item in ("coll/zh.res", "zh_Hans_CN.res", "en_001.res", "root.res", "res_index.res", "coll/res_index.res",
                 "gb18030.cnv", "ibm-1386_P100-2001.cnv", "windows-936-2000.cnv", "zoneinfo64.res", "pool.res",
                 "coll/ucadata.icu", "uts46.nrm", "supplementalData.res", "rbnf/yue.res"):  # fmt: skip
        assert not dropped(item), item


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the slimmed library is built on Linux only")
def test_slim_library_answers_like_the_full_one(tmp_path) -> None:
    if any(shutil.which(t) is None for t in ("icupkg", "genccode", "gcc", "readelf")):
        pytest.skip("icu-devtools, gcc or binutils missing")
    full = slim_icu["installed_library"]()
    slim = slim_icu["slim_library"](full, tmp_path / "icu")
    assert slim.stat().st_size < full.stat().st_size / 3

    def probe(preload: Path | None) -> str:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        if preload is not None:
            env["LD_PRELOAD"] = str(preload)  # loaded first: Qt's libicuuc binds to it by its soname
        out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
        return out.stdout

    with_full, with_slim = probe(None), probe(slim)
    assert "曾超华" in with_full and "中国标准时间" in with_full
    assert with_slim == with_full

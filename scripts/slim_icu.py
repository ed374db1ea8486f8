"""Rebuild Qt's ICU data library (``libicudata.so.NN``, ~32 MB in the PySide6 wheel) with only what the station needs.

    uv run python scripts/slim_icu.py OUT_DIR        # writes OUT_DIR/libicudata.so.NN from the installed PySide6

Used by ``build_installer.spec`` on Linux (the frozen folder's size goal). ICU's data holds every language's
locales, collation, transliteration, break-iterator dictionaries and converter tables. Qt uses ICU only for
collation (QCollator), text codecs (QStringConverter), locale case mapping and time-zone names, and the station
speaks Chinese and English; Python, not Qt, reads the clerk's files. So the rebuilt data keeps:

- every non-locale item (Unicode properties, normalisation, time zones, likely subtags, …) and the locale
  data of root, ``en*``, ``zh*`` and ``yue`` (which zh_Hant refers to);
- every converter except the big Japanese, Korean, Big5-HKSCS and IBM host (EBCDIC) double-byte tables
  (GB2312, GBK, GB18030 and what windows-949/950 build on stay);

and drops transliteration and break iterators (Qt finds line and word breaks itself). Result ≈ 8 MB; Chinese
collation, GB18030/GBK decoding and time-zone names are unchanged (tests/test_slim_icu.py compares them).

Needs ``icupkg`` and ``genccode`` (Debian: icu-devtools), ``gcc`` and ``readelf``. Raises
``subprocess.CalledProcessError`` / ``OSError`` when a step fails; the spec then keeps the full library.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ICU_LIBRARY = re.compile(r"libicudata\.so\.(\d+)$")
KEEP_LANGUAGES = ("en", "zh", "yue")
DROP_FOLDERS = ("translit", "brkitr")
DROP_CONVERTERS = (
    "ibm-930_", "ibm-933_", "ibm-935_", "ibm-937_", "ibm-939_", "ibm-942_", "ibm-943_", "ibm-949_", "ibm-954_",
    "ibm-964_", "ibm-1364_", "ibm-1371_", "ibm-1375_", "ibm-1388_", "ibm-1390_", "ibm-1399_", "ibm-5471_",
    "ibm-16684_", "ibm-33722_",
)  # fmt: skip
_LOCALE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*$")  # af, en_001, zh_Hant_HK, es_ (an alias item)


def _run(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def dropped(item: str) -> bool:
    """Whether an item of the ICU data package (as ``icupkg -l`` names it) is left out."""
    folder, base = item.split("/", 1) if "/" in item else ("", item)
    stem = base.rsplit(".", 1)[0]
    if folder in DROP_FOLDERS or (base.endswith(".cnv") and base.startswith(DROP_CONVERTERS)):
        return True
    is_locale = base.endswith(".res") and stem != "res_index" and _LOCALE.match(stem) is not None
    return is_locale and stem.split("_")[0] not in KEEP_LANGUAGES


def extract_data(library: Path, out: Path) -> Path:
    """Copy the data package (symbol ``icudtNN_dat``) out of the shared library into ``out/icudtNNl.dat``."""
    major = ICU_LIBRARY.search(library.name).group(1)  # type: ignore[union-attr]
    symbol = f"icudt{major}_dat"
    line = next(
        row.split() for row in _run("readelf", "-Ws", "--dyn-syms", str(library)).splitlines() if row.endswith(symbol)
    )
    address, size, section = int(line[1], 16), int(line[2], 0), int(line[6])
    sections = re.findall(r"\[\s*(\d+)\]\s+\S+\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)", _run("readelf", "-SW", str(library)))
    base, offset = next((int(a, 16), int(o, 16)) for n, a, o in sections if int(n) == section)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"icudt{major}l.dat"  # icupkg wants the file named like its items' prefix
    with library.open("rb") as f:
        f.seek(address - base + offset)
        path.write_bytes(f.read(size))
    return path


def slim_library(library: Path, work: Path) -> Path:
    """Build ``work/libicudata.so.NN`` holding the slimmed data; returns its path."""
    major = ICU_LIBRARY.search(library.name).group(1)  # type: ignore[union-attr]
    full = extract_data(library, work / "full")
    drop = [item for item in _run("icupkg", "-l", str(full)).split() if dropped(item)]
    (work / "drop.txt").write_text("\n".join(drop) + "\n", encoding="utf-8")
    slim = work / "out" / full.name
    slim.parent.mkdir(parents=True, exist_ok=True)
    slim.unlink(missing_ok=True)
    _run("icupkg", "-r", str(work / "drop.txt"), str(full), str(slim))
    for old in work.glob("*.S"):
        old.unlink()
    _run("genccode", "-e", f"icudt{major}", "-a", "gcc", "-d", str(work), str(slim))
    out = work / f"libicudata.so.{major}"
    assembly = [str(p) for p in work.glob("*.S")]
    _run("gcc", "-shared", "-nostdlib", f"-Wl,-soname,libicudata.so.{major}", "-o", str(out), *assembly)
    return out


def installed_library() -> Path:
    """PySide6's own ICU data library."""
    import PySide6

    return next((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))


if __name__ == "__main__":
    result = slim_library(installed_library(), Path(sys.argv[1]))
    print(f"{result} ({result.stat().st_size / 1e6:.1f} MB)")

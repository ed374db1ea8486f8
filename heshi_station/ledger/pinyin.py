"""Pinyin keys for finding people by name as clerks type them: ``zs`` or ``zhangsan`` finds 张三."""

from __future__ import annotations

# pypinyin loads its dictionaries at import (about half a second and 50 MB), so it is imported on first use
# rather than when the program starts.


def initials(name: str) -> str:
    """Lower-case first letters of each syllable; non-Chinese characters are kept as they are (lower-cased)."""
    from pypinyin import Style, lazy_pinyin

    return "".join(p[0] for p in lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default") if p).lower()


def full_pinyin(name: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(name, errors="default")).lower()


def is_pinyin_query(text: str) -> bool:
    return bool(text) and text.isascii() and text.isalpha()

"""Pinyin keys for finding people by name as clerks type them: ``zs`` or ``zhangsan`` finds 张三."""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin


def initials(name: str) -> str:
    """Lower-case first letters of each syllable; non-Chinese characters are kept as they are (lower-cased)."""
    return "".join(p[0] for p in lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default") if p).lower()


def full_pinyin(name: str) -> str:
    return "".join(lazy_pinyin(name, errors="default")).lower()


def is_pinyin_query(text: str) -> bool:
    return bool(text) and text.isascii() and text.isalpha()

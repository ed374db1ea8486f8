"""Pinyin keys for finding people by name as clerks type them: ``zs`` or ``zhangsan`` finds 张三.

Guarantees:
- a name's first character (or first two, for a compound surname such as 尉迟) is read as a surname:
  曾超华 is ``zch``/``zengchaohua``, never ``cch``; 单 ``shan``, 解 ``xie``, 查 ``zha``, 翟 ``zhai``, 仇 ``qiu``,
  区 ``ou``, 朴 ``piao``, 盖 ``ge``, 覃 ``qin`` and the other surnames of ``SURNAME_READINGS``;
- the rest of the name is read as pypinyin reads it in context;
- characters that are not Chinese are kept (lower-cased), so ``A组王五`` still has keys.

pypinyin (0.55) has no surname mode, so the surname readings are a table here: the surnames whose everyday
reading differs from the reading pypinyin picks for the character alone. Stored keys (``visitor``,
``deputy`` and ``opinion`` columns) were rebuilt with this table by migration 0010; a change to the table
needs another such migration, because the search ranges compare against the stored keys.
"""

from __future__ import annotations

# pypinyin loads its dictionaries at import (about half a second and 50 MB), so it is imported on first use
# rather than when the program starts.

# Compound surnames first: they are matched before a single first character.
COMPOUND_SURNAME_READINGS: dict[str, tuple[str, str]] = {
    "尉迟": ("yu", "chi"),
    "万俟": ("mo", "qi"),
    "长孙": ("zhang", "sun"),
    "澹台": ("tan", "tai"),
    "令狐": ("ling", "hu"),
    "单于": ("chan", "yu"),
}

SURNAME_READINGS: dict[str, str] = {
    "曾": "zeng", "单": "shan", "解": "xie", "查": "zha", "翟": "zhai", "仇": "qiu", "区": "ou", "朴": "piao",
    "盖": "ge", "覃": "qin", "乐": "yue", "缪": "miao", "秘": "bi", "种": "chong", "繁": "po", "员": "yun",
    "贲": "ben", "隗": "wei", "冼": "xian", "洗": "xian", "黑": "he", "折": "she", "能": "nai", "句": "gou",
    "薄": "bo", "褚": "chu", "牟": "mou", "莘": "shen", "祭": "zhai", "召": "shao", "阚": "kan", "尉": "wei",
    "柏": "bai", "宿": "su", "谌": "chen", "佴": "nai", "郇": "huan", "逄": "pang", "隽": "juan", "都": "du",
    "长": "chang", "重": "chong", "角": "jue", "相": "xiang", "藏": "zang", "卜": "bu", "过": "guo",
    "沈": "shen", "叶": "ye", "燕": "yan", "殷": "yin", "任": "ren", "纪": "ji", "石": "shi", "车": "che",
    "费": "fei", "贾": "jia", "华": "hua", "鲜": "xian", "蕃": "pi", "朝": "chao", "臧": "zang", "恽": "yun",
}  # fmt: skip

# Names longer than this are not people's names (a group, "某村村民"): their first character is read as text.
_MAX_PERSON_NAME = 6


def syllables(name: str) -> list[str]:
    """The pinyin syllables of ``name`` (lower case, no tones), the surname read as a surname."""
    from pypinyin import lazy_pinyin

    name = name or ""
    head: list[str] = []
    rest = name
    if len(name) <= _MAX_PERSON_NAME:
        if name[:2] in COMPOUND_SURNAME_READINGS and len(name) > 2:
            head, rest = list(COMPOUND_SURNAME_READINGS[name[:2]]), name[2:]
        elif name[:1] in SURNAME_READINGS:
            head, rest = [SURNAME_READINGS[name[0]]], name[1:]
    tail = lazy_pinyin(rest, errors="default") if rest else []
    return [p.lower() for p in head + tail if p]


def initials(name: str) -> str:
    """Lower-case first letters of each syllable (``曾超华`` → ``zch``); other characters kept, lower-cased."""
    return "".join(p[0] for p in syllables(name) if p)


def text_initials(text: str) -> str:
    """Lower-case first letters of each syllable read as ordinary text (``区水利局`` → ``qslj``), for names that
    are not people's (units, categories), where a surname reading would be wrong."""
    from pypinyin import lazy_pinyin

    return "".join(p[0].lower() for p in lazy_pinyin(text or "", errors="default") if p)


def full_pinyin(name: str) -> str:
    """All syllables run together (``曾超华`` → ``zengchaohua``), for sorting and full-pinyin search."""
    return "".join(syllables(name))


def is_pinyin_query(text: str) -> bool:
    return bool(text) and text.isascii() and text.isalpha()

"""How people write the coded values of 基础数据 (deputy level, unit kind, gender) in a spreadsheet, read
back to the protocol's codes — one reading for every import and upload.

A roster kept in Excel says 市级、区级、市人大代表、乡镇 where the glossary's word is 市、县(区)、乡(镇);
:func:`deputy_level_from_text` accepts all of them for all five levels of ``vocab.DeputyLevel`` and refuses
anything else with a sentence listing what is accepted. ``ACCEPTED_*`` are the words a template's
drop-down offers (the glossary's words, which read back to themselves).
"""

from __future__ import annotations

from heshi_protocol.vocab import DeputyLevel, Gender, UnitKind

# Written forms beyond the glossary word and the code, after normalising (see ``_normalise``).
_LEVEL_WORDS: dict[DeputyLevel, tuple[str, ...]] = {
    DeputyLevel.NATIONAL: ("全国", "国家"),
    DeputyLevel.PROVINCE: ("省", "省级", "自治区", "直辖市"),
    DeputyLevel.CITY: ("市", "地市", "设区的市", "州", "盟"),
    DeputyLevel.COUNTY: (
        "县(区)",
        "县",
        "区",
        "县区",
        "区县",
        "县/区",
        "县、区",
        "县(市、区)",
        "县(市区)",
        "县级市",
        "旗",
    ),
    DeputyLevel.TOWNSHIP: ("乡(镇)", "乡", "镇", "乡镇", "乡/镇", "乡、镇", "苏木", "民族乡"),
}
_SUFFIXES = ("人民代表大会代表", "人大代表", "代表", "人大", "级")

ACCEPTED_LEVELS = DeputyLevel.labels()
ACCEPTED_UNIT_KINDS = UnitKind.labels()
ACCEPTED_GENDERS = Gender.labels()
YES_NO = ("是", "否")


def _normalise(text: str) -> str:
    t = "".join(str(text).split()).replace("（", "(").replace("）", ")").replace("／", "/")
    changed = True
    while changed and t:
        changed = False
        for suffix in _SUFFIXES:
            if t.endswith(suffix) and len(t) > len(suffix):
                t, changed = t[: -len(suffix)], True
    return t


def level_words() -> str:
    """The accepted words, for messages and the 说明 sheet."""
    return "、".join(ACCEPTED_LEVELS) + "（也可写作 全国人大代表、省级、市级、区级、县级、乡镇 等）"


def deputy_level_from_text(text: str) -> DeputyLevel:
    """The level written as its code, its glossary word or a usual form (市级, 区人大代表, 乡镇…).

    Raises ``ValueError`` with a Chinese sentence naming the accepted values."""
    raw = str(text or "").strip()
    if not raw:
        raise ValueError(f"代表层级为空，可填：{level_words()}")
    try:
        return DeputyLevel.from_label(raw)
    except ValueError:
        pass
    t = _normalise(raw)
    for level, words in _LEVEL_WORDS.items():
        if t in words or t == level.value:
            return level
    raise ValueError(f"代表层级“{raw}”无法识别，可填：{level_words()}")


def unit_kind_from_text(text: str) -> UnitKind:
    raw = str(text or "").strip()
    if not raw:
        raise ValueError(f"单位类型为空，可填：{'、'.join(ACCEPTED_UNIT_KINDS)}")
    t = raw.replace("（", "(").replace("）", ")")
    try:
        return UnitKind.from_label(t)
    except ValueError:
        raise ValueError(f"单位类型“{raw}”无法识别，可填：{'、'.join(ACCEPTED_UNIT_KINDS)}") from None


def gender_from_text(text: str) -> str:
    """The gender code, or "" when the cell is blank; ``ValueError`` otherwise."""
    raw = str(text or "").strip()
    if not raw:
        return ""
    words = {"男性": "男", "女性": "女"}
    try:
        return Gender.from_label(words.get(raw, raw)).value
    except ValueError:
        raise ValueError(f"性别“{raw}”无法识别，可填：{'、'.join(ACCEPTED_GENDERS)}，或留空") from None


def yes_no(text: str) -> bool:
    """在用: blank, 是 and the usual yes-words are True; 否/停用/0 are False; anything else ``ValueError``."""
    raw = str(text or "").strip()
    if raw in ("", "是", "在用", "1", "true", "True", "TRUE", "Y", "y", "√"):
        return True
    if raw in ("否", "停用", "不在用", "0", "false", "False", "FALSE", "N", "n", "×"):
        return False
    raise ValueError(f"“{raw}”应为“是”或“否”（留空即为“是”）")

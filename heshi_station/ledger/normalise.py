"""Input as clerks type it: the ONE place that turns typed text into the form the ledger stores and searches.

Registration, corrections, the roster, Excel import (which goes through the ledger operations) and search
all call these functions, so ``１３９ ０００ ５６７８``, ``139-0000-5678`` and ``13900005678`` are one phone
number everywhere, and ``张 三`` is the same person as ``张三``.

Guarantees:
- every ``clean_*``/``normalise_*`` function is idempotent (``f(f(x)) == f(x)``) and never raises, whatever
  it is given (``None`` reads as empty; any other non-text value as its ``str``);
- full-width digits and Latin letters (``０``-``９``, ``Ａ``-``Ｚ``, ``ａ``-``ｚ``) become ASCII, and the
  ideographic space becomes a space; full-width punctuation in prose is kept, because it is Chinese
  punctuation (``，`` is not ``,`` in a sentence);
- zero-width spaces and byte-order marks (invisible leftovers of copying from web pages) are removed;
- cleaning never removes a control character or a lone surrogate: ``text_problem`` reports them, so
  bad input is refused with a message instead of being silently changed;
- the length limits below are the ones every operation enforces (``LIMITS``), in characters.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# Generous limits (characters): a long letter fits in a matter; a name or place never needs more.
MAX_LONG_TEXT = 5000  # 反映问题, 意见内容, 办理情况
MAX_NAME = 50  # 姓名 (also 联络员)
MAX_PLACE = 200  # 接待地点
MAX_VILLAGE = 100  # 村(社区)
MAX_REASON = 1000  # 更正理由, 作废理由
LIMITS = {
    "long_text": MAX_LONG_TEXT,
    "name": MAX_NAME,
    "place": MAX_PLACE,
    "village": MAX_VILLAGE,
    "reason": MAX_REASON,
}

_WIDE_RANGES = ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))  # ０-９ Ａ-Ｚ ａ-ｚ
_WIDE = {cp: cp - 0xFEE0 for first, last in _WIDE_RANGES for cp in range(first, last + 1)}
_WIDE[0x3000] = 0x20  # ideographic space
_INVISIBLE = {0x200B: None, 0xFEFF: None}  # zero-width space, BOM
_TRANSLATE = {**_WIDE, **_INVISIBLE}

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Whitespace that is not a control character: ``\s`` also matches U+000B, U+000C, U+001C–U+001F and U+0085,
# and cleaning must leave those for ``text_problem`` to refuse rather than remove them next to a Chinese name.
_NAME_SPACE = " \u1680\u2028\u2029\u3000"  # what clean_line leaves that \s matches, controls left out
_SPACE_NEXT_TO_CJK = re.compile(rf"[{_NAME_SPACE}]+(?=[{_CJK}·])|(?<=[{_CJK}·])[{_NAME_SPACE}]+")
_MIDDLE_DOTS = str.maketrans({c: "·" for c in "•‧∙・･・"})  # minority names: 买买提·艾力
_SPACES = re.compile(r"[ \t\n\r\u00a0\u2000-\u200a\u202f\u205f]+")
# str.strip() would also drop \x1c-\x1f and \x85, which must be refused, not silently removed.
_TRIM = " \t\n\r\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"

# Control characters refused at entry (tab and line breaks are ordinary whitespace), C1 controls too.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_NONCHAR = re.compile(r"[\ufffe\uffff]")


def as_text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def ascii_width(text: Any) -> str:
    """Full-width digits/letters to ASCII, ideographic space to space, zero-width marks removed."""
    return as_text(text).translate(_TRANSLATE)


def clean_text(text: Any) -> str:
    """Multi-line prose (反映问题, 意见内容, 办理情况, reasons): widths fixed, line breaks unified, trimmed."""
    text = ascii_width(text).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip(_TRIM)


def clean_line(text: Any) -> str:
    """One-line values (place, village, …): widths fixed, every run of whitespace one space, trimmed."""
    return _SPACES.sub(" ", ascii_width(text)).strip(_TRIM)


def clean_name(text: Any) -> str:
    """A person's name: as ``clean_line``, and no spaces next to Chinese characters (``张 三`` → ``张三``).

    Spaces between Latin words are kept (``Li Ming``); the middle dots of minority names are unified to ``·``.
    """
    text = clean_line(as_text(text).translate(_MIDDLE_DOTS))
    return _SPACE_NEXT_TO_CJK.sub("", text)


# ------------------------------------------------------------------------------------------------- phones
_DASHES = str.maketrans({**{c: "-" for c in "－‐‑‒–—―﹣−"}, "＋": "+"})
_PHONE_SEPARATORS = re.compile(r"[\s\-.()（）\[\]【】/]+")
_PHONE_CHARS = re.compile(r"[\d\s\-.()（）\[\]【】/+]+")


def _area_length(digits: str) -> int:
    """Area code length of a landline dialled with its 0: 010 and 02X are three digits, the rest four."""
    return 3 if digits.startswith(("010", "02")) else 4


def normalise_phone(text: Any) -> str:
    """One form per phone number: a mobile as 11 digits, a landline as ``0392-3312345`` (``-801`` extension).

    Accepts full-width digits and any of space, ``-``, ``.``, ``/`` and brackets as separators
    (``139-0000-5678``, ``139 0000 5678``, ``（0392）3312345``) and a ``+86``/``0086`` prefix. Text that is not
    a phone number's characters comes back with only its widths and spaces fixed, for ``phone_problem`` to refuse.
    """
    text = clean_line(text).translate(_DASHES)
    if not text:
        return ""
    if not _PHONE_CHARS.fullmatch(text):
        return text.replace(" ", "")
    groups = [g for g in _PHONE_SEPARATORS.split(text) if g]
    if groups and groups[0] in ("+86", "+0086"):
        groups = groups[1:]
    elif groups and groups[0].startswith("+86"):
        groups = [groups[0][3:], *groups[1:]]
    if any("+" in g for g in groups):
        return text.replace(" ", "")  # a plus sign anywhere else: not a number we know how to read
    digits = "".join(groups)
    if len(digits) == 13 and digits.startswith("861"):
        digits, groups = digits[2:], [digits[2:]]
    elif len(digits) == 15 and digits.startswith("00861"):
        digits, groups = digits[4:], [digits[4:]]
    elif groups and groups[0] == "0086" and re.fullmatch(r"1\d{10}", digits[4:]):
        digits, groups = digits[4:], groups[1:]
    if len(digits) == 11 and digits.startswith("1"):
        return digits  # a mobile: separators carry nothing
    if digits.startswith("0") and len(digits) >= 3:
        area_len = _area_length(digits)
        area, rest_groups = digits[:area_len], None
        if len(groups) > 1 and groups[0] in (digits[:3], digits[:4]):
            area, rest_groups = groups[0], groups[1:]
        local, extension = _split_local(rest_groups, digits[len(area) :])
        return "-".join(p for p in (area, local, extension) if p)
    local, extension = _split_local(groups if len(groups) > 1 else None, digits)
    return "-".join(p for p in (local, extension) if p)


def _split_local(groups: list[str] | None, digits: str) -> tuple[str, str]:
    """The local number (7-8 digits) and an extension that was typed as a separate group after it."""
    if not groups:
        return digits, ""
    local = ""
    for i, g in enumerate(groups):
        if len(local) >= 7:
            return local, "".join(groups[i:])
        local += g
    return local, ""


def phone_search_terms(term: str) -> str | None:
    """The stored form to search for when ``term`` is a phone number as typed, else None.

    A landline is searched by its local number, which is in both the ``0392-3312345`` form and the
    ``03923312345`` form older ledgers hold.
    """
    raw = clean_line(term).translate(_DASHES)
    if not raw or not _PHONE_CHARS.fullmatch(raw) or not any(c.isdigit() for c in raw):
        return None
    phone = normalise_phone(raw)
    if not re.fullmatch(r"[\d-]+", phone):
        return None
    if "-" in phone and phone.startswith("0"):
        return phone.split("-")[1]
    return phone.replace("-", "")


def phone_prefix(prefix: str) -> str | None:
    """A partly typed phone number in the stored form (for autocomplete), or None if it is not one."""
    raw = clean_line(prefix).translate(_DASHES)
    if not raw or not _PHONE_CHARS.fullmatch(raw) or not any(c.isdigit() for c in raw):
        return None
    digits = re.sub(r"\D", "", raw)
    if digits.startswith("0") and len(digits) > _area_length(digits):
        n = _area_length(digits)
        return f"{digits[:n]}-{digits[n:]}"
    return digits


# ----------------------------------------------------------------------------------------------- problems
def character_problem(text: Any) -> str | None:
    """A Chinese message naming the first character that can never be stored, or None."""
    text = as_text(text)
    for pattern, what in (
        (_CONTROL, "不可见的控制字符"),
        (_SURROGATE, "无法保存的残缺字符"),
        (_NONCHAR, "无效字符"),
    ):
        m = pattern.search(text)
        if m:
            return f"第{m.start() + 1}个字符是{what}（U+{ord(m.group()):04X}），请删除后重新输入"
    return None


def text_problem(text: Any, limit: int) -> str | None:
    """Control characters or more than ``limit`` characters: the message to show, else None."""
    if p := character_problem(text):
        return p
    n = len(as_text(text))
    if n > limit:
        return f"不能超过{limit}字（现有{n}字）"
    return None


def is_normalised_name(text: str) -> bool:
    """True when ``text`` is already in the form ``clean_name`` gives (for tests and data checks)."""
    return clean_name(text) == text and unicodedata.is_normalized("NFC", text)

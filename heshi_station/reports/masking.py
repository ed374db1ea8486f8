"""Masking personal data on paper and in spreadsheets (张*, 199****1234, （保密）).

Guarantees: a masked value never contains the hidden characters, so they are absent from a PDF's text layer
and from an exported cell; masking is a pure function of the value (no ledger access).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CONFIDENTIAL_TEXT = "（保密）"
MASK_SETTING = "mask_personal_data"

_MOBILE = re.compile(r"^(\+?86)?(1\d{2})(\d{4})(\d{4})$")


def mask_name(name: str) -> str:
    """Keep the surname (first character), star the rest: 张三 → 张*, 欧阳娜娜 → 欧***."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    return name[0] + "*" * (len(name) - 1)


def mask_phone(phone: str) -> str:
    """Hide the middle four digits of a mobile (199****1234); for a landline keep the area code and the last
    four digits of the local number (0392-***2345)."""
    phone = (phone or "").strip()
    if not phone:
        return ""
    compact = re.sub(r"[\s-]", "", phone)
    if m := _MOBILE.match(compact):
        return f"{m.group(2)}****{m.group(4)}"
    if "-" in phone:
        area, _, rest = phone.partition("-")
        local = rest.split("-")[0]
        return f"{area}-{'*' * max(len(local) - 4, 0)}{local[-4:]}"
    if len(compact) > 4:
        return "*" * (len(compact) - 4) + compact[-4:]
    return "*" * len(compact)


@dataclass(frozen=True)
class Masker:
    """Applies (or not) the masking rules; pass ``Masker(True)`` for a masked register."""

    enabled: bool = False

    def name(self, value: str) -> str:
        return mask_name(value) if self.enabled else value

    def names(self, values: list[str] | tuple[str, ...]) -> str:
        return "、".join(self.name(v) for v in values if v)

    def phone(self, value: str) -> str:
        return mask_phone(value) if self.enabled else value

    def matter(self, text: str, confidential: bool) -> str:
        """Confidential matters are replaced on a masked register; an unmasked one prints them in full."""
        return CONFIDENTIAL_TEXT if (self.enabled and confidential) else text


def default_masking(ledger) -> bool:
    """The station's setting for printed registers (on unless the clerk turned it off)."""
    from heshi_station.ledger.reference_data import get_setting

    return get_setting(ledger, MASK_SETTING, "1").strip() not in ("0", "false", "否", "")

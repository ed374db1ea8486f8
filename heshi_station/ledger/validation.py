"""Field checks shared by every operation. Each returns a Chinese message, or None when the value is fine.

Phone numbers (read in the one stored form of ``ledger.normalise``, re-exported here): mainland mobiles
(11 digits starting 13–19) and landlines with or without area code and extension. Resident ID numbers:
18 characters with the GB 11643-1999 ISO 7064 MOD 11-2 check digit and a real date of birth.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from heshi_station.ledger.normalise import normalise_phone

__all__ = ["future_problem", "id_number_problem", "normalise_phone", "phone_problem", "required_problem"]

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"(0\d{2,3}-?)?[2-9]\d{6,7}(-\d{1,6})?")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def phone_problem(text: str) -> str | None:
    phone = normalise_phone(text)
    if not phone:
        return None
    if _MOBILE.fullmatch(phone) or _LANDLINE.fullmatch(phone):
        return None
    digits = re.sub(r"\D", "", phone)
    if phone.startswith("1") and "-" not in phone:
        if len(digits) != 11:
            return f"手机号码应为11位数字，这里是{len(digits)}位"
        return "手机号码第二位应为3至9"
    if re.search(r"[^\d-]", phone):
        return "电话号码只能包含数字和“-”"
    return "不是有效的手机或座机号码（座机如 0392-3312345）"


def id_check_digit(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def id_number_problem(text: str) -> str | None:
    value = (text or "").strip().upper()
    if not value:
        return None
    if len(value) != 18:
        return f"身份证号码应为18位，这里是{len(value)}位"
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return "身份证号码前17位应为数字，最后一位为数字或X"
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return "身份证号码中的出生日期不存在"
    if born > date.today() or born.year < 1900:
        return "身份证号码中的出生日期不合理"
    if id_check_digit(value[:17]) != value[17]:
        return "身份证号码校验位不正确，请核对"
    return None


def future_problem(value: date | datetime, today: date) -> str | None:
    day = value.date() if isinstance(value, datetime) else value
    if day > today:
        return f"日期 {day.isoformat()} 晚于今天，不能登记未来的事"
    return None


def required_problem(text: str | None) -> str | None:
    return "必须填写" if not (text or "").strip() else None

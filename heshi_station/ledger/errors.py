"""Exceptions the ledger operations raise. Every message is Chinese and says which field and what is wrong.

Nothing is written when any of these is raised from an operation: validation happens before the first
write, and any later failure rolls the whole transaction back.
"""

from __future__ import annotations

from dataclasses import dataclass

from heshi_protocol.errors import InvalidStep, LedgerError, UserFacingError

__all__ = [
    "FieldError",
    "InvalidStep",
    "LedgerError",
    "NotFound",
    "StationNotSetUp",
    "UserFacingError",
    "ValidationFailed",
]


@dataclass(frozen=True)
class FieldError:
    field: str  # the attribute name of the input dataclass, e.g. "visitors[0].phone"
    label: str  # what the clerk sees, e.g. "来访人1 联系电话"
    message: str  # what is wrong, e.g. "手机号码应为11位数字"

    def __str__(self) -> str:
        return f"{self.label}：{self.message}"


class ValidationFailed(LedgerError):
    """One or more fields are wrong; ``errors`` lists every one of them."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = list(errors)
        super().__init__("；".join(str(e) for e in self.errors))

    @classmethod
    def single(cls, field: str, label: str, message: str) -> ValidationFailed:
        return cls([FieldError(field, label, message)])


class NotFound(LedgerError):
    """The record named does not exist (or is not in this station's ledger)."""


class StationNotSetUp(LedgerError):
    def __init__(self) -> None:
        super().__init__("尚未设置联络站信息，请先在“设置”中填写联络站名称和编码。")

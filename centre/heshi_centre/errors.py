"""Errors the centre answers with: an HTTP status, a stable ``code`` and a Chinese ``message``."""

from __future__ import annotations


class CentreError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, **extra) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra

    def body(self) -> dict:
        return {"code": self.code, "message": self.message, **self.extra}


class ProtocolTooOld(CentreError):
    status, code = 426, "protocol_too_old"


class ProtocolTooNew(CentreError):
    status, code = 426, "protocol_too_new"


class TokenInvalid(CentreError):
    status, code = 401, "token_invalid"


class TokenRevoked(CentreError):
    status, code = 401, "token_revoked"


class StationUnknown(CentreError):
    status, code = 404, "station_unknown"


class StationMismatch(CentreError):
    status, code = 403, "station_mismatch"


class ClockSkew(CentreError):
    status, code = 400, "clock_skew"


class SequenceGap(CentreError):
    status, code = 409, "sequence_gap"


class BadBatch(CentreError):
    status, code = 422, "bad_batch"


class NotFound(CentreError):
    status, code = 404, "not_found"


class AdminError(CentreError):
    """A refused admin action (CLI or admin API): bad input, unknown station, duplicate code."""

    status, code = 400, "admin_refused"


class AdminForbidden(CentreError):
    status, code = 403, "admin_forbidden"

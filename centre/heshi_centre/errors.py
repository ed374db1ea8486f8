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


class SchemaOutOfDate(CentreError):
    """The database is not at the newest schema and this process may not migrate it (PostgreSQL)."""

    status, code = 503, "schema_out_of_date"


class SettingInvalid(CentreError):
    """An environment setting of the centre process cannot be read (said before anything starts)."""

    status, code = 500, "setting_invalid"


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


class BadRequestBody(CentreError):
    """The body is not gzip / JSON / UTF-8 as the protocol says."""

    status, code = 400, "bad_body"


class InvalidBody(CentreError):
    """The body is JSON but does not match the protocol (wrong types, values, unknown fields)."""

    status, code = 422, "invalid_body"


class BodyTooLarge(CentreError):
    status, code = 413, "body_too_large"


class LengthRequired(CentreError):
    status, code = 411, "length_required"


class UnsupportedMediaType(CentreError):
    status, code = 415, "unsupported_media_type"


class OpIdReused(CentreError):
    """An op id the centre already holds came again under another sequence number."""

    status, code = 409, "op_id_reused"


class EventRefused(AdminError):
    """An admin handling event the centre cannot accept (bad data, a date that cannot be real)."""

    status, code = 422, "event_refused"


class DataRefused(AdminError):
    """Centre-owned data (reference data, a holiday year) that stations could not apply."""

    status, code = 422, "data_refused"

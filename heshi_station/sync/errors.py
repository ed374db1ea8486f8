"""Why a sync did not finish, in words the clerk can act on. None of these loses local data: the outbox
rows stay pending until the centre has acknowledged them and that answer is committed locally."""

from __future__ import annotations

from heshi_protocol.errors import UserFacingError


class SyncError(UserFacingError):
    """Base: ``str(exc)`` is a Chinese sentence saying what happened and what to do."""

    code = "sync_failed"
    retry_later = True  # the auto-sync may try again by itself

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotConfigured(SyncError):
    code, retry_later = "not_configured", False


class InsecureAddress(SyncError):
    code, retry_later = "insecure_address", False


class Offline(SyncError):
    code = "offline"


class CentreUnreachable(SyncError):
    code = "unreachable"


class CentreTimeout(CentreUnreachable):
    code = "timeout"


class CertificateProblem(SyncError):
    code, retry_later = "certificate", False


class TokenRejected(SyncError):
    code, retry_later = "token_rejected", False


class StationUnknown(SyncError):
    code, retry_later = "station_unknown", False


class ClockSkew(SyncError):
    code, retry_later = "clock_skew", False


class ProtocolMismatch(SyncError):
    code, retry_later = "protocol", False


class CentreAnswerInvalid(SyncError):
    code = "bad_answer"


class CentreBusy(SyncError):
    code = "centre_error"


class SyncBusy(SyncError):
    code = "busy"


class NoKeyringBackend(SyncError):
    code, retry_later = "no_keyring", False


class StationNotSetUp(SyncError):
    code, retry_later = "no_station", False


LOCAL_DATA_SAFE = "本机台账数据完好，未同步的记录会在下次同步时发送。"

"""The HTTP client for the centre: a ``requests`` session with urllib3 retries, timeouts and gzip bodies.

Guarantees:
- certificate checks are always on for HTTPS; plain HTTP is refused unless the host is loopback;
- a connect timeout and a stall (read) timeout bound every request; connection failures and 502/503/504
  are retried with jittered exponential backoff (urllib3 ``Retry``), and so is a request whose connection
  the centre dropped before answering (reset, or closed without a reply: a kept-alive connection the server
  closed just as the request went out) — safe, since a pull only reads and the centre de-duplicates a
  re-sent push by op id; a stalled reply is NOT retried here (the sync engine shrinks the batch and
  resends, which the centre de-duplicates);
- every failure becomes a ``SyncError`` subclass with a Chinese message; a reply that does not match the
  request (wrong count, order or status) is ``CentreAnswerInvalid`` and nothing is committed locally;
- the token is sent only in the Authorization header and never logged.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import (
    ConnectTimeoutError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
)
from urllib3.util.retry import Retry

from heshi_protocol import wire
from heshi_station.sync import errors

LOOPBACK_NAMES = {"localhost"}


def check_address(url: str) -> str:
    """The normalised centre address, or ``InsecureAddress`` / ``NotConfigured`` with a reason."""
    url = (url or "").strip().rstrip("/")
    if not url:
        raise errors.NotConfigured("还没有填写市中心地址。请在“同步设置”中填写市中心提供的地址。")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise errors.NotConfigured(f"市中心地址“{url}”格式不正确，应类似 https://sync.example.gov.cn")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise errors.InsecureAddress(
            "市中心地址必须以 https:// 开头（加密传输）。只有本机测试地址（127.0.0.1）可以使用 http://。"
        )
    return url


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass
class Timeouts:
    connect: float = 5.0
    stall: float = 30.0


class SequenceGapAnswer(Exception):
    """The centre refused a batch: it needs the station's records from ``expected_seq`` on."""

    def __init__(self, expected_seq: int) -> None:
        super().__init__(expected_seq)
        self.expected_seq = expected_seq


class _CentreRetry(Retry):
    """urllib3's ``Retry`` that counts only a dropped connection as a retryable read error.

    urllib3 files both a connection the server dropped before its reply (``ProtocolError``: reset, or
    "closed connection without response") and a stalled reply (``ReadTimeoutError``) under "read". The
    first is retried (``read`` budget): on a kept-alive connection the server may close its side just as
    the request goes out — an idle-timeout race no client can avoid. A stall falls to the ``other`` budget,
    which is 0, so it is never retried here (``CentreTimeout``; the sync engine decides what to resend).
    """

    def _is_read_error(self, err: Exception) -> bool:
        return isinstance(err, ProtocolError)


def _retry(total: int) -> Retry:
    return _CentreRetry(
        total=total,
        connect=total,
        read=total,
        status=total,
        other=0,
        status_forcelist=(502, 503, 504),
        allowed_methods=None,  # push is idempotent (the centre de-duplicates), so POST may be retried
        backoff_factor=0.5,
        backoff_jitter=0.5,
        backoff_max=30,
        raise_on_status=False,
        respect_retry_after_header=True,
    )


class CentreClient:
    def __init__(
        self,
        base_url: str,
        token: str,
        station_code: str,
        *,
        timeouts: Timeouts | None = None,
        retries: int = 3,
        ca_bundle: str | None = None,
        clock: Callable[[], datetime] | None = None,
        protocol_version: int = wire.PROTOCOL_VERSION,
    ) -> None:
        self.base_url = check_address(base_url)
        self.station_code = station_code
        self.timeouts = timeouts or Timeouts()
        self.clock = clock or (lambda: datetime.now(UTC))
        self.http = requests.Session()
        # Passed on every request: a session-level ``verify`` loses to REQUESTS_CA_BUNDLE (requests #3829).
        self.verify: str | bool = ca_bundle or True
        adapter = HTTPAdapter(max_retries=_retry(retries))
        self.http.mount("http://", adapter)
        self.http.mount("https://", adapter)
        self.http.headers.update(
            {
                "Authorization": f"Bearer {token}",
                wire.HEADER_PROTOCOL: str(protocol_version),
                wire.HEADER_STATION: station_code,
                "User-Agent": f"heshi-station-sync/{wire.PROTOCOL_VERSION}",
            }
        )
        self.bytes_sent = 0
        self.bytes_received = 0

    def close(self) -> None:
        self.http.close()

    def __repr__(self) -> str:  # never show the token
        return f"CentreClient({self.base_url!r}, station={self.station_code!r})"

    # -- endpoints ------------------------------------------------------------------------------------
    def health(self) -> dict:
        return self._request("GET", "/api/v1/health", auth=False)

    def hello(self) -> dict:
        reply = self._request("GET", "/api/v1/hello")
        if not isinstance(reply.get("epoch"), str) or not isinstance(reply.get("cursor"), int):
            raise errors.CentreAnswerInvalid("市中心的回答无法识别（缺少纪元或序号）。" + errors.LOCAL_DATA_SAFE)
        return reply

    def push(self, after: int, epoch: str | None, ops: list[dict], body: bytes | None = None) -> dict:
        """Send one batch; ``body`` is the ready gzip body (``wire.encode_push_body``) if already built."""
        body = body or wire.encode_push_body(after, epoch, [wire.encode_json(op) for op in ops])
        reply = self._request(
            "POST",
            "/api/v1/push",
            data=body,
            headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
        )
        reply["answers"] = check_push_reply(ops, reply)
        return reply

    def pull(self, since: int, limit: int) -> dict:
        reply = self._request("GET", "/api/v1/pull", params={"since": since, "limit": limit})
        check_pull_reply(since, limit, reply)
        return reply

    # -- transport ------------------------------------------------------------------------------------
    def _request(self, method: str, path: str, *, auth: bool = True, **kw) -> dict:
        headers = {wire.HEADER_CLIENT_TIME: self.clock().isoformat(timespec="seconds"), **kw.pop("headers", {})}
        if not auth:
            headers["Authorization"] = ""
        try:
            resp = self.http.request(
                method,
                self.base_url + path,
                headers=headers,
                timeout=(self.timeouts.connect, self.timeouts.stall),
                verify=self.verify,
                **kw,
            )
            content = resp.content
        except requests.exceptions.SSLError as exc:
            raise errors.CertificateProblem(
                "市中心的安全证书无法验证（可能是地址填错、证书过期，或网络被拦截）。为安全起见未发送任何数据。"
                + errors.LOCAL_DATA_SAFE
            ) from exc
        except (requests.exceptions.ConnectTimeout, requests.exceptions.ReadTimeout) as exc:
            raise errors.CentreTimeout("市中心长时间没有回应（网络太慢或中断）。" + errors.LOCAL_DATA_SAFE) from exc
        except requests.exceptions.ConnectionError as exc:
            raise connection_error(exc, self.base_url) from exc
        except requests.exceptions.RequestException as exc:
            raise errors.CentreUnreachable(
                f"与市中心的连接中断（{type(exc).__name__}）。" + errors.LOCAL_DATA_SAFE
            ) from exc
        self.bytes_sent += len(resp.request.body or b"") if isinstance(resp.request.body, bytes) else 0
        self.bytes_received += len(content)
        if resp.status_code >= 400:
            raise error_from_reply(resp)
        try:
            reply = resp.json()
        except ValueError as exc:
            raise errors.CentreAnswerInvalid(
                "市中心的回答无法识别（不是有效的数据）。" + errors.LOCAL_DATA_SAFE
            ) from exc
        if not isinstance(reply, dict):
            raise errors.CentreAnswerInvalid("市中心的回答无法识别。" + errors.LOCAL_DATA_SAFE)
        return reply


# Windows Sockets codes next to the POSIX ones: a Chinese Windows localises the message text, never these.
_OFFLINE_ERRNOS = {
    getattr(errno, name) for name in ("ENETUNREACH", "ENETDOWN", "EHOSTUNREACH", "EHOSTDOWN") if hasattr(errno, name)
} | {10050, 10051, 10065, 10064}  # WSAENETDOWN, WSAENETUNREACH, WSAEHOSTUNREACH, WSAEHOSTDOWN
_REFUSED_ERRNOS = {errno.ECONNREFUSED, 10061}  # WSAECONNREFUSED
# getaddrinfo: "try again" means no name server answered — typically no network at all.
_DNS_TRY_AGAIN = {getattr(socket, "EAI_AGAIN", -3), 11002}  # WSATRY_AGAIN


def _causes(exc: BaseException):
    """``exc`` and everything it wraps: urllib3's ``reason``, ``__cause__``/``__context__``, ``args[0]``."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        e = todo.pop(0)
        if e is None or id(e) in seen or not isinstance(e, BaseException):
            continue
        seen.add(id(e))
        yield e
        todo += [getattr(e, "reason", None), e.__cause__, e.__context__]
        if e.args and isinstance(e.args[0], BaseException):
            todo.append(e.args[0])


def connection_error(exc: Exception, url: str) -> errors.SyncError:
    """Classify a failed connection by exception type and errno (never by the OS's localised message, and
    without asking any other server whether the PC is online: reaching the centre is what counts)."""
    chain = list(_causes(exc))
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    # NewConnectionError subclasses ConnectTimeoutError in urllib3, but "refused" is not a stall.
    if isinstance(reason, (ReadTimeoutError, ConnectTimeoutError)) and not isinstance(reason, NewConnectionError):
        # With a Retry policy urllib3 wraps a stall in MaxRetryError, which requests reports as ConnectionError.
        return errors.CentreTimeout("市中心长时间没有回应（网络太慢或中断）。" + errors.LOCAL_DATA_SAFE)
    host = urlsplit(url).hostname
    for e in chain:
        if isinstance(e, socket.gaierror):
            if e.errno in _DNS_TRY_AGAIN:
                return errors.Offline(
                    f"无法查询市中心服务器（{host}）的地址：本机可能没有联网，或网络的域名解析不可用。"
                    "请检查网线或无线网络；" + errors.LOCAL_DATA_SAFE
                )
            return errors.CentreUnreachable(
                f"找不到市中心服务器（{host}）。请核对市中心地址；如果地址无误，请检查本机网络。"
                + errors.LOCAL_DATA_SAFE
            )
    for e in chain:
        if isinstance(e, OSError) and not isinstance(e, socket.gaierror):
            code = getattr(e, "winerror", None) or e.errno
            if code in _OFFLINE_ERRNOS:
                return errors.Offline("本机没有联网或网络不通。请检查网络连接；" + errors.LOCAL_DATA_SAFE)
            if code in _REFUSED_ERRNOS:
                break
    if any(isinstance(e, NameResolutionError) for e in chain):
        return errors.CentreUnreachable(
            f"找不到市中心服务器（{host}）。请核对市中心地址；如果地址无误，请检查本机网络。" + errors.LOCAL_DATA_SAFE
        )
    return errors.CentreUnreachable("连接不上市中心服务（服务未开启或网络中断）。请稍后再试；" + errors.LOCAL_DATA_SAFE)


def error_from_reply(resp: requests.Response) -> Exception:
    try:
        body = resp.json()
        code = str(body.get("code", "")) if isinstance(body, dict) else ""
        centre_message = str(body.get("message", "")) if isinstance(body, dict) else ""
    except ValueError:
        body, code, centre_message = {}, "", ""
    if code == "sequence_gap" and isinstance(body.get("expected_seq"), int):
        return SequenceGapAnswer(body["expected_seq"])
    if code in ("token_invalid", "token_revoked", "station_mismatch"):
        what = {
            "token_invalid": "同步令牌不正确",
            "token_revoked": "同步令牌已被市中心停用",
            "station_mismatch": "同步令牌属于另一个联络站",
        }
        return errors.TokenRejected(
            f"{what[code]}。请向市中心索取新令牌，在“同步设置”中重新填写。" + errors.LOCAL_DATA_SAFE
        )
    if code == "station_unknown":
        return errors.StationUnknown(
            "市中心没有登记本联络站（编码不符或尚未登记）。请联系市中心。" + errors.LOCAL_DATA_SAFE
        )
    if code == "clock_skew":
        return errors.ClockSkew(
            f"本机日期时间与市中心相差过大。请先校准电脑的日期和时间再同步。{centre_message}" + errors.LOCAL_DATA_SAFE
        )
    if code == "protocol_too_old":
        return errors.ProtocolMismatch(
            "本程序版本过旧，市中心已不再支持。请升级联络站台账程序。" + errors.LOCAL_DATA_SAFE
        )
    if code == "protocol_too_new":
        return errors.ProtocolMismatch(
            "本程序比市中心的服务新，市中心尚未升级。请联系市中心。" + errors.LOCAL_DATA_SAFE
        )
    if resp.status_code >= 500:
        return errors.CentreBusy(f"市中心服务暂时出错（{resp.status_code}），请稍后再试。" + errors.LOCAL_DATA_SAFE)
    return errors.CentreAnswerInvalid(
        f"市中心拒绝了请求（{resp.status_code} {code}）：{centre_message[:200]}" + errors.LOCAL_DATA_SAFE
    )


def _invalid(why: str) -> errors.CentreAnswerInvalid:
    return errors.CentreAnswerInvalid(
        f"市中心的回答与发送的记录对不上（{why}），本次不记为已同步。" + errors.LOCAL_DATA_SAFE
    )


def check_push_reply(ops: list[dict], reply: dict) -> list[dict]:
    """The per-op answers ``[{"seq", "status", "code", "message"}]`` if the reply matches ``ops``."""
    statuses, rejections = reply.get("statuses"), reply.get("rejections")
    if not isinstance(reply.get("epoch"), str) or not isinstance(reply.get("cursor"), int):
        raise _invalid("缺少纪元或序号")
    if not isinstance(statuses, str) or len(statuses) != len(ops) or not isinstance(rejections, list):
        raise _invalid("条数不符")
    if ops and (reply.get("first_seq") != ops[0]["seq"] or reply.get("last_seq") != ops[-1]["seq"]):
        raise _invalid("序号范围不符")
    if set(statuses) - set(wire.LETTER_STATUS):
        raise _invalid("未知的处理结果")
    rejected = iter(rejections)
    answers = []
    for op, letter in zip(ops, statuses, strict=True):
        answer = {"seq": op["seq"], "status": wire.LETTER_STATUS[letter], "code": "", "message": ""}
        if letter == "r":
            r = next(rejected, None)
            if not isinstance(r, dict) or r.get("seq") != op["seq"]:
                raise _invalid("退回说明不符")
            answer["code"], answer["message"] = str(r.get("code", ""))[:40], str(r.get("message", ""))
        answers.append(answer)
    if next(rejected, None) is not None:
        raise _invalid("退回说明多余")
    if ops and reply["cursor"] < ops[-1]["seq"]:
        raise _invalid("市中心序号落后")
    return answers


def check_pull_reply(since: int, limit: int, reply: dict) -> None:
    changes = reply.get("changes")
    if not isinstance(reply.get("epoch"), str) or not isinstance(changes, list) or len(changes) > limit:
        raise _invalid("变更页格式不正确")
    last = since
    for c in changes:
        if (
            not isinstance(c, dict)
            or not isinstance(c.get("seq"), int)
            or c["seq"] <= last
            or c.get("kind") not in wire.PULL_KINDS
            or not isinstance(c.get("payload"), dict)
        ):
            raise _invalid("变更序号或类型不正确")
        last = c["seq"]
    if reply.get("next_since") != last or not isinstance(reply.get("more"), bool):
        raise _invalid("变更页序号不正确")

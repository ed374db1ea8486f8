"""The centre's door: every request body is bounded, typed and parsed here, with a Chinese error for each
way it can be wrong. Nothing reaches the database unless it passed.

Guarantees:
- ``BodyGuard`` (ASGI middleware, outermost) refuses a body-carrying request without ``Content-Length``
  (411) or declaring more than the route's limit (413) before a byte of the body is read, and writes one
  access-log line per request (method, path, status, bytes, time, station code; never a header value that
  could hold a secret);
- ``read_body`` is called by an endpoint only after its token check: it checks the content type (415),
  the encoding (415), inflates gzip with a bound (413 / 400 for bad gzip) and parses the JSON into the
  given pydantic model in one pass (400 for malformed JSON, invalid UTF-8, lone surrogates or nesting
  deeper than the parser's limit; 422 naming the field for wrong types and values).
"""

from __future__ import annotations

import logging
import time
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from heshi_centre.errors import BadRequestBody, BodyTooLarge, InvalidBody, LengthRequired, UnsupportedMediaType
from heshi_protocol import wire
from heshi_protocol.schemas.fields import error_message

access_log = logging.getLogger("heshi_centre.access")

MAX_PUSH_BODY_BYTES = 16 * 1024 * 1024  # compressed, as sent: a full batch of 5000 ops is ~1 MB gzip
MAX_OTHER_BODY_BYTES = 256 * 1024  # admin events are small
MAX_INFLATED_BYTES = 64 * 1024 * 1024
PUSH_PATH = "/api/v1/push"
# 基础数据 spreadsheets (a city-wide roster with every station's deputies runs to a few hundred KB).
MAX_UPLOAD_BODY_BYTES = 8 * 1024 * 1024
UPLOAD_PATHS = ("/console/reference", "/console/api/reference")

M = TypeVar("M", bound=BaseModel)


def body_limit(path: str) -> int:
    if path in UPLOAD_PATHS:
        return MAX_UPLOAD_BODY_BYTES
    return MAX_PUSH_BODY_BYTES if path == PUSH_PATH else MAX_OTHER_BODY_BYTES


def _json_error(status: int, code: str, message: str) -> tuple[int, bytes]:
    return status, wire.encode_json({"code": code, "message": message})


class BodyGuard:
    """Refuse oversized or unsized bodies before reading them; log every request (see module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status_box = {"status": 0, "bytes_in": 0}
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        refusal = self._refusal(scope, headers)

        async def counting_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_box["status"] = message["status"]
            await send(message)

        async def counting_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                status_box["bytes_in"] += len(message.get("body", b""))
            return message

        try:
            if refusal is not None:
                status, body = refusal
                await counting_send(
                    {
                        "type": "http.response.start",
                        "status": status,
                        "headers": [
                            (b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close"),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body})
            else:
                await self.app(scope, counting_receive, counting_send)
        finally:
            access_log.info(
                "%s %s %s %s in=%d %.1fms station=%s",
                scope.get("client", ("-",))[0] if scope.get("client") else "-",
                scope.get("method", ""),
                scope.get("path", ""),
                status_box["status"],
                status_box["bytes_in"],
                (time.perf_counter() - started) * 1000,
                headers.get(wire.HEADER_STATION.lower(), "-")[:40].encode("unicode_escape").decode("ascii"),
            )

    @staticmethod
    def _refusal(scope: Scope, headers: dict[str, str]) -> tuple[int, bytes] | None:
        if scope.get("method") not in ("POST", "PUT", "PATCH"):
            return None
        declared = headers.get("content-length")
        if declared is None:
            if "transfer-encoding" in headers:
                return _json_error(411, "length_required", "请求必须带 Content-Length（不接受分块传输的请求内容）")
            return None
        if not declared.isdigit():
            return _json_error(400, "bad_request", "Content-Length 不是有效的字节数")
        limit = body_limit(scope.get("path", ""))
        if int(declared) > limit:
            return _json_error(
                413, "body_too_large", f"请求内容过大（{int(declared)} 字节，上限 {limit} 字节）。请分更小的批次发送。"
            )
        return None


async def read_body(request: Request, model: type[M]) -> M:
    """The request's JSON body as ``model`` (see the module docstring for every refusal)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise UnsupportedMediaType(f"请求内容类型应为 application/json，收到“{content_type[:60] or '（未填）'}”")
    encoding = request.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("identity", "", "gzip"):
        raise UnsupportedMediaType(f"不支持的内容编码“{encoding[:40]}”，只接受 gzip 或不压缩")
    if "content-length" not in request.headers:
        raise LengthRequired("请求必须带 Content-Length")
    raw = await request.body()
    if len(raw) > body_limit(request.url.path):
        raise BodyTooLarge("请求内容过大。请分更小的批次发送。")
    if encoding == "gzip":
        try:
            raw = wire.inflate(raw, MAX_INFLATED_BYTES)
        except wire.BodyTooLarge as exc:
            raise BodyTooLarge(f"请求内容解压后过大（上限 {MAX_INFLATED_BYTES} 字节）。请分更小的批次发送。") from exc
        except ValueError as exc:
            raise BadRequestBody("请求内容不是有效的 gzip 数据（可能传输中被截断）") from exc
    if not raw:
        raise BadRequestBody("请求内容为空")
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        if errors and errors[0].get("type") == "json_invalid":
            detail = str((errors[0].get("ctx") or {}).get("error", ""))[:120]
            raise BadRequestBody(f"请求内容不是有效的 JSON（UTF-8）：{detail}") from None
        raise InvalidBody("请求内容不符合协议：" + "；".join(error_message(e) for e in errors[:5])) from None

"""The centre's HTTP API (FastAPI). ``create_app(factory)`` builds it on a session factory.

Guarantees:
- every station endpoint checks, in order: protocol version (426), bearer token and station code together
  (401 ``token_invalid`` for a wrong token, an unknown code or another station's token alike, so codes
  cannot be guessed; 401 ``token_revoked``), the client's clock (400 clock_skew); only then is the body
  read; a station only ever reads or writes its own data;
- a push is applied and committed before the reply is sent; every error, whatever the input, answers JSON
  ``{code, message}`` with a Chinese message and a 4xx status (a 500 is a defect and carries no traceback);
- request bodies are bounded before they are read, may be gzip (bounded when inflated) and are parsed
  against the shared schema (``heshi_protocol.schemas``): see ``heshi_centre.door``.
"""

import hmac
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import psycopg
from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException as StarletteHTTPException

from heshi_centre import admin, feed
from heshi_centre.db import get_epoch
from heshi_centre.door import BodyGuard, read_body
from heshi_centre.errors import (
    AdminForbidden,
    CentreError,
    ClockSkew,
    EventRefused,
    OpIdReused,
    ProtocolTooNew,
    ProtocolTooOld,
    TokenInvalid,
    TokenRevoked,
)
from heshi_centre.models import CentreStation, StationToken
from heshi_centre.push import apply_push
from heshi_centre.schemas import (
    CentreEventIn,
    CentreEventOut,
    ErrorResponse,
    HealthResponse,
    HelloResponse,
    PullResponse,
    PushResponse,
)
from heshi_protocol import wire
from heshi_protocol.schemas import PushBody
from heshi_protocol.schemas.fields import error_message

ERRORS = {c: {"model": ErrorResponse} for c in (400, 401, 403, 404, 409, 413, 422, 426)}


@dataclass(frozen=True)
class StationIdentity:
    """The authenticated station (plain values: the auth transaction has ended)."""

    id: int
    code: str
    name: str


def create_app(factory: sessionmaker[Session], read_factory: sessionmaker[Session] | None = None) -> FastAPI:
    """The centre's app on the primary's session ``factory``; the console's heavy read-only pages use
    ``read_factory`` (a read replica, ``read_replica``) when given."""
    app = FastAPI(
        title="heshi-centre 市人大代表联络服务中心同步服务",
        version=str(wire.PROTOCOL_VERSION),
        description="Stations push their outbox and pull centre-owned data. Errors are JSON {code, message}.",
    )
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(BodyGuard)  # added last = outermost: limits apply before anything reads the body

    @app.exception_handler(CentreError)
    async def centre_error(_request: Request, exc: CentreError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = "；".join(error_message(e) for e in exc.errors()[:5])
        return JSONResponse({"code": "bad_request", "message": f"请求格式不正确：{detail}"}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, message = HTTP_MESSAGES.get(exc.status_code, ("bad_request", "请求无法处理"))
        return JSONResponse({"code": code, "message": message}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, exc: Exception) -> JSONResponse:
        # A defect: the traceback goes to the log, never to the client.
        logging.getLogger("heshi_centre").error("unexpected error", exc_info=exc)
        body = {"code": "internal", "message": "市中心内部错误，请稍后再试或联系市中心。"}
        return JSONResponse(body, status_code=500)

    def session_dep() -> Iterator[Session]:
        with factory() as session:
            yield session

    def station_dep(
        session: Annotated[Session, Depends(session_dep)],
        authorization: Annotated[str, Header()] = "",
        x_heshi_protocol: Annotated[str, Header()] = "",
        x_heshi_station: Annotated[str, Header()] = "",
        x_heshi_client_time: Annotated[str, Header()] = "",
    ) -> StationIdentity:
        try:
            version = int(x_heshi_protocol)
        except ValueError:
            version = 0
        if version < wire.MIN_PROTOCOL:
            raise ProtocolTooOld(
                "本程序的同步协议版本过旧，市中心已不再支持。请升级联络站台账程序。",
                protocol_min=wire.MIN_PROTOCOL,
                protocol_max=wire.MAX_PROTOCOL,
            )
        if version > wire.MAX_PROTOCOL:
            raise ProtocolTooNew(
                "本程序的同步协议版本比市中心服务新，市中心尚未升级。请联系市中心，本地数据不受影响。",
                protocol_min=wire.MIN_PROTOCOL,
                protocol_max=wire.MAX_PROTOCOL,
            )
        station = session.scalar(select(CentreStation).where(CentreStation.code == x_heshi_station.strip()))
        scheme, _, token = authorization.partition(" ")
        row = None
        if scheme.lower() == "bearer" and token.strip():
            row = session.scalar(select(StationToken).where(StationToken.token_hash == admin.hash_token(token.strip())))
        # An unknown code, a wrong token and another station's token answer alike: codes cannot be guessed.
        if station is None or row is None or row.station_id != station.id:
            raise TokenInvalid(
                "同步令牌或本站编码不正确。请核对本站编码，或向市中心索取新令牌，在“同步设置”中重新填写。"
            )
        if row.revoked_at is not None:
            raise TokenRevoked("同步令牌已被市中心停用。请向市中心索取新令牌，在“同步设置”中重新填写。")
        client_time = wire.parse_time(x_heshi_client_time)
        server_time = datetime.now(UTC)
        if client_time is not None and abs((client_time - server_time).total_seconds()) > wire.MAX_CLOCK_SKEW_SECONDS:
            raise ClockSkew(
                f"本机时间与市中心相差过大（市中心时间 {server_time.astimezone().strftime('%Y-%m-%d %H:%M')}）。"
                "请先校准电脑的日期和时间再同步。",
                server_time=server_time.isoformat(),
            )
        identity = StationIdentity(station.id, station.code, station.name)
        session.rollback()  # end the auth read; the endpoint opens its own transaction
        return identity

    SessionDep = Annotated[Session, Depends(session_dep)]  # noqa: N806 - a type alias
    StationDep = Annotated[StationIdentity, Depends(station_dep)]  # noqa: N806 - a type alias

    @app.get("/api/v1/health", response_model=HealthResponse)
    def health() -> dict:
        return {"status": "ok", "protocol_min": wire.MIN_PROTOCOL, "protocol_max": wire.MAX_PROTOCOL}

    @app.get("/api/v1/hello", response_model=HelloResponse, responses=ERRORS)
    def hello(session: SessionDep, station: StationDep) -> dict:
        with session.begin():
            cursor = session.get(CentreStation, station.id).push_cursor
            epoch = get_epoch(session)
        return {
            "epoch": epoch,
            "cursor": cursor,
            "server_time": datetime.now(UTC).isoformat(),
            "station": {"code": station.code, "name": station.name},
            "protocol_min": wire.MIN_PROTOCOL,
            "protocol_max": wire.MAX_PROTOCOL,
        }

    def push_in_transaction(session: Session, station: StationIdentity, batch: PushBody, user_agent: str) -> dict:
        try:
            with session.begin():
                cursor, answers = apply_push(session, station.id, batch.after, batch.ops)
                session.get(CentreStation, station.id).client_agent = user_agent[:100]
                epoch = get_epoch(session)
        except (IntegrityError, psycopg.errors.UniqueViolation) as exc:
            # The only unique key a batch can hit is (station, op_id): an op id held under another seq.
            raise OpIdReused(
                "批次中有操作编号（op_id）市中心已经以另一个序号收到过；本批未保存。请联系技术支持检查本站的待同步记录。"
            ) from exc
        # The transaction has committed here: only now does the station hear the answers.
        return {"epoch": epoch, "cursor": cursor, **wire.compact_answers(answers)}

    @app.post("/api/v1/push", response_model=PushResponse, responses=ERRORS, openapi_extra=_body_spec("PushBody"))
    async def push(
        request: Request, session: SessionDep, station: StationDep, user_agent: Annotated[str, Header()] = ""
    ) -> dict:
        # The body is read only now, after the token check (a dependency): no token, no body read.
        batch = await read_body(request, PushBody)
        return await run_in_threadpool(push_in_transaction, session, station, batch, user_agent)

    @app.get("/api/v1/pull", response_model=PullResponse, responses=ERRORS)
    def pull(
        session: SessionDep,
        station: StationDep,
        since: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=5000)] = 500,
    ) -> dict:
        with session.begin():
            rows, next_since, more = feed.pull_page(session, station.id, since, limit)
            epoch = get_epoch(session)
            changes = [{"seq": r.seq, "kind": r.kind, "entity_id": r.entity_id, "payload": r.payload} for r in rows]
        return {"epoch": epoch, "changes": changes, "next_since": next_since, "more": more}

    def admin_dep(authorization: Annotated[str, Header()] = "") -> None:
        expected = os.environ.get("HESHI_CENTRE_ADMIN_TOKEN", "")
        scheme, _, token = authorization.partition(" ")
        if (
            not expected
            or scheme.lower() != "bearer"
            or not hmac.compare_digest(admin.hash_token(token.strip()), admin.hash_token(expected))
        ):
            raise AdminForbidden("需要市中心管理令牌（Authorization: Bearer <HESHI_CENTRE_ADMIN_TOKEN>）")

    @app.post(
        "/api/v1/admin/opinions/{opinion_id}/events",
        response_model=CentreEventOut,
        responses=ERRORS,
        dependencies=[Depends(admin_dep)],
        openapi_extra=_body_spec("CentreEventIn"),
    )
    async def add_centre_event(
        opinion_id: Annotated[str, PathParam(min_length=1, max_length=64, pattern=r"^[^\x00-\x1f\x7f]+$")],
        request: Request,
    ) -> dict:
        body = await read_body(request, CentreEventIn)
        return await run_in_threadpool(record_centre_event, opinion_id, body)

    def record_centre_event(opinion_id: str, body: CentreEventIn) -> dict:
        when = wire.parse_time(body.occurred_at) if body.occurred_at else None
        if body.occurred_at and when is None:
            raise EventRefused("办理时间格式不正确，应为带时区的 ISO-8601 时间")
        with factory() as session, session.begin():
            event_id, seq = admin.record_event(
                session,
                body.station_code,
                opinion_id,
                body.kind,
                note=body.note,
                data=body.data,
                actor=body.actor,
                occurred_at=when,
            )
        return {"id": event_id, "opinion_id": opinion_id, "kind": body.kind, "change_seq": seq}

    app.openapi = lambda: _openapi_with_bodies(app)

    from heshi_centre.console.web import mount_console

    mount_console(app, factory, read_factory or factory)
    return app


# Models of request bodies the endpoints read themselves (after the token check), for the OpenAPI spec.
BODY_MODELS = {"PushBody": PushBody, "CentreEventIn": CentreEventIn}
HTTP_MESSAGES = {
    400: ("bad_request", "请求格式不正确"),
    404: ("not_found", "没有这个接口"),
    405: ("method_not_allowed", "该接口不支持这种请求方法"),
    413: ("body_too_large", "请求内容过大"),
}


def _body_spec(model: str) -> dict:
    ref = {"$ref": f"#/components/schemas/{model}"}
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": ref}}}}


def _openapi_with_bodies(app: FastAPI) -> dict:
    if app.openapi_schema is None:
        spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        schemas = spec.setdefault("components", {}).setdefault("schemas", {})
        for name, model in BODY_MODELS.items():
            found = model.model_json_schema(ref_template="#/components/schemas/{model}", mode="validation")
            schemas.update(found.pop("$defs", {}))
            schemas[name] = found
        app.openapi_schema = spec
    return app.openapi_schema


def app_from_environment() -> FastAPI:
    """The app on ``DATABASE_URL`` (or the embedded SQLite default), as each serving worker builds it:
    PostgreSQL must already be migrated (``heshi-centre migrate``); SQLite is migrated on start."""
    from heshi_centre.serving import worker_app

    return worker_app()


OPENAPI_PATH = Path(__file__).with_name("openapi.json")


def openapi_text() -> str:
    """The API's OpenAPI spec as committed in ``heshi_centre/openapi.json`` (a test keeps them equal)."""
    spec = create_app(sessionmaker()).openapi()
    return json.dumps(spec, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

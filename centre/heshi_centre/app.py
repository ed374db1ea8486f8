"""The centre's HTTP API (FastAPI). ``create_app(factory)`` builds it on a session factory.

Guarantees:
- every station endpoint checks, in order: protocol version (426), bearer token (401 invalid / revoked),
  station code (404 unknown, 403 token of another station), the client's clock (400 clock_skew); a
  station only ever reads or writes its own data;
- a push is applied and committed before the reply is sent; any error answers JSON ``{code, message}``;
- request bodies may be gzip (``Content-Encoding: gzip``), bounded when inflated.
"""

import hmac
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, Header, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from heshi_centre import admin, feed
from heshi_centre.db import get_epoch
from heshi_centre.errors import (
    AdminForbidden,
    CentreError,
    ClockSkew,
    ProtocolTooNew,
    ProtocolTooOld,
    StationMismatch,
    StationUnknown,
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
    PushRequest,
    PushResponse,
)
from heshi_protocol import wire

ERRORS = {c: {"model": ErrorResponse} for c in (400, 401, 403, 404, 409, 413, 422, 426)}


@dataclass(frozen=True)
class StationIdentity:
    """The authenticated station (plain values: the auth transaction has ended)."""

    id: int
    code: str
    name: str


class GzipRequest(Request):
    async def body(self) -> bytes:
        if not hasattr(self, "_body"):
            body = await super().body()
            if "gzip" in self.headers.get("content-encoding", "").lower():
                try:
                    body = wire.inflate(body)
                except wire.BodyTooLarge as exc:
                    raise CentreError("请求内容解压后过大") from exc
                except ValueError as exc:
                    raise CentreError("请求内容不是有效的 gzip 数据（可能传输中被截断）") from exc
            self._body = body
        return self._body


class GzipRoute(APIRoute):
    def get_route_handler(self) -> Callable:
        handler = super().get_route_handler()

        async def gzip_handler(request: Request) -> Response:
            return await handler(GzipRequest(request.scope, request.receive))

        return gzip_handler


def create_app(factory: sessionmaker[Session]) -> FastAPI:
    app = FastAPI(
        title="heshi-centre 市人大代表联络服务中心同步服务",
        version=str(wire.PROTOCOL_VERSION),
        description="Stations push their outbox and pull centre-owned data. Errors are JSON {code, message}.",
    )
    app.router.route_class = GzipRoute
    app.add_middleware(GZipMiddleware, minimum_size=1024)

    @app.exception_handler(CentreError)
    async def centre_error(_request: Request, exc: CentreError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:5])
        return JSONResponse({"code": "bad_request", "message": f"请求格式不正确：{detail}"}, status_code=422)

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
        if station is None:
            raise StationUnknown(f"市中心没有登记编码为“{x_heshi_station}”的联络站。请核对本站编码或联系市中心登记。")
        if row is None:
            raise TokenInvalid("同步令牌不正确。请向市中心索取新令牌，在“同步设置”中重新填写。")
        if row.revoked_at is not None:
            raise TokenRevoked("同步令牌已被市中心停用。请向市中心索取新令牌，在“同步设置”中重新填写。")
        if row.station_id != station.id:
            raise StationMismatch("这个同步令牌属于另一个联络站，不能用于本站。")
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

    @app.post("/api/v1/push", response_model=PushResponse, responses=ERRORS)
    def push(
        batch: PushRequest, session: SessionDep, station: StationDep, user_agent: Annotated[str, Header()] = ""
    ) -> dict:
        with session.begin():
            cursor, answers = apply_push(session, station.id, batch.after, batch.ops)
            session.get(CentreStation, station.id).client_agent = user_agent[:100]
            epoch = get_epoch(session)
        # The transaction has committed here: only now does the station hear the answers.
        return {"epoch": epoch, "cursor": cursor, **wire.compact_answers(answers)}

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
        _, _, token = authorization.partition(" ")
        if not expected or not hmac.compare_digest(admin.hash_token(token.strip()), admin.hash_token(expected)):
            raise AdminForbidden("需要市中心管理令牌（HESHI_CENTRE_ADMIN_TOKEN）")

    @app.post(
        "/api/v1/admin/opinions/{opinion_id}/events",
        response_model=CentreEventOut,
        responses=ERRORS,
        dependencies=[Depends(admin_dep)],
    )
    def add_centre_event(
        opinion_id: Annotated[str, PathParam(min_length=1, max_length=64, pattern=r"^[^\x00-\x1f]+$")],
        body: CentreEventIn,
        session: SessionDep,
    ) -> dict:
        when = wire.parse_time(body.occurred_at) if body.occurred_at else None
        if body.occurred_at and when is None:
            raise CentreError("办理时间格式不正确，应为带时区的 ISO-8601 时间")
        if "\\u0000" in json.dumps(body.data):
            raise CentreError("办理内容含有不可见的空字符")
        with session.begin():
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

    from heshi_centre.console.web import mount_console

    mount_console(app, factory)
    return app


def app_from_environment() -> FastAPI:
    """The app on ``DATABASE_URL`` (or the embedded SQLite default), migrated to the newest schema."""
    from heshi_centre.db import open_database

    _engine, factory = open_database()
    return create_app(factory)


OPENAPI_PATH = Path(__file__).with_name("openapi.json")


def openapi_text() -> str:
    """The API's OpenAPI spec as committed in ``heshi_centre/openapi.json`` (a test keeps them equal)."""
    spec = create_app(sessionmaker()).openapi()
    return json.dumps(spec, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

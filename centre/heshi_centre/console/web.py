"""The console's routes: pages (Jinja2, htmx for partial updates) and the JSON endpoint behind each page.

Guarantees:
- no page or JSON endpoint answers without a logged-in session (pages redirect to 登录, JSON gets 401);
- every POST must carry the session's CSRF token (form field ``csrf_token`` or header ``X-CSRF-Token``),
  the login form its double-submit token; otherwise 403 and nothing is done;
- every write, login, logout and refusal is audited in the same transaction as what it records;
- what a user sees comes only through ``scope``; a refused action answers 403 with the Chinese reason.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session, sessionmaker

from heshi_centre.console import (
    accounts,
    actions,
    decisions,
    duties_web,
    monthly_report,
    overview,
    queries,
    reference_web,
)
from heshi_centre.console.accounts import CurrentUser, LoginFailed, LoginThrottled, Role
from heshi_centre.console.decision_routes import add_decision_routes
from heshi_centre.console.scope import Forbidden
from heshi_centre.errors import CentreError

HERE = Path(__file__).resolve().parent
PREFIX = "/console"
SESSION_COOKIE = "heshi_console"
LOGIN_CSRF_COOKIE = "heshi_console_login"
CSRF_MISSING = "表单缺少安全校验码或已过期，请刷新页面后重试"

templates = Jinja2Templates(directory=str(HERE / "templates"))


class NotLoggedIn(Exception):
    pass


class CsrfRefused(Exception):
    pass


def _ip(request: Request) -> str:
    return request.client.host if request.client else ""


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith(f"{PREFIX}/api/")


def refusal_of(exc: CentreError | Forbidden) -> tuple[str, int]:
    """(Chinese message, HTTP status) of a refused action."""
    if isinstance(exc, CentreError):
        return exc.message, exc.status
    return str(exc), 403


def mount_console(app: FastAPI, factory: sessionmaker[Session], read_factory: sessionmaker[Session]) -> None:
    """Add the console's routes, static files and error pages to ``app``; ``read_factory`` serves the heavy
    read-only pages (the primary's ``factory`` itself when no read replica is set: ``read_replica``)."""
    app.mount(f"{PREFIX}/static", StaticFiles(directory=str(HERE / "static")), name="console-static")
    router = APIRouter(prefix=PREFIX, include_in_schema=False)

    def user_of(request: Request, s: Session) -> CurrentUser:
        user = accounts.current_user(s, request.cookies.get(SESSION_COOKIE, ""))
        if user is None:
            raise NotLoggedIn()
        return user

    @contextmanager
    def reading(request: Request, *, after_write: bool = False) -> Iterator[tuple[CurrentUser, Session]]:
        """The logged-in user, checked on the primary (sessions are written there), and a session for the
        page's figures: on the read replica, if one is set — except ``after_write``, a page showing the result
        of the user's own action, which a replica replaying a moment behind might not hold yet."""
        with factory() as s:
            user = user_of(request, s)
        with (factory if after_write else read_factory)() as r:
            yield user, r

    async def checked_form(request: Request, user: CurrentUser, s: Session) -> dict:
        form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        sent = form.get("csrf_token") or request.headers.get("x-csrf-token", "")
        if not sent or not hmac.compare_digest(sent, user.csrf_token):
            raise CsrfRefused()  # audited by the handler: this transaction rolls back
        return form

    def page(request: Request, name: str, user: CurrentUser | None, status: int = 200, **ctx) -> HTMLResponse:
        return templates.TemplateResponse(
            request,
            name,
            {"user": user, "prefix": PREFIX, "today": date.today().isoformat(), **ctx},
            status_code=status,
        )

    def refused(request: Request, user: CurrentUser | None, status: int, message: str) -> Response:
        if _wants_json(request):
            return JSONResponse({"code": "forbidden" if status == 403 else "refused", "message": message}, status)
        return page(request, "message.html", user, status=status, title="不能执行", message=message)

    # -- login ------------------------------------------------------------------------------------------

    @router.get("/")
    def home(request: Request) -> Response:
        with factory() as s:
            user = accounts.current_user(s, request.cookies.get(SESSION_COOKIE, ""))
        if user is None:
            return RedirectResponse(f"{PREFIX}/login", 303)
        return RedirectResponse(f"{PREFIX}/inbox" if user.role == Role.UNIT else f"{PREFIX}/opinions", 303)

    def login_page(request: Request, error: str = "", status: int = 200) -> Response:
        token = secrets.token_urlsafe(24)
        with factory() as s:
            no_users = accounts.user_count(s) == 0
        response = page(request, "login.html", None, status=status, login_csrf=token, error=error, no_users=no_users)
        response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", path=PREFIX,
                            secure=request.url.scheme == "https")  # fmt: skip
        return response

    @router.get("/login")
    def login_form(request: Request) -> Response:
        return login_page(request)

    @router.post("/login")
    async def login(request: Request) -> Response:
        form = await request.form()
        name, password = str(form.get("name", "")), str(form.get("password", ""))
        sent, expected = str(form.get("csrf_token", "")), request.cookies.get(LOGIN_CSRF_COOKIE, "")
        if not sent or not expected or not hmac.compare_digest(sent, expected):
            with factory.begin() as s:
                accounts.audit(
                    s, None, "login", name, outcome="refused", ip=_ip(request), message=CSRF_MISSING, name=name
                )
            return login_page(request, CSRF_MISSING, 403)
        refusal: LoginFailed | LoginThrottled | None = None
        with factory.begin() as s:  # commits the attempt and its audit even when the login is refused
            try:
                token, user = accounts.log_in(s, name, password, _ip(request))
                role = Role(user.role)
                accounts.audit(s, None, "login", name, ip=_ip(request), name=user.name)
            except (LoginFailed, LoginThrottled) as exc:
                refusal = exc
                accounts.audit(
                    s, None, "login", name, outcome="failed", ip=_ip(request), message=exc.message, name=name
                )
        if refusal is not None:
            return login_page(request, refusal.message, refusal.status)
        response = RedirectResponse(f"{PREFIX}/inbox" if role == Role.UNIT else f"{PREFIX}/opinions", 303)
        lifetime = int(accounts.SESSION_LIFETIME.total_seconds())
        response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict", path=PREFIX,
                            secure=request.url.scheme == "https", max_age=lifetime)  # fmt: skip
        response.delete_cookie(LOGIN_CSRF_COOKIE, path=PREFIX)
        return response

    @router.post("/logout")
    async def logout(request: Request) -> Response:
        with factory.begin() as s:
            user = user_of(request, s)
            await checked_form(request, user, s)
            accounts.log_out(s, request.cookies.get(SESSION_COOKIE, ""))
            accounts.audit(s, user, "logout", ip=_ip(request))
        response = RedirectResponse(f"{PREFIX}/login", 303)
        response.delete_cookie(SESSION_COOKIE, path=PREFIX)
        return response

    # -- 联络站 ------------------------------------------------------------------------------------------

    @router.get("/api/stations")
    def stations_json(request: Request) -> dict:
        with reading(request) as (user, s):
            return {"stations": queries.list_stations(s, user), "stale_after_days": queries.STALE_AFTER_DAYS}

    @router.get("/stations")
    def stations_page(request: Request, notice: str = "", error: str = "", token: str = "", code: str = "",
                      status: int = 200) -> Response:  # fmt: skip
        return stations_view(request, notice=notice, error=error, token=token, code=code, status=status)

    def stations_view(request: Request, *, after_write: bool = False, notice: str = "", error: str = "",
                      token: str = "", code: str = "", status: int = 200) -> Response:  # fmt: skip
        with reading(request, after_write=after_write) as (user, s):
            rows = queries.list_stations(s, user)
        return page(request, "stations.html", user, status=status, stations=rows, notice=notice, error=error,
                    token=token, token_code=code, stale_after=queries.STALE_AFTER_DAYS)  # fmt: skip

    async def station_write(request: Request, action: str, target: str, do) -> Response:
        with factory() as s:
            user = user_of(request, s)
        try:
            with factory.begin() as s:
                form = await checked_form(request, user, s)
                result = do(s, user, form)
                accounts.audit(s, user, action, target or form.get("code", ""), ip=_ip(request))
        except (CentreError, Forbidden) as exc:
            message, status = refusal_of(exc)
            with factory.begin() as s:
                accounts.audit(s, user, action, target, outcome="refused", ip=_ip(request), message=message)
            return stations_view(request, after_write=True, error=message, status=status)
        if action == "issue_token":
            return stations_view(request, after_write=True, token=result, code=target,
                                 notice=f"这是联络站 {target} 的新同步令牌，只显示这一次；旧令牌已停用。")  # fmt: skip
        return stations_view(request, after_write=True, notice=result)

    @router.post("/stations")
    async def add_station(request: Request) -> Response:
        return await station_write(request, "add_station", "", lambda s, u, f: actions.add_station(s, u, f))

    @router.post("/stations/{code}/token")
    async def issue_token(request: Request, code: str) -> Response:
        return await station_write(request, "issue_token", code, lambda s, u, f: actions.issue_token(s, u, code))

    @router.post("/stations/{code}/revoke")
    async def revoke_token(request: Request, code: str) -> Response:
        return await station_write(request, "revoke_token", code, lambda s, u, f: actions.revoke_token(s, u, code))

    # -- 意见跟踪 ----------------------------------------------------------------------------------------

    def opinion_filter(request: Request) -> queries.OpinionFilter:
        p = request.query_params
        try:
            page_no = int(p.get("page", "1"))
        except ValueError:
            page_no = 1
        keys = ("district", "station", "state", "overdue", "unit", "month", "category", "q")
        return queries.OpinionFilter(**{k: p.get(k, "").strip()[:100] for k in keys}, page=page_no)

    @router.get("/api/opinions")
    def opinions_json(request: Request) -> dict:
        with reading(request) as (user, s):
            f = opinion_filter(request)
            return {"filter": f.as_dict(), **queries.list_opinions(s, user, f, date.today())}

    @router.get("/opinions")
    def opinions_page(request: Request) -> Response:
        with reading(request) as (user, s):
            f = opinion_filter(request)
            result = queries.list_opinions(s, user, f, date.today())
            choices = queries.filter_choices(s, user)
        query = "&".join(f"{k}={quote(v)}" for k, v in f.as_dict().items())
        name = "_opinion_rows.html" if request.headers.get("hx-request") else "opinions.html"
        return page(request, name, user, f=f, result=result, choices=choices, query=query)

    @router.get("/api/opinions/{code}/{opinion_id}")
    def opinion_json(request: Request, code: str, opinion_id: str) -> Response:
        with factory() as s:
            user = user_of(request, s)
            detail = queries.opinion_detail(s, user, code, opinion_id, date.today())
            if detail is None:
                return JSONResponse({"code": "not_found", "message": "没有这条意见，或您无权查看"}, 404)
            detail["actions"] = actions.allowed_unit_actions(s, user, detail)
            detail["pending_requests"] = decisions.pending_of(s, detail["_station_id"], opinion_id)
        return JSONResponse({k: v for k, v in detail.items() if not k.startswith("_")})

    def opinion_page_response(request: Request, code: str, opinion_id: str, notice: str = "", error: str = "",
                              status: int = 200) -> Response:  # fmt: skip
        with factory() as s:
            user = user_of(request, s)
            detail = queries.opinion_detail(s, user, code, opinion_id, date.today())
            if detail is None:
                return refused(request, user, 404, "没有这条意见，或您无权查看")
            allowed = actions.allowed_unit_actions(s, user, detail)
            detail["pending_requests"] = decisions.pending_of(s, detail["_station_id"], opinion_id)
        return page(request, "opinion.html", user, status=status, o=detail, allowed=allowed, notice=notice,
                    error=error, action_labels={k: v[0] for k, v in actions.UNIT_ACTIONS.items()})  # fmt: skip

    @router.get("/opinions/{code}/{opinion_id}")
    def opinion_page(request: Request, code: str, opinion_id: str) -> Response:
        return opinion_page_response(request, code, opinion_id)

    @router.post("/opinions/{code}/{opinion_id}/{action}")
    async def opinion_action(request: Request, code: str, opinion_id: str, action: str) -> Response:
        target = f"{code}/{opinion_id}"
        with factory() as s:
            user = user_of(request, s)
        try:
            with factory.begin() as s:
                form = await checked_form(request, user, s)
                detail = queries.opinion_detail(s, user, code, opinion_id, date.today())
                if detail is None:
                    raise Forbidden("没有这条意见，或您无权查看")
                notice = actions.unit_action(s, user, detail, action, form)
                accounts.audit(s, user, action, target, ip=_ip(request), detail={k: v for k, v in form.items()
                                                                                   if k != "csrf_token"})  # fmt: skip
        except (CentreError, Forbidden) as exc:
            message, status = refusal_of(exc)
            with factory.begin() as s:
                accounts.audit(s, user, action, target, outcome="refused", ip=_ip(request), message=message)
            if _wants_json(request):
                return JSONResponse({"code": "refused", "message": message}, status)
            return opinion_page_response(request, code, opinion_id, error=message, status=status)
        if _wants_json(request):
            return JSONResponse({"message": notice})
        return opinion_page_response(request, code, opinion_id, notice=notice)

    # JSON twin of the action (scripts and tests), same checks.
    router.add_api_route("/api/opinions/{code}/{opinion_id}/{action}", opinion_action, methods=["POST"])

    # -- 承办单位 ----------------------------------------------------------------------------------------

    @router.get("/api/inbox")
    def inbox_json(request: Request) -> dict:
        with factory() as s:
            user = user_of(request, s)
            if user.role != Role.UNIT:
                raise Forbidden("只有承办单位账号有待办意见")
            return {**queries.inbox(s, user, date.today()), "requests": decisions.unit_requests(s, user)}

    @router.get("/inbox")
    def inbox_page(request: Request) -> Response:
        with factory() as s:
            user = user_of(request, s)
            if user.role != Role.UNIT:
                raise Forbidden("只有承办单位账号有待办意见")
            result = queries.inbox(s, user, date.today())
            requests = decisions.unit_requests(s, user)
        return page(request, "inbox.html", user, result=result, requests=requests)

    # -- 全市概览 ----------------------------------------------------------------------------------------

    def overview_year(request: Request) -> int:
        try:
            year = int(request.query_params.get("year", ""))
        except ValueError:
            return date.today().year
        return year if 2000 <= year <= 2100 else date.today().year

    @router.get("/api/overview")
    def overview_json(request: Request) -> dict:
        with reading(request) as (user, s):
            data = overview.city_overview(s, user, overview_year(request), date.today())
        p = request.query_params
        level = overview.drill(data, p.get("district", ""), p.get("station", ""))
        return {**data, "drill": {k: level[k] for k in ("level", "district", "station", "title", "rows")}}

    @router.get("/overview.xlsx")
    def overview_xlsx(request: Request) -> Response:
        year, p = overview_year(request), request.query_params
        with reading(request) as (user, s):
            data = overview.city_overview(s, user, year, date.today())
        level = overview.drill(data, p.get("district", ""), p.get("station", ""))
        body = overview.overview_workbook(data, level["district"], level["station"])
        with factory.begin() as s:
            accounts.audit(s, user, "export_overview", str(year), ip=_ip(request))
        return Response(
            body,
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(f'{year}年全市概览.xlsx')}"},
        )

    @router.get("/overview")
    def overview_page(request: Request) -> Response:
        with reading(request) as (user, s):
            data = overview.city_overview(s, user, overview_year(request), date.today())
        p = request.query_params
        level = overview.drill(data, p.get("district", ""), p.get("station", ""))
        chart = overview.chart_data(data["year"], level)
        return page(request, "overview.html", user, data=data, level=level, chart=chart,
                    columns=[k for k, _f in overview.STATION_FIGURES], rates=overview.RATES,
                    names=overview.COLUMN_NAMES, definitions=dict(overview.DEFINITIONS))  # fmt: skip

    @router.get("/api/me")
    def me(request: Request) -> dict:
        with factory() as s:
            user = user_of(request, s)
        return {"name": user.name, "role": user.role.value, "role_label": user.role.label,
                "district": user.district, "unit": user.unit}  # fmt: skip

    reference_web.add_routes(router, factory, user_of=user_of, checked_form=checked_form, page=page, ip_of=_ip)
    monthly_report.add_routes(router, factory, reading, page=page, ip_of=_ip)
    duties_web.register(router, reading, page, refused)  # 代表履职 (issue 14)
    add_decision_routes(router, factory, user_of=user_of, checked_form=checked_form, page=page, refusal_of=refusal_of,
                        ip=_ip)  # fmt: skip
    app.include_router(router)

    @app.exception_handler(NotLoggedIn)
    async def not_logged_in(request: Request, _exc: NotLoggedIn) -> Response:
        if _wants_json(request):
            return JSONResponse({"code": "not_logged_in", "message": "请先登录"}, 401)
        return RedirectResponse(f"{PREFIX}/login", 303)

    @app.exception_handler(CsrfRefused)
    async def csrf_refused(request: Request, _exc: CsrfRefused) -> Response:
        with factory.begin() as s:
            user = accounts.current_user(s, request.cookies.get(SESSION_COOKIE, ""))
            accounts.audit(s, user, "csrf_refused", request.url.path, outcome="refused", ip=_ip(request))
        return refused(request, user, 403, CSRF_MISSING)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        with factory.begin() as s:
            user = accounts.current_user(s, request.cookies.get(SESSION_COOKIE, ""))
            accounts.audit(s, user, "view", request.url.path, outcome="refused", ip=_ip(request), message=str(exc))
        return refused(request, user, 403, str(exc))

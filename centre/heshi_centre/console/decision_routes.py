"""The 待审批 page and its JSON twin (``decisions``), registered on the console's router by ``web``.

Same guarantees as every console route: a logged-in session, the CSRF token on every POST, every decision
and every refusal audited; a unit (or anyone not allowed) gets 403 with the Chinese reason.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session, sessionmaker

from heshi_centre.console import accounts, decisions
from heshi_centre.console.scope import Forbidden
from heshi_centre.errors import CentreError


def add_decision_routes(
    router: APIRouter,
    factory: sessionmaker[Session],
    *,
    user_of: Callable,
    checked_form: Callable,
    page: Callable,
    refusal_of: Callable,
    ip: Callable[[Request], str],
) -> None:
    def wants_json(request: Request) -> bool:
        return "/api/" in request.url.path

    @router.get("/api/requests")
    def requests_json(request: Request) -> dict:
        with factory() as s:
            user = user_of(request, s)
            return decisions.pending_requests(s, user, include_decided=True)

    def requests_page(request: Request, notice: str = "", error: str = "", status: int = 200) -> Response:
        with factory() as s:
            user = user_of(request, s)
            data = decisions.pending_requests(s, user, include_decided=True)
        return page(request, "requests.html", user, status=status, data=data, notice=notice, error=error)

    @router.get("/requests")
    def requests_get(request: Request) -> Response:
        return requests_page(request)

    @router.post("/requests/{code}/{opinion_id}/{request_id}/{outcome}")
    async def decide(request: Request, code: str, opinion_id: str, request_id: str, outcome: str) -> Response:
        target = f"{code}/{opinion_id}/{request_id}"
        action = f"decide_{outcome}"[:50]
        with factory() as s:
            user = user_of(request, s)
        try:
            with factory.begin() as s:
                form = await checked_form(request, user, s)
                notice = decisions.decide(s, user, code, opinion_id, request_id, outcome, form)
                accounts.audit(s, user, action, target, ip=ip(request), detail={"reason": form.get("reason", "")})
        except (CentreError, Forbidden) as exc:
            message, status = refusal_of(exc)
            with factory.begin() as s:
                accounts.audit(s, user, action, target, outcome="refused", ip=ip(request), message=message)
            if wants_json(request):
                return JSONResponse({"code": "refused", "message": message}, status)
            if status == 403:
                return page(request, "message.html", user, status=403, title="不能执行", message=message)
            return requests_page(request, error=message, status=status)
        if wants_json(request):
            return JSONResponse({"message": notice})
        return requests_page(request, notice=notice)

    router.add_api_route("/api/requests/{code}/{opinion_id}/{request_id}/{outcome}", decide, methods=["POST"])

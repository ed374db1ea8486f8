"""The console's 代表履职 routes: the visible stations' duty figures for a year, and one station's deputies'
代表履职档案, each as a page and as the JSON behind it (``/console/api/duties``).

Same guarantees as ``web``: only a logged-in user (pages redirect to 登录, JSON answers 401), scope from
``duties`` (unit users 403, a station outside a district user's district 404 like a missing one).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from heshi_centre.console import duties


def register(router: APIRouter, reading: Callable, page: Callable, refused: Callable) -> None:
    """Add the 代表履职 routes to the console's ``router`` (``reading``, ``page``, ``refused`` are web's:
    ``reading`` gives the logged-in user and a session on the read replica, if one is set)."""

    def year(request: Request) -> int:
        return duties.year_of(request.query_params.get("year", ""), date.today())

    @router.get("/api/duties")
    def duties_json(request: Request) -> dict:
        with reading(request) as (user, s):
            return duties.duties_overview(s, user, year(request))

    @router.get("/api/duties/{code}")
    def station_duties_json(request: Request, code: str) -> Response:
        with reading(request) as (user, s):
            try:
                return JSONResponse(duties.station_archives(s, user, code, year(request)))
            except duties.StationNotVisible as exc:
                return JSONResponse({"code": "not_found", "message": str(exc)}, 404)

    @router.get("/duties")
    def duties_page(request: Request) -> Response:
        with reading(request) as (user, s):
            data = duties.duties_overview(s, user, year(request))
        return page(request, "duties.html", user, data=data)

    @router.get("/duties/{code}")
    def station_duties_page(request: Request, code: str) -> Response:
        with reading(request) as (user, s):
            try:
                data = duties.station_archives(s, user, code, year(request))
            except duties.StationNotVisible as exc:
                return refused(request, user, 404, str(exc))
        return page(request, "duties_station.html", user, data=data)

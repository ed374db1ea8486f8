"""基础数据 in the console: what the centre sends every station (deputies per station, units, categories
with time limits, holiday years), xlsx templates, and the upload with its per-row report.

Who may do what (``scope`` decides what is seen):
- 市中心管理员: sees everything, downloads templates, uploads;
- 县区人大: sees the rosters of its own district's stations and the city-wide lists, downloads templates,
  may NOT upload (the lists are the city's; a district sends its roster changes to the city office);
- 只读: sees everything, uploads nothing; 承办单位: no access at all (403).

Guarantees: an upload carries the session's CSRF token; it is checked and loaded by
``reference_load.load_file`` in one transaction with its audit entry, so a file with any bad row loads
nothing and the page lists every bad row (row, column, reason); the refusal is audited on its own.
"""

from __future__ import annotations

import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from starlette.datastructures import UploadFile

from heshi_centre.console import accounts
from heshi_centre.console.accounts import CurrentUser, Role
from heshi_centre.console.scope import Forbidden, require, station_scope
from heshi_centre.errors import CentreError
from heshi_centre.models import CentreCategory, CentreDeputy, CentreHolidayYear, CentreStation, CentreUnit
from heshi_centre.reference_load import KINDS, LoadReport, ReferenceRefused, load_file
from heshi_centre.reference_templates import template_name, template_workbook
from heshi_protocol.vocab import DeputyLevel, UnitKind, label_of

SUFFIXES = (".xlsx", ".xlsm", ".csv")
MAX_FILE_BYTES = 8 * 1024 * 1024


def reference_summary(session: Session, user: CurrentUser) -> dict:
    """What the centre holds, as the user may see it."""
    require(user, Role.ADMIN, Role.DISTRICT, Role.READONLY, what="查看基础数据")
    q = select(CentreStation).order_by(CentreStation.district, CentreStation.code)
    if (cond := station_scope(user)) is not None:
        q = q.where(cond)
    stations = list(session.scalars(q))
    counts: dict[int, Counter] = defaultdict(Counter)
    if stations:
        for station_id, level, n in session.execute(
            select(CentreDeputy.station_id, CentreDeputy.level, func.count())
            .where(CentreDeputy.station_id.in_([s.id for s in stations]), CentreDeputy.active.is_(True))
            .group_by(CentreDeputy.station_id, CentreDeputy.level)
        ):
            counts[station_id][level] += n
    units = list(session.scalars(select(CentreUnit).order_by(CentreUnit.name)))
    unit_names = {u.id: u.name for u in units}
    return {
        "levels": [{"code": lv.value, "label": lv.label} for lv in DeputyLevel],
        "stations": [
            {
                "code": s.code,
                "name": s.name,
                "district": s.district,
                "deputies": {lv.value: counts[s.id][lv.value] for lv in DeputyLevel},
                "total": sum(counts[s.id].values()),
            }
            for s in stations
        ],
        "units": [
            {
                "name": u.name,
                "kind": label_of(UnitKind, u.kind),
                "parent": unit_names.get(u.parent_id or "", ""),
                "active": u.active,
            }
            for u in units
        ],
        "categories": [
            {"name": c.name, "time_limit_days": c.time_limit_days, "active": c.active}
            for c in session.scalars(select(CentreCategory).order_by(CentreCategory.name))
        ],
        "holiday_years": [
            {
                "year": h.year,
                "source": h.source,
                "days_off": sum(1 for d in h.days if not d[1]),
                "workdays": sum(1 for d in h.days if d[1]),
            }
            for h in session.scalars(select(CentreHolidayYear).order_by(CentreHolidayYear.year))
        ],
        "kinds": KINDS,
        "can_upload": user.role == Role.ADMIN,
    }


def add_routes(router: APIRouter, factory: sessionmaker[Session], *, user_of, checked_form, page, ip_of) -> None:
    """Register the 基础数据 routes on the console's router (helpers are the console's own)."""

    def show(
        request: Request,
        user: CurrentUser,
        report: dict | None = None,
        error: str = "",
        status: int = 200,
        chosen: dict | None = None,
    ) -> Response:
        with factory() as s:
            data = reference_summary(s, user)
        return page(
            request, "reference.html", user, status=status, data=data, report=report, error=error, chosen=chosen or {}
        )

    @router.get("/api/reference")
    def reference_json(request: Request) -> dict:
        with factory() as s:
            return reference_summary(s, user_of(request, s))

    @router.get("/reference")
    def reference_page(request: Request) -> Response:
        with factory() as s:
            user = user_of(request, s)
        return show(request, user)

    @router.get("/reference/template/{kind}.xlsx")
    def template(request: Request, kind: str) -> Response:
        with factory() as s:
            user = user_of(request, s)
            require(user, Role.ADMIN, Role.DISTRICT, Role.READONLY, what="下载基础数据模板")
            if kind not in KINDS:
                return JSONResponse({"code": "not_found", "message": f"没有“{kind[:20]}”这种模板"}, 404)
            q = select(CentreStation.code)
            if (cond := station_scope(user)) is not None:
                q = q.where(cond)
            body = template_workbook(kind, list(s.scalars(q)))
        return Response(
            body,
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(template_name(kind))}"},
        )

    async def upload(request: Request) -> Response:
        json_wanted = request.url.path.startswith("/console/api/")
        with factory() as s:
            user = user_of(request, s)
        kind, name = "", ""
        chosen: dict = {}  # what the form had chosen, shown again with the report
        try:
            with factory.begin() as s:
                form = await checked_form(request, user, s)
                require(user, Role.ADMIN, what="上传基础数据")
                kind, station = form.get("kind", ""), form.get("station", "").strip() or None
                chosen = {"kind": kind, "station": station or ""}
                if kind not in KINDS:
                    raise Forbidden(f"请选择要上传的数据类型（{'、'.join(KINDS.values())}）")
                sent = (await request.form()).get("file")
                if not isinstance(sent, UploadFile) or not sent.filename:
                    raise UploadRefused("请选择要上传的文件（.xlsx 或 .csv）")
                name = Path(sent.filename).name[:100]
                suffix = Path(name).suffix.lower()
                if suffix not in SUFFIXES:
                    raise UploadRefused(f"只能上传 .xlsx 或 .csv 文件，而“{name}”不是")
                data = await sent.read(MAX_FILE_BYTES + 1)
                if len(data) > MAX_FILE_BYTES:
                    raise UploadRefused(f"文件过大（上限 {MAX_FILE_BYTES // 1024 // 1024} MB）")
                report = _load_bytes(s, kind, data, suffix, station, name)
                accounts.audit(
                    s,
                    user,
                    "upload_reference",
                    f"{kind}:{name}",
                    ip=ip_of(request),
                    detail={"rows": report.rows, "changed": report.changed, "station": station or ""},
                )
        except ReferenceRefused as exc:
            report = exc.report
            with factory.begin() as s:
                accounts.audit(
                    s,
                    user,
                    "upload_reference",
                    f"{kind}:{name}",
                    outcome="refused",
                    ip=ip_of(request),
                    message=report.text()[:2000],
                )
            if json_wanted:
                return JSONResponse({"code": "refused", **report.as_dict()}, 422)
            return show(request, user, report=report.as_dict(), status=422, chosen=chosen)
        except (CentreError, Forbidden) as exc:
            message, status = (exc.message, exc.status) if isinstance(exc, CentreError) else (str(exc), 403)
            with factory.begin() as s:
                accounts.audit(
                    s, user, "upload_reference", f"{kind}:{name}", outcome="refused", ip=ip_of(request), message=message
                )
            if json_wanted:
                return JSONResponse({"code": "refused", "message": message}, status)
            return show(request, user, error=message, status=status, chosen=chosen)
        if json_wanted:
            return JSONResponse(report.as_dict())
        return show(request, user, report=report.as_dict(), chosen=chosen)

    router.add_api_route("/reference", upload, methods=["POST"])
    router.add_api_route("/api/reference", upload, methods=["POST"])


class UploadRefused(CentreError):
    status, code = 400, "upload_refused"


def _load_bytes(s: Session, kind: str, data: bytes, suffix: str, station: str | None, name: str) -> LoadReport:
    """Load the uploaded bytes through the same path as ``heshi-centre load`` (a temporary file, removed)."""
    with tempfile.TemporaryDirectory(prefix="heshi-upload-") as folder:
        path = Path(folder) / f"{Path(name).stem[:80] or 'upload'}{suffix}"  # the holiday source names the file
        path.write_bytes(data)
        return load_file(s, kind, path, station, file_name=name)

"""全市概览: the city's headline figures for a year, by district → station → month.

Every figure a station also reports is defined once, in ``heshi_protocol.figures.FIGURES`` (the station's
monthly statistics print the same sentences), and counted by ``overview_summary`` from the structured
tables into a per station × month summary kept current by the push; this module adds them up by district
and city, adds the rounds that became late since their station's summary was judged (``late_since``), and
the centre's own two figures: 联络站 (stations registered, in the district) and 进站代表 (active deputies the
stations sent).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from heshi_centre.console import overview_summary
from heshi_centre.console.accounts import CurrentUser
from heshi_centre.console.scope import station_scope
from heshi_centre.ledger_models import LedgerDeputy
from heshi_centre.models import CentreStation
from heshi_protocol.figures import NOTES, figure

COUNTS = overview_summary.COUNTS
# The overview's columns that are station figures: (key here, key in ``figures.FIGURES``).
STATION_FIGURES = (
    ("receptions", "receptions"), ("people", "people_received"), ("opinions", "opinions_collected"),
    ("answered_on_spot", "answered_on_spot"), ("transferred", "transferred"), ("closed", "closed"),
    ("fed_back", "fed_back"), ("on_time_rate", "on_time_rate"), ("satisfaction_rate", "satisfaction_rate"),
    ("satisfied_only_rate", "satisfied_only_rate"),
)  # fmt: skip
COLUMN_NAMES = {key: figure(fig).name for key, fig in STATION_FIGURES}
DEFINITIONS = [
    ("联络站", "已在市中心登记的联络站数（县区行为本县区的）。"),
    ("进站代表", "各联络站同步来的在用代表人数。"),
    *[(figure(fig).name, figure(fig).definition) for _key, fig in STATION_FIGURES],
    *[("说明", n) for n in NOTES],
]


def _rate(n: int, d: int) -> float | None:
    return round(n / d, 4) if d else None


def finish_counts(c: dict) -> dict:
    """Summed counts as the pages show them: whole numbers and the rates (None when nothing to judge).
    The 月报 sums a month the same way."""
    out = {k: int(c.get(k, 0)) for k in COUNTS}
    out["on_time_rate"] = _rate(out["on_time"], out["on_time_rated"])
    out["satisfaction_rate"] = _rate(out["satisfied"], out["rated"])
    out["satisfied_only_rate"] = _rate(out["satisfied_only"], out["rated"])
    return out


def city_overview(session: Session, user: CurrentUser, year: int, today: date) -> dict:
    """Figures for ``year``: the city total, and per district, per station, per month."""
    q = select(CentreStation)
    if (cond := station_scope(user)) is not None:
        q = q.where(cond)
    stations = {s.id: s for s in session.scalars(q)}
    ids = list(stations)

    def mine(column):
        # No station list as parameters: everything for the city, a subquery for a district.
        return true() if cond is None else column.in_(select(CentreStation.id).where(cond))

    per: dict[tuple[int, str], dict] = defaultdict(lambda: defaultdict(int))

    if ids:
        # The stored counts (kept by the push: ``overview_summary``); only what depends on today is live.
        for station_id, month, *values in overview_summary.year_rows(session, cond, year):
            c = per[(station_id, month)]
            for key, value in zip(COUNTS, values, strict=True):
                c[key] += int(value or 0)
        for station_id, month, n in overview_summary.late_since(session, cond, year, today):
            per[(station_id, month)]["on_time_rated"] += n
    deputies = dict(
        session.execute(
            select(LedgerDeputy.station_id, func.count())
            .where(mine(LedgerDeputy.station_id), LedgerDeputy.active.is_(True))
            .group_by(LedgerDeputy.station_id)
        ).all()
    )

    districts: dict[str, dict] = {}
    city: dict = defaultdict(int)
    by_station: dict[int, dict[str, dict]] = defaultdict(dict)
    for (sid, month), c in per.items():
        by_station[sid][month] = c
    for sid, st in sorted(stations.items(), key=lambda kv: (kv[1].district, kv[1].code)):
        station_months = by_station.get(sid, {})
        months = {m: finish_counts(station_months[m]) for m in sorted(station_months)}
        total = {k: sum(c.get(k, 0) for c in station_months.values()) for k in COUNTS}
        d = districts.setdefault(
            st.district or "未填县区", {"district": st.district or "未填县区", "stations": [], "_sum": defaultdict(int)}
        )
        row = {"code": st.code, "name": st.name, "deputies": deputies.get(sid, 0), **finish_counts(total),
               "months": [{"month": m, **v} for m, v in months.items()]}  # fmt: skip
        d["stations"].append(row)
        for k in COUNTS:
            d["_sum"][k] += total[k]
            city[k] += total[k]
        d["_sum"]["deputies"] += row["deputies"]
        city["deputies"] += row["deputies"]
    out_districts = []
    for d in districts.values():
        s = d.pop("_sum")
        out_districts.append(
            {**d, **finish_counts(s), "station_count": len(d["stations"]), "deputies": int(s.get("deputies", 0))}
        )
    return {
        "year": year,
        "city": {**finish_counts(city), "station_count": len(stations), "deputies": int(city.get("deputies", 0))},
        "districts": out_districts,
        "definitions": [{"figure": f, "definition": t} for f, t in DEFINITIONS],
    }


HEADERS = ["县区", "联络站", "月份", "联络站数", "进站代表", *[COLUMN_NAMES[k] for k, _f in STATION_FIGURES]]
RATES = ("on_time_rate", "satisfaction_rate", "satisfied_only_rate")


def drill(data: dict, district: str = "", station: str = "") -> dict:
    """One level of the overview for the page, its chart and the export: the city by district; a district by
    station; a station by month. An unknown district or station falls back to the level above."""
    d = next((x for x in data["districts"] if x["district"] == district), None) if district else None
    st = next((x for x in d["stations"] if x["code"] == station), None) if d and station else None
    if st is not None:
        rows = [{**m, "label": m["month"]} for m in st["months"]]
        return {"level": "station", "district": d["district"], "station": st["code"], "title": st["name"],
                "total": st, "rows": rows}  # fmt: skip
    if d is not None:
        rows = [
            {**x, "label": x["name"], "drill": {"district": d["district"], "station": x["code"]}} for x in d["stations"]
        ]
        return {"level": "district", "district": d["district"], "station": "", "title": d["district"],
                "total": d, "rows": rows}  # fmt: skip
    rows = [{**x, "label": x["district"], "drill": {"district": x["district"]}} for x in data["districts"]]
    return {"level": "city", "district": "", "station": "", "title": "全市", "total": data["city"], "rows": rows}


CHART_COUNTS = ("opinions", "transferred", "closed", "fed_back")
CHART_RATES = ("on_time_rate", "satisfaction_rate")


def chart_data(year: int, level: dict) -> dict:
    """What the page's two charts draw: one point per row of ``drill``'s level, with its drill-down link."""
    from urllib.parse import urlencode

    rows = level["rows"]

    def link(r: dict) -> str:
        return f"overview?{urlencode({'year': year, **r['drill']})}" if r.get("drill") else ""

    def pct(v) -> float | None:
        return None if v is None else round(v * 100, 1)

    return {
        "title": level["title"],
        "labels": [r["label"] for r in rows],
        "links": [link(r) for r in rows],
        "counts": [{"name": COLUMN_NAMES[k], "values": [r[k] for r in rows]} for k in CHART_COUNTS],
        "rates": [{"name": COLUMN_NAMES[k], "values": [pct(r[k]) for r in rows]} for k in CHART_RATES],
    }


def overview_workbook(data: dict, district: str = "", station: str = "") -> bytes:
    """The overview as an xlsx: one row per city / district / station / month (only the chosen district or
    station when given, as on the page), then the definitions."""
    from io import BytesIO

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = f"{data['year']}年全市概览"
    ws.append(HEADERS)

    def figures(r: dict) -> list:
        return [r.get(k) for k, _f in STATION_FIGURES]

    if not district:
        ws.append(["全市", "", "", data["city"]["station_count"], data["city"]["deputies"], *figures(data["city"])])
    for d in data["districts"]:
        if district and d["district"] != district:
            continue
        ws.append([d["district"], "", "", d["station_count"], d["deputies"], *figures(d)])
        for s in d["stations"]:
            if station and s["code"] != station:
                continue
            ws.append([d["district"], s["name"], "", 1, s["deputies"], *figures(s)])
            for m in s["months"]:
                ws.append([d["district"], s["name"], m["month"], None, None, *figures(m)])
    rate_columns = [HEADERS.index(COLUMN_NAMES[k]) + 1 for k in RATES]
    for row in ws.iter_rows(min_row=2, min_col=min(rate_columns), max_col=max(rate_columns)):
        for cell in row:
            if cell.column in rate_columns:
                cell.number_format = "0.0%"
    notes = wb.create_sheet("指标口径")
    notes.append(["指标", "口径"])
    for d in data["definitions"]:
        notes.append([d["figure"], d["definition"]])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()

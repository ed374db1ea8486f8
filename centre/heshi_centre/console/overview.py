"""全市概览: the city's headline figures for a year, by district → station → month, from the structured
tables. The definitions follow the station's monthly statistics (``heshi_station.ledger.stats``), so a
station's own figures and the city's agree:

- 联络站: stations registered (in the district); 进站代表: active deputies the stations sent;
- 接待次数 / 接待群众: receptions dated in the month (voided ones excluded) and the sum of their visitors'
  group sizes;
- 收集意见: opinions registered in the month;
- 转办 / 办结 / 已反馈: opinions with such an event dated in the month (an on-the-spot answer counts as fed
  back); event months are read from the time as the station recorded it;
- 按期办结率: of the opinions with a deadline closed in the month, plus those still open whose deadline fell
  in the month and has passed, the share closed by their deadline;
- 满意率: (满意 + 基本满意) / satisfaction ratings recorded in the month.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import String, and_, cast, func, select, true
from sqlalchemy.orm import Session

from heshi_centre.console import overview_summary
from heshi_centre.console.accounts import CurrentUser
from heshi_centre.console.scope import station_scope
from heshi_centre.ledger_models import LedgerDeputy, LedgerOpinion
from heshi_centre.models import CentreStation
from heshi_protocol.vocab import OPEN_STATES, Satisfaction

COUNTS = ("receptions", "people", "opinions", "transferred", "closed", "fed_back",
          "on_time", "on_time_rated", "satisfied", "rated")  # fmt: skip
DEFINITIONS = [
    ("联络站", "已在市中心登记的联络站数"),
    ("进站代表", "各联络站同步来的在用代表人数"),
    ("接待次数", "接待时间在当月的接待记录数（不含作废）"),
    ("接待群众", "这些接待记录的来访人数（按每条来访登记的人数相加）"),
    ("收集意见", "登记日期在当月的意见数"),
    ("转办", "当月有转办记录的意见数"),
    ("办结", "当月有办结记录的意见数"),
    ("已反馈", "当月有反馈群众或当场答复记录的意见数"),
    ("按期办结率", "当月办结且有期限的意见，加上期限在当月且已过仍未办结的意见中，按期办结的比例"),
    ("满意率", "当月记录的满意度评价中，满意与基本满意所占比例"),
]
GOOD_RATINGS = {Satisfaction.SATISFIED.value, Satisfaction.BASICALLY.value}


def _rate(n: int, d: int) -> float | None:
    return round(n / d, 4) if d else None


def _finish(c: dict) -> dict:
    out = {k: int(c.get(k, 0)) for k in COUNTS}
    out["on_time_rate"] = _rate(out["on_time"], out["on_time_rated"])
    out["satisfaction_rate"] = _rate(out["satisfied"], out["rated"])
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

    def add(rows, *keys: str) -> None:
        for station_id, month, *values in rows:
            for key, value in zip(keys, values, strict=True):
                per[(station_id, month)][key] += int(value or 0)

    if ids:
        # The stored counts (kept by the push: ``overview_summary``); only what depends on today is live.
        for station_id, month, *values in overview_summary.year_rows(session, cond, year):
            c = per[(station_id, month)]
            for key, value in zip(overview_summary.COUNTS, values, strict=True):
                c["on_time_rated" if key == "closed_with_due" else key] += int(value or 0)
        o = LedgerOpinion
        due_month = func.substr(cast(o.due_date, String), 1, 7)
        add(session.execute(
            select(o.station_id, due_month, func.count())
            .where(mine(o.station_id), o.state.in_([s.value for s in OPEN_STATES]),
                   and_(o.due_date >= date(year, 1, 1), o.due_date <= date(year, 12, 31), o.due_date < today))
            .group_by(o.station_id, due_month)
        ), "on_time_rated")  # fmt: skip
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
        months = {m: _finish(station_months[m]) for m in sorted(station_months)}
        total = {k: sum(c.get(k, 0) for c in station_months.values()) for k in COUNTS}
        d = districts.setdefault(
            st.district or "未填县区", {"district": st.district or "未填县区", "stations": [], "_sum": defaultdict(int)}
        )
        row = {"code": st.code, "name": st.name, "deputies": deputies.get(sid, 0), **_finish(total),
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
            {**d, **_finish(s), "station_count": len(d["stations"]), "deputies": int(s.get("deputies", 0))}
        )
    return {
        "year": year,
        "city": {**_finish(city), "station_count": len(stations), "deputies": int(city.get("deputies", 0))},
        "districts": out_districts,
        "definitions": [{"figure": f, "definition": t} for f, t in DEFINITIONS],
    }


HEADERS = ["县区", "联络站", "月份", "联络站数", "进站代表", "接待次数", "接待群众", "收集意见", "转办", "办结",
           "已反馈", "按期办结率", "满意率"]  # fmt: skip


def overview_workbook(data: dict) -> bytes:
    """The overview as an xlsx: one row per city / district / station / month, then the definitions."""
    from io import BytesIO

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = f"{data['year']}年全市概览"
    ws.append(HEADERS)

    def figures(r: dict) -> list:
        return [r["receptions"], r["people"], r["opinions"], r["transferred"], r["closed"], r["fed_back"],
                r["on_time_rate"], r["satisfaction_rate"]]  # fmt: skip

    ws.append(["全市", "", "", data["city"]["station_count"], data["city"]["deputies"], *figures(data["city"])])
    for d in data["districts"]:
        ws.append([d["district"], "", "", d["station_count"], d["deputies"], *figures(d)])
        for s in d["stations"]:
            ws.append([d["district"], s["name"], "", 1, s["deputies"], *figures(s)])
            for m in s["months"]:
                ws.append([d["district"], s["name"], m["month"], None, None, *figures(m)])
    for row in ws.iter_rows(min_row=2, min_col=12, max_col=13):
        for cell in row:
            cell.number_format = "0.0%"
    notes = wb.create_sheet("指标口径")
    notes.append(["指标", "口径"])
    for d in data["definitions"]:
        notes.append([d["figure"], d["definition"]])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()

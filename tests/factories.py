"""Small synthetic ledgers for tests, built through the ledger operations (no real person's data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from heshi_station.ledger import receptions, reference_data
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import DeputyInput, OpinionInput, ReceptionInput, StationInput, VisitorInput


@dataclass
class Basics:
    station_id: str
    deputies: list[str]
    units: list[str]
    categories: dict[str, str]


def set_up_basics(ledger: Ledger) -> Basics:
    station = reference_data.set_up_station(
        ledger,
        StationInput(code="T-01", name="测试街道代表联络站", district="测试区", township="测试街道"),
        clerk_name="测试联络员",
    )
    deputies = [
        reference_data.save_deputy(ledger, DeputyInput(name=n, level=lv, gender=g)).id
        for n, lv, g in [("张三", "city", "male"), ("李四", "township", "female"), ("王五", "county", "male")]
    ]
    units = [
        reference_data.save_unit(ledger, n, k).id
        for n, k in [("测试街道办事处", "township_gov"), ("区交通运输局", "department"), ("区水利局", "department")]
    ]
    categories = {
        n: reference_data.save_category(ledger, n, d).id
        for n, d in [("道路交通", 10), ("农田水利", 20), ("养老服务", 15)]
    }
    return Basics(station.id, deputies, units, categories)


def reception_input(
    b: Basics,
    when: datetime,
    *,
    route: str = "transfer",
    phone: str = "19900001234",
    matter: str = "村口道路坑洼不平，雨天积水",
    opinions: int = 1,
    visitors: int = 1,
) -> ReceptionInput:
    return ReceptionInput(
        received_at=when,
        way="at_station",
        matter=matter,
        visitors=[
            VisitorInput(name=f"来访人{i}", phone=phone if i == 0 else "", village="东风村", group_size=1 + i)
            for i in range(visitors)
        ],
        deputy_ids=b.deputies[:2],
        category_id=b.categories["道路交通"],
        opinions=[
            OpinionInput(
                content=f"{matter}（第{i + 1}条）",
                route=route,
                lead_unit_id=b.units[1] if route in ("transfer", "suggestion") else None,
                answer="已当场答复" if route == "on_spot" else "",
            )
            for i in range(opinions)
        ],
    )


def register(ledger: Ledger, b: Basics, when: datetime, **kw):
    return receptions.register_reception(ledger, reception_input(b, when, **kw))


def table_counts(path) -> dict[str, int]:
    """Row count of every table in the file (FTS shadow tables included), read with plain sqlite3."""
    import sqlite3

    con = sqlite3.connect(path)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        con.close()


# ------------------------------------------------------------------------------- report tests (issue 4)
LONG_MATTER = (
    "东风村三组至五组之间的机耕路年久失修，路面多处塌陷，雨季积水严重，农用车无法通行，"
    "群众秋收时只能绕行三公里，请求有关部门尽快安排资金修缮，并在路边增设排水沟和警示标志。"
) * 3


def month_of_receptions(ledger: Ledger, b: Basics, year: int, month: int, count: int) -> list:
    """``count`` receptions spread over the month's first days, each with distinct text and phone.

    Every 7th is confidential, every 5th has two visitors, every 9th has a long matter, the rest short;
    routes alternate between answered on the spot and transferred.
    """
    out = []
    for i in range(count):
        when = datetime(year, month, 1 + i % 18, 8 + i % 9, (i * 7) % 60).astimezone()
        matter = (LONG_MATTER if i % 9 == 4 else f"第{i}号群众反映：村口路灯损坏，夜间出行不便") + f"（编号{i:04d}）"
        data = reception_input(
            b,
            when,
            route="on_spot" if i % 2 else "transfer",
            phone=f"1991234{i:04d}",
            matter=matter,
            visitors=2 if i % 5 == 3 else 1,
        )
        data.confidential = i % 7 == 6
        data.visitors[0].name = f"郑{'一二三四五六七八九'[i % 9]}{'甲乙丙丁'[i % 4]}"
        out.append(receptions.register_reception(ledger, data))
    return out

"""Console test helpers: stations filled through the real push path, accounts, and a logged-in HTTP client.

Names are random per call, so tests sharing the session's centre never see each other's data.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import requests

from heshi_centre import admin
from heshi_centre.console import accounts
from heshi_centre.push import apply_push
from heshi_protocol.schemas import PushOp

PASSWORD = "测试口令-" + "x" * 8  # generated test secret, not a real one


def uid() -> str:
    return uuid.uuid4().hex[:8]


@dataclass
class SeededStation:
    code: str
    district: str
    unit: str
    opinion_ids: list[str]


def seed_station(
    factory,
    *,
    district: str,
    unit: str,
    contents: list[str],
    due: date | None = None,
    categories: list[str] | None = None,
) -> SeededStation:
    """A station of ``district`` whose opinions (one per content) are transferred to ``unit``, pushed with
    the centre's own ``apply_push`` exactly as a station's sync would; ``categories`` (one name per content)
    become the station's own categories."""
    code = f"C-{uid()}"
    due = due or date.today() + timedelta(days=20)
    unit_id, reception_id = f"u-{uid()}", f"r-{uid()}"
    payloads = [
        ("handling_unit", {"id": unit_id, "name": unit, "kind": "department", "parent_id": None, "active": True}),
        ("reception", {"id": reception_id, "received_at": "2026-11-02T09:00:00+08:00", "matter": contents[0],
                       "way": "at_station", "visitors": [{"id": f"v-{uid()}", "group_size": 2}]}),
    ]  # fmt: skip
    category_ids = {name: f"c-{uid()}" for name in dict.fromkeys(categories or [])}
    payloads += [("category", {"id": cid, "name": name, "time_limit_days": 15}) for name, cid in category_ids.items()]
    opinion_ids = []
    for n, text in enumerate(contents):
        oid = f"o-{uid()}"
        opinion_ids.append(oid)
        opinion = {"id": oid, "reception_id": reception_id, "content": text, "route": "transfer",
                   "registered_on": "2026-11-02", "proposer_name": "来访人", "village": "东风村"}  # fmt: skip
        if categories:
            opinion["category_id"] = category_ids[categories[n]]
        registered = {"id": f"e-{uid()}", "opinion_id": oid, "kind": "registered",
                      "occurred_at": "2026-11-02T09:00:00+08:00", "data": {"route": "transfer"}}  # fmt: skip
        payloads += [("opinion", opinion), ("opinion_event", registered)]
        payloads.append(("opinion_event", {"id": f"e-{uid()}", "opinion_id": oid, "kind": "transferred",
                         "occurred_at": "2026-11-02T09:05:00+08:00",
                         "data": {"lead_unit_id": unit_id, "due_date": due.isoformat()}}))  # fmt: skip
    ops = [
        PushOp(seq=i, op_id=f"op-{uid()}", entity=entity, entity_id=p["id"],
               op="append" if entity == "opinion_event" else "upsert", payload=p)
        for i, (entity, p) in enumerate(payloads, start=1)
    ]  # fmt: skip
    with factory.begin() as s:
        station = admin.add_station(s, code, f"{district}测试联络站{code[-4:]}", district, "测试街道")
        _cursor, answers = apply_push(s, station.id, 0, ops)
    assert all(a.status == "applied" for a in answers), [a.message for a in answers if a.status != "applied"]
    return SeededStation(code, district, unit, opinion_ids)


def make_user(factory, role: str, *, district: str = "", unit: str = "") -> str:
    name = f"用户{uid()}"
    with factory.begin() as s:
        accounts.add_user(s, name, role, PASSWORD, district=district, unit=unit)
    return name


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "the page carries a CSRF token"
    return m.group(1)


class Client:
    """A browser-like HTTP client of the console (cookies kept)."""

    def __init__(self, base: str):
        self.base = base.rstrip("/") + "/console"
        self.http = requests.Session()

    def get(self, path: str, **kw) -> requests.Response:
        return self.http.get(self.base + path, allow_redirects=False, timeout=60, **kw)

    def post(self, path: str, data: dict | None = None, **kw) -> requests.Response:
        return self.http.post(self.base + path, data=data or {}, allow_redirects=False, timeout=60, **kw)

    def login(self, name: str, password: str = PASSWORD) -> requests.Response:
        token = csrf_of(self.get("/login").text)
        return self.post("/login", {"name": name, "password": password, "csrf_token": token})

    def csrf(self, path: str = "/opinions") -> str:
        return csrf_of(self.get(path).text)


def logged_in(centre, name: str) -> Client:
    c = Client(centre.url)
    r = c.login(name)
    assert r.status_code == 303, r.text[:500]
    return c

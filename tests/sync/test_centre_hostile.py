"""Issue 11: every bad request gets a 4xx with the project's Chinese body ``{code, message}`` and stores
nothing — a hostile corpus sent to the REAL centre process on loopback, on SQLite and PostgreSQL."""

from __future__ import annotations

import gzip
import json
import math
import re
import socket
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from heshi_centre.models import CentreStation, ReceivedOp
from heshi_protocol import wire
from tests.sync.conftest import BOTH_BACKENDS
from tests.sync.helpers import centre_snapshot, register_at_centre

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _headers(code: str, token: str, **extra: str) -> dict:
    return {
        "Authorization": f"Bearer {token}",
        wire.HEADER_PROTOCOL: str(wire.PROTOCOL_VERSION),
        wire.HEADER_STATION: code,
        wire.HEADER_CLIENT_TIME: wire.utc_now_text(),
        "Content-Type": "application/json",
        **extra,
    }


def _event(op_id: str, **over) -> dict:
    payload = {
        "id": op_id, "opinion_id": "no-such-opinion", "kind": "note", "occurred_at": "2026-03-20T09:30:00+08:00",
        "actor": "", "source": "station", "note": "", "data": {},
    }  # fmt: skip
    return {**payload, **over}


def _deputy(i: str, **over) -> dict:
    return {
        "id": i,
        "name": "张三",
        "gender": "male",
        "level": "city",
        "constituency": "",
        "phone": "",
        "active": True,
        **over,
    }


def _op(seq: int, payload: dict, entity: str = "deputy", op: str = "upsert", op_id: str | None = None) -> dict:
    return {"seq": seq, "op_id": op_id or str(uuid.uuid4()), "entity": entity, "entity_id": payload.get("id", "x"),
            "op": op, "payload": payload}  # fmt: skip


def _body(ops: list[dict], after: int = 0) -> bytes:
    return json.dumps({"after": after, "epoch": None, "ops": ops}, ensure_ascii=False).encode()


def _assert_chinese_refusal(response: requests.Response, status: int | tuple[int, ...]) -> dict:
    statuses = status if isinstance(status, tuple) else (status,)
    assert response.status_code in statuses, (response.status_code, response.text[:300])
    body = response.json()
    assert set(body) >= {"code", "message"} and CHINESE.search(body["message"]), body
    assert "Traceback" not in response.text and 'File "' not in response.text
    return body


def _nothing_stored(centre, code: str) -> None:
    assert centre_snapshot(centre.factory, code) == {}
    with centre.factory() as s:
        sid = s.scalar(select(CentreStation.id).where(CentreStation.code == code))
        assert s.scalars(select(ReceivedOp.op_id).where(ReceivedOp.station_id == sid)).all() == []


NESTED = (
    b'{"after":0,"epoch":null,"ops":[{"seq":1,"op_id":"a","entity":"deputy","entity_id":"a","op":"upsert",'
    b'"payload":' + b'{"a":' * 400 + b"1" + b"}" * 400 + b"}]}"
)
BOMB = gzip.compress(b"[" + b" " * (80 * 1024 * 1024) + b"]", compresslevel=9)

# name, extra headers, body, expected status(es), expected code
PUSH_CASES = [
    ("malformed JSON", {}, b'{"after": 0, "ops": [', 400, "bad_body"),
    ("invalid UTF-8", {}, b'{"after":0,"ops":[],"epoch":"\xff\xfe"}', 400, "bad_body"),
    ("lone surrogate", {}, b'{"after":0,"epoch":"\\ud800","ops":[]}', 400, "bad_body"),
    ("over-deep JSON", {}, NESTED, 400, "bad_body"),
    ("empty body", {}, b"", 400, "bad_body"),
    ("JSON array", {}, b"[]", 422, "invalid_body"),
    ("after as text", {}, b'{"after":"0","ops":[]}', 422, "invalid_body"),
    ("negative seq", {}, _body([{**_op(1, _deputy("d1")), "seq": -1}]), 422, "invalid_body"),
    ("huge seq", {}, _body([{**_op(1, _deputy("d1")), "seq": 2**70}]), 422, "invalid_body"),
    ("unknown envelope field", {}, b'{"after":0,"ops":[],"x":1}', 422, "invalid_body"),
    ("payload not an object", {}, _body([{**_op(1, _deputy("d1")), "payload": [1]}]), 422, "invalid_body"),
    ("NaN in envelope", {}, b'{"after":NaN,"ops":[]}', (400, 422), None),
    ("too many ops", {}, _body([_op(i + 1, _deputy(f"d{i}")) for i in range(wire.MAX_OPS_PER_BATCH + 1)]), 422,
     "invalid_body"),
    ("seq not increasing", {}, _body([_op(2, _deputy("a")), _op(1, _deputy("b"))]), 422, "bad_batch"),
    ("bad gzip", {"Content-Encoding": "gzip"}, b"this is not gzip", 400, "bad_body"),
    ("truncated gzip", {"Content-Encoding": "gzip"}, gzip.compress(_body([]))[:-6], 400, "bad_body"),
    ("gzip bomb", {"Content-Encoding": "gzip"}, BOMB, 413, "body_too_large"),
    ("wrong content type", {"Content-Type": "text/plain"}, _body([]), 415, "unsupported_media_type"),
    ("form content type", {"Content-Type": "application/x-www-form-urlencoded"}, b"after=0", 415,
     "unsupported_media_type"),
    ("unknown encoding", {"Content-Encoding": "br"}, _body([]), 415, "unsupported_media_type"),
    ("gap in sequence", {}, _body([_op(6, _deputy("a"))], after=5), 409, "sequence_gap"),
]  # fmt: skip


@pytest.fixture
def registered(centre, station_code):
    return station_code, register_at_centre(centre.factory, station_code)


@BOTH_BACKENDS
@pytest.mark.parametrize(("name", "extra", "body", "status", "code"), PUSH_CASES, ids=[c[0] for c in PUSH_CASES])
def test_hostile_push_bodies_get_a_chinese_4xx_and_store_nothing(centre, registered, name, extra, body, status, code):
    station, token = registered
    response = requests.post(
        centre.url + "/api/v1/push", data=body, headers=_headers(station, token, **extra), timeout=60
    )
    refusal = _assert_chinese_refusal(response, status)
    assert code is None or refusal["code"] == code, refusal
    _nothing_stored(centre, station)


@BOTH_BACKENDS
def test_an_unknown_station_answers_exactly_like_a_wrong_token(centre, registered):
    station, token = registered
    wrong_token = requests.get(centre.url + "/api/v1/hello", headers=_headers(station, "nope"), timeout=30)
    unknown = requests.get(centre.url + "/api/v1/hello", headers=_headers("NO-SUCH-ONE", token), timeout=30)
    other = register_at_centre(centre.factory, station + "-B")
    another = requests.get(centre.url + "/api/v1/hello", headers=_headers(station, other), timeout=30)
    assert wrong_token.status_code == unknown.status_code == another.status_code == 401
    assert wrong_token.json() == unknown.json() == another.json()
    _assert_chinese_refusal(unknown, 401)


@BOTH_BACKENDS
def test_a_reused_op_id_under_a_new_sequence_number_is_a_409(centre, registered):
    station, token = registered
    first = _op(1, _deputy("d1"), op_id="op-reused")
    ok = requests.post(centre.url + "/api/v1/push", data=_body([first]), headers=_headers(station, token), timeout=30)
    assert ok.status_code == 200 and ok.json()["statuses"] == "a"
    again = _op(3, _deputy("d2"), op_id="op-reused")
    response = requests.post(
        centre.url + "/api/v1/push", data=_body([_op(2, _deputy("d3")), again], after=1),
        headers=_headers(station, token), timeout=30,
    )  # fmt: skip
    assert _assert_chinese_refusal(response, 409)["code"] == "op_id_reused"
    assert set(centre_snapshot(centre.factory, station)) == {("deputy", "d1")}, "the refused batch left nothing"
    hello = requests.get(centre.url + "/api/v1/hello", headers=_headers(station, token), timeout=30)
    assert hello.json()["cursor"] == 1


@BOTH_BACKENDS
def test_bad_records_are_rejected_one_by_one_and_never_stored(centre, registered):
    station, token = registered
    ops = [
        _op(1, _deputy("ok-1")),
        _op(2, _deputy("nan", name=None, phone="1")),
        _op(3, _deputy("ctl", name="a\x00b")),
        _op(4, _event("e-nan", data={"x": math.nan}), entity="opinion_event", op="append"),
        _op(5, _deputy("lvl", level="emperor")),
        _op(6, _deputy("big", constituency="长" * 300_000)),
        _op(7, _deputy("ok-2")),
        # looked up before validation: a NUL in the opinion it names once gave a 500 on PostgreSQL
        _op(8, _event("e-nul", opinion_id="o\x00x"), entity="opinion_event", op="append"),
    ]
    text = json.dumps({"after": 0, "epoch": None, "ops": ops}, ensure_ascii=False, allow_nan=True)
    response = requests.post(
        centre.url + "/api/v1/push", data=text.encode(), headers=_headers(station, token), timeout=60
    )
    assert response.status_code == 200, response.text[:300]
    reply = response.json()
    assert reply["statuses"] == "arrrrrar"
    assert all(CHINESE.search(r["message"]) for r in reply["rejections"])
    assert set(centre_snapshot(centre.factory, station)) == {("deputy", "ok-1"), ("deputy", "ok-2")}


def _raw_request(url: str, head: str, body: bytes = b"") -> tuple[int, dict]:
    """Send a request by hand (headers may declare more body than is sent) and read the answer."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=60) as sock:
        sock.sendall(head.encode("latin-1") + b"\r\n" + body)
        data = b""
        while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < _length(data):
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, json.loads(data.split(b"\r\n\r\n", 1)[1] or b"{}")


def _length(data: bytes) -> int:
    found = re.search(rb"(?i)content-length: *(\d+)", data.split(b"\r\n\r\n", 1)[0])
    return int(found.group(1)) if found else 0


@BOTH_BACKENDS
def test_limits_and_the_token_come_before_the_body(centre, registered):
    station, token = registered
    base = f"POST /api/v1/push HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n{wire.HEADER_PROTOCOL}: 1\r\n"
    # 300 MiB declared, not sent: refused from the headers alone, with or without a token.
    for auth in ("", f"Authorization: Bearer {token}\r\n{wire.HEADER_STATION}: {station}\r\n"):
        status, body = _raw_request(centre.url, base + auth + f"Content-Length: {300 * 1024 * 1024}\r\n")
        assert status == 413 and body["code"] == "body_too_large" and CHINESE.search(body["message"])
    # 1 MiB declared, no token: answered 401 without waiting for (or reading) the body.
    status, body = _raw_request(
        centre.url, base + f"{wire.HEADER_STATION}: {station}\r\nContent-Length: {1024 * 1024}\r\n", b"{"
    )
    assert status == 401 and body["code"] == "token_invalid"
    # Chunked bodies cannot be bounded in advance.
    status, body = _raw_request(centre.url, base + "Transfer-Encoding: chunked\r\n", b"1\r\n{\r\n0\r\n\r\n")
    assert status == 411 and CHINESE.search(body["message"])
    _nothing_stored(centre, station)


ADMIN = "hostile-admin-token"


@pytest.fixture
def admin_centre(own_centre):
    from tests.sync.centre_process import CentreProcess

    own_centre.process.stop()
    own_centre.process = CentreProcess(
        own_centre.database_url, port=own_centre.process.port, env={"HESHI_CENTRE_ADMIN_TOKEN": ADMIN}
    ).start()
    return own_centre


@pytest.mark.parametrize("own_centre", ["sqlite", "postgres"], indirect=True)
def test_hostile_admin_events_are_refused(admin_centre, station_code):
    centre = admin_centre
    token = register_at_centre(centre.factory, station_code)
    opinion = {
        "id": "op-1", "reception_id": None, "content": "路灯不亮", "category_id": None, "proposer_name": "",
        "proposer_phone": "", "village": "", "route": "transfer", "confidential": False,
        "registered_on": "2026-01-05", "corrected_at": None, "revision": 0, "deputy_ids": [],
    }  # fmt: skip
    pushed = requests.post(
        centre.url + "/api/v1/push", data=_body([_op(1, opinion, entity="opinion")]),
        headers=_headers(station_code, token), timeout=30,
    )  # fmt: skip
    assert pushed.json()["statuses"] == "a"
    url = centre.url + "/api/v1/admin/opinions/op-1/events"
    good = {"station_code": station_code, "kind": "督办", "note": "请尽快办理"}
    admin_headers = {"Authorization": f"Bearer {ADMIN}", "Content-Type": "application/json"}
    future = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    cases = [
        ({"Authorization": ADMIN}, good, 403),  # no Bearer scheme
        ({"Authorization": f"Basic {ADMIN}"}, good, 403),
        ({}, {**good, "kind": "满意度", "data": {"rating": "满意"}}, 422),
        ({}, {**good, "kind": "延期", "data": {"new_due_date": "2026/03/20"}}, 422),
        ({}, {**good, "occurred_at": "2026/03/20"}, 422),
        ({}, {**good, "occurred_at": future}, 422),
        ({}, {**good, "occurred_at": "2025-01-01T09:00:00+08:00"}, 422),  # before the opinion was registered
        ({}, {**good, "occurred_at": "2026-03-20T09:00:00"}, 422),  # no time zone
        ({}, {**good, "data": {"x": math.inf}}, 422),
        ({}, {**good, "kind": "不存在"}, 400),
    ]
    for extra, body, status in cases:
        text = json.dumps(body, ensure_ascii=False, allow_nan=True).encode()
        response = requests.post(url, data=text, headers={**admin_headers, **extra}, timeout=30)
        _assert_chinese_refusal(response, status)
    for raw in (b'{"station_code":"\\ud800","kind":"note"}', b"{", b"\xff"):
        _assert_chinese_refusal(requests.post(url, data=raw, headers=admin_headers, timeout=30), (400, 422))
    pull = requests.get(centre.url + "/api/v1/pull", headers=_headers(station_code, token), timeout=30).json()
    assert [c for c in pull["changes"] if c["kind"] == "opinion_event"] == [], "no refused event reached the feed"
    ok = requests.post(url, data=json.dumps(good).encode(), headers=admin_headers, timeout=30)
    assert ok.status_code == 200, ok.text


@BOTH_BACKENDS
def test_unknown_routes_methods_and_queries_answer_in_chinese(centre, registered):
    station, token = registered
    _assert_chinese_refusal(requests.get(centre.url + "/api/v1/nope", timeout=30), 404)
    _assert_chinese_refusal(requests.put(centre.url + "/api/v1/push", timeout=30), 405)
    for query in ("since=-1", "limit=0", "since=abc", "limit=99999999999999999999999"):
        response = requests.get(f"{centre.url}/api/v1/pull?{query}", headers=_headers(station, token), timeout=30)
        _assert_chinese_refusal(response, 422)


texts = st.text(st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF), max_size=40)
values = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**80), max_value=2**80), st.floats(), texts,
    st.sampled_from(["2026/03/20", "2026-02-30", "满意", "", "emperor", "\ud800", "9999-01-01"]),
)  # fmt: skip


@BOTH_BACKENDS
def test_hypothesis_drawn_hostile_records_never_get_a_server_error(centre, registered):
    station, token = registered
    url = centre.url + "/api/v1/push"
    sent = {"after": 0}

    @settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(
        field=st.sampled_from(["name", "gender", "level", "phone", "active", "id", "constituency"]),
        value=values,
        event_field=st.sampled_from(["kind", "occurred_at", "data", "note", "opinion_id"]),
        event_value=values,
    )
    def push(field, value, event_field, event_value):  # fmt: skip
        after = sent["after"]
        ops = [
            _op(after + 1, _deputy(f"d-{after}", **{field: value})),
            _op(after + 2, _event(f"e-{after}", **{event_field: event_value}), entity="opinion_event", op="append"),
        ]
        text = json.dumps({"after": after, "epoch": None, "ops": ops}, ensure_ascii=False, allow_nan=True)
        body = text.encode("utf-8", "surrogatepass")
        response = requests.post(url, data=body, headers=_headers(station, token), timeout=60)
        assert response.status_code < 500, response.text[:300]
        if response.status_code == 200:
            reply = response.json()
            sent["after"] = reply["cursor"]
            assert all(CHINESE.search(r["message"]) for r in reply["rejections"])
        else:
            _assert_chinese_refusal(response, (400, 409, 413, 415, 422))

    push()
    stored = centre_snapshot(centre.factory, station)
    from heshi_protocol.schemas import record_problems

    assert all(record_problems(entity, payload) == [] for (entity, _), payload in stored.items())


def test_the_access_log_has_one_line_per_request_and_never_a_token(own_centre, station_code):
    centre = own_centre
    token = register_at_centre(centre.factory, station_code)
    requests.get(centre.url + "/api/v1/hello", headers=_headers(station_code, token), timeout=30)
    requests.post(centre.url + "/api/v1/push", data=b"{", headers=_headers(station_code, token), timeout=30)
    requests.get(centre.url + "/api/v1/hello", headers=_headers(station_code, "wrong-" + token), timeout=30)
    centre.process.stop()
    log = centre.process.log_path.read_text(encoding="utf-8")
    lines = [line for line in log.splitlines() if "/api/v1/" in line and station_code in line]
    assert [line.split()[4] for line in lines[-3:]] == ["/api/v1/hello", "/api/v1/push", "/api/v1/hello"], lines
    assert [line.split()[5] for line in lines[-3:]] == ["200", "400", "401"]
    assert token not in log and "Bearer" not in log


def test_centre_data_stations_could_not_apply_is_refused_before_it_reaches_the_feed(tmp_path):
    from heshi_centre import admin
    from heshi_centre.db import open_database
    from heshi_centre.errors import DataRefused, EventRefused
    from heshi_centre.models import Change

    engine, factory = open_database(f"sqlite+pysqlite:///{tmp_path / 'c.sqlite3'}")
    with factory.begin() as s:
        admin.add_station(s, "H-01", "测试站")
        sid = s.scalar(select(CentreStation.id).where(CentreStation.code == "H-01"))
        from heshi_centre.models import StationRecord

        s.add(StationRecord(station_id=sid, entity="opinion", entity_id="op-1", seq=1,
                            payload={"id": "op-1", "registered_on": "2026-01-05"}))  # fmt: skip
    tables = {
        "empty year": {"2026": {"holidays": [], "workdays": []}},
        "a day twice": {"2026": {"holidays": [["2026-10-08", "国庆"]], "workdays": [["2026-10-08", "调休"]]}},
        "a bad date": {"2026": {"holidays": [["2026/10/08", "国庆"]], "workdays": []}},
    }
    for name, years in tables.items():
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps({"source": "测试", "years": years}, ensure_ascii=False), encoding="utf-8")
        with pytest.raises((DataRefused, admin.AdminError)) as refused, factory.begin() as s:
            admin.load_holidays(s, path)
        assert CHINESE.search(str(refused.value)), name
    for kind, data in (
        ("满意度", {"rating": "满意"}),
        ("延期", {"new_due_date": "2026/03/20"}),
        ("补充说明", {"x": math.nan}),
    ):
        with pytest.raises((EventRefused, admin.AdminError)), factory.begin() as s:
            admin.record_event(s, "H-01", "op-1", kind, data=data)
    with factory() as s:
        assert s.scalars(select(Change)).all() == [], "nothing reached the feed"
    engine.dispose()

"""审批 over real HTTP against a real centre process: a unit's 申请延期 / 申请退回 decided by the city office or
the opinion's district — the deadline moves by the shared workday rules, a return becomes the RETURNED step,
a refusal is recorded, each decision is one centre event in the pull feed, roles are enforced, all audited."""

from __future__ import annotations

from sqlalchemy import select

from heshi_centre.account_models import AuditEntry
from heshi_centre.ledger_models import LedgerOpinion
from heshi_centre.models import Change
from heshi_centre.projection import centre_calendar
from heshi_protocol.workdays import with_provisional
from tests.console.helpers import logged_in, make_user, seed_station, uid
from tests.sync.conftest import BOTH_BACKENDS


def _requested(centre, unit, st, opinion_id: str, action: str, **form) -> str:
    token = unit.csrf("/inbox")
    assert unit.post(f"/opinions/{st.code}/{opinion_id}/sign", {"csrf_token": token}).status_code == 200
    r = unit.post(f"/api/opinions/{st.code}/{opinion_id}/{action}", {"csrf_token": token, **form})
    assert r.status_code == 200, r.text
    history = unit.get(f"/api/opinions/{st.code}/{opinion_id}").json()["history"]
    return history[-1]["id"]


@BOTH_BACKENDS
def test_district_approves_an_extension_and_the_deadline_moves(centre):
    d, other, u = f"丙区{uid()}", f"丁区{uid()}", f"住建局{uid()}"
    st = seed_station(centre.factory, district=d, unit=u, contents=["老旧小区加装电梯", "小区雨水管堵塞"])
    seed_station(centre.factory, district=other, unit=u, contents=["另一县区的意见"])
    ext_id, back_id = st.opinion_ids
    unit = logged_in(centre, make_user(centre.factory, "承办单位", unit=u))
    ext_req = _requested(centre, unit, st, ext_id, "request_extension", reason="需招标采购", days="15")
    back_req = _requested(centre, unit, st, back_id, "request_return", reason="不属本单位职责")
    # One undecided request at a time.
    again = unit.post(
        f"/api/opinions/{st.code}/{ext_id}/request_return", {"csrf_token": unit.csrf("/inbox"), "reason": "x"}
    )
    assert again.status_code == 409 and "等待市或县区审批" in again.json()["message"]

    # A unit cannot reach the approval page nor decide.
    assert unit.get("/requests").status_code == 403 and unit.get("/api/requests").status_code == 403
    token = unit.csrf("/inbox")
    r = unit.post(f"/api/requests/{st.code}/{ext_id}/{ext_req}/approve", {"csrf_token": token})
    assert r.status_code == 403 and "不能审批" in r.json()["message"]

    # Another district does not see the request and cannot decide it.
    stranger = logged_in(centre, make_user(centre.factory, "县区人大", district=other))
    assert all(p["opinion_id"] != ext_id for p in stranger.get("/api/requests").json()["pending"])
    r = stranger.post(f"/api/requests/{st.code}/{ext_id}/{ext_req}/approve", {"csrf_token": stranger.csrf()})
    assert r.status_code == 403

    district = logged_in(centre, make_user(centre.factory, "县区人大", district=d))
    pending = {p["request_id"]: p for p in district.get("/api/requests").json()["pending"]}
    assert pending[ext_req]["days"] == 15 and pending[ext_req]["unit"] == u
    assert pending[back_req]["request"] == "return"
    page = district.get("/requests")
    assert page.status_code == 200 and "老旧小区加装电梯" in page.text and "同意" in page.text
    # The opinion's own page says a request waits, marks it in the history and links a decider to 待审批.
    assert district.get(f"/api/opinions/{st.code}/{ext_id}").json()["pending_requests"] == [ext_req]
    opinion_page = district.get(f"/opinions/{st.code}/{ext_id}").text
    assert "1 项申请待审批" in opinion_page and "（待审批）" in opinion_page and "/requests" in opinion_page
    assert "去审批" not in unit.get(f"/opinions/{st.code}/{ext_id}").text  # a unit sees the note, not the link

    with centre.factory() as s:
        old_due = s.scalar(select(LedgerOpinion.due_date).where(LedgerOpinion.id == ext_id))
        expected, provisional = with_provisional(centre_calendar(s)).deadline(old_due, 15)
    token = district.csrf("/requests")
    ok = district.post(f"/api/requests/{st.code}/{ext_id}/{ext_req}/approve", {"csrf_token": token})
    assert ok.status_code == 200 and expected.isoformat() in ok.json()["message"], ok.text
    again = district.post(f"/api/requests/{st.code}/{ext_id}/{ext_req}/approve", {"csrf_token": token})
    assert again.status_code == 409 and "已经审批过" in again.json()["message"]
    detail = district.get(f"/api/opinions/{st.code}/{ext_id}").json()
    assert detail["due_date"] == expected.isoformat() and detail["due_date"] > old_due.isoformat()
    assert detail["pending_requests"] == [] and "项申请待审批" not in district.get(f"/opinions/{st.code}/{ext_id}").text
    assert detail["history"][-1]["kind"] == "extended" and "同意申请延期" in detail["history"][-1]["text"]

    # A refusal needs its reason; with one it is recorded and the opinion stays with the unit.
    no_reason = district.post(f"/api/requests/{st.code}/{back_id}/{back_req}/refuse", {"csrf_token": token})
    assert no_reason.status_code == 409 and "请填写不同意的理由" in no_reason.json()["message"]
    refused = district.post(f"/api/requests/{st.code}/{back_id}/{back_req}/refuse",
                            {"csrf_token": token, "reason": "属本单位职责范围，请继续办理"})  # fmt: skip
    assert refused.status_code == 200
    assert district.get(f"/api/opinions/{st.code}/{back_id}").json()["state"] == "handling"
    assert all(p["opinion_id"] not in st.opinion_ids for p in district.get("/api/requests").json()["pending"])

    # Each decision is one centre event in the pull feed.
    with centre.factory() as s:
        feed = [c.payload for c in s.scalars(select(Change).where(Change.kind == "opinion_event"))]
        mine = [p for p in feed if p["opinion_id"] in st.opinion_ids and p["data"].get("request_id")]
        by_kind = {p["kind"]: p for p in mine}
        assert sorted(by_kind) == ["extended", "note"] and len(mine) == 2
        assert by_kind["extended"]["data"]["new_due_date"] == expected.isoformat()
        assert by_kind["extended"]["data"]["due_provisional"] is provisional
        assert by_kind["extended"]["data"]["extra_days"] == 15
        assert by_kind["note"]["data"]["decision"] == "refused"
        audit = {
            (a.action, a.outcome) for a in s.scalars(select(AuditEntry).where(AuditEntry.target.like(f"{st.code}/%")))
        }
        assert {("decide_approve", "ok"), ("decide_approve", "refused"), ("decide_refuse", "refused"),
                ("decide_refuse", "ok")} <= audit  # fmt: skip

    # The unit sees both outcomes in its inbox.
    outcomes = {r["request_id"]: r for r in unit.get("/api/inbox").json()["requests"]}
    assert outcomes[ext_req]["decision_label"] == "同意" and outcomes[ext_req]["new_due_date"] == expected.isoformat()
    assert outcomes[back_req]["decision_label"] == "不同意"
    assert "属本单位职责范围" in unit.get("/inbox").text


def test_city_office_approves_a_return_and_it_becomes_the_returned_step(centre):
    d, u = f"戊区{uid()}", f"城管局{uid()}"
    st = seed_station(centre.factory, district=d, unit=u, contents=["菜市场占道经营"])
    (oid,) = st.opinion_ids
    unit = logged_in(centre, make_user(centre.factory, "承办单位", unit=u))
    req = _requested(centre, unit, st, oid, "request_return", reason="应由街道办理")
    city = logged_in(centre, make_user(centre.factory, "市中心管理员"))
    readonly = logged_in(centre, make_user(centre.factory, "只读"))
    assert any(p["request_id"] == req for p in readonly.get("/api/requests").json()["pending"])
    r = readonly.post(f"/api/requests/{st.code}/{oid}/{req}/approve", {"csrf_token": readonly.csrf()})
    assert r.status_code == 403
    ok = city.post(f"/requests/{st.code}/{oid}/{req}/approve", {"csrf_token": city.csrf(), "reason": "同意退回"})
    assert ok.status_code == 200 and "退回联络站" in ok.text
    detail = city.get(f"/api/opinions/{st.code}/{oid}").json()
    assert detail["state"] == "returned" and detail["lead_unit"] == ""
    # Returned, the opinion has left the unit's inbox, but the unit still sees the outcome of its request.
    inbox = unit.get("/api/inbox").json()
    assert all(o["id"] != oid for o in inbox["opinions"])
    assert [r["decision_label"] for r in inbox["requests"] if r["request_id"] == req] == ["同意"]
    assert detail["history"][-1]["kind"] == "returned" and "同意申请退回" in detail["history"][-1]["text"]

"""The duty ledgers of issue 14: 履职活动, 述职测评, 民生实事票决, 培训台账 — saving, tally checks, 更正, 作废,
audit and outbox, all on a real SQLite ledger."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from heshi_protocol.duty_rules import adopted, duty_figures, evaluate
from heshi_station.db.models import AuditEntry, DutyActivity, OutboxEntry, ProjectVote, ReportBack, Training
from heshi_station.ledger.correction_base import AlreadyVoided, NothingToCorrect
from heshi_station.ledger.duty_activities import correct_activity, list_activities, record_activity, void_activity
from heshi_station.ledger.duty_dto import (
    ActivityInput,
    AttendeeInput,
    ProjectInput,
    ProjectVoteInput,
    ReportBackInput,
    TrainingInput,
)
from heshi_station.ledger.errors import ValidationFailed
from heshi_station.ledger.project_votes import correct_project_vote, record_project_vote
from heshi_station.ledger.report_backs import correct_report_back, record_report_back, void_report_back
from heshi_station.ledger.trainings import correct_training, list_trainings, record_training
from tests.factories import set_up_basics

DAY = date(2026, 11, 10)


@pytest.fixture
def basics(ledger):
    return set_up_basics(ledger)


def _count(ledger, model) -> int:
    with ledger.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def _outbox(ledger, entity: str) -> list[OutboxEntry]:
    with ledger.read() as s:
        rows = list(s.scalars(select(OutboxEntry).where(OutboxEntry.entity == entity).order_by(OutboxEntry.seq)))
        s.expunge_all()
        return rows


def _audit(ledger, entity_id: str) -> list[AuditEntry]:
    with ledger.read() as s:
        rows = list(s.scalars(select(AuditEntry).where(AuditEntry.entity_id == entity_id).order_by(AuditEntry.id)))
        s.expunge_all()
        return rows


# ------------------------------------------------------------------------------------------- activities
def test_contact_activity_is_saved_audited_and_queued(ledger, basics):
    rec = record_activity(
        ledger,
        ActivityInput(
            kind="联系选民",
            day=DAY,
            deputy_ids=basics.deputies[:2],
            place="东风村",
            contact_with="东风村村民",
            contact_way="走访",
            raised="  村道路灯不亮 ",
        ),
    )
    assert rec.kind == "contact" and rec.kind_label == "联系选民" and rec.contact_way_label == "走访"
    assert rec.raised == "村道路灯不亮" and set(rec.deputy_ids) == set(basics.deputies[:2])
    [op] = _outbox(ledger, "duty_activity")
    assert op.op == "upsert" and op.payload["id"] == rec.id and op.payload["kind"] == "contact"
    assert sorted(op.payload["deputy_ids"]) == sorted(basics.deputies[:2]) and op.payload["day"] == "2026-11-10"
    assert [a.action for a in _audit(ledger, rec.id)] == ["duty_activity.record"]


def test_activity_errors_are_all_reported_in_chinese_and_nothing_is_written(ledger, basics):
    with pytest.raises(ValidationFailed) as exc:
        record_activity(ledger, ActivityInput(kind="视察", day=date(2027, 1, 1), deputy_ids=[], contact_with="某人"))
    fields = {e.field for e in exc.value.errors}
    assert {"day", "deputy_ids", "subject", "contact_with"} <= fields
    assert "晚于今天" in str(exc.value) and "至少选择一位代表" in str(exc.value) and "只有“联系选民”" in str(exc.value)
    with pytest.raises(ValidationFailed, match="可选：视察"):
        record_activity(ledger, ActivityInput(kind="开会", day=DAY, deputy_ids=basics.deputies[:1], subject="x"))
    with pytest.raises(ValidationFailed, match="联系对象：必须填写"):
        record_activity(
            ledger, ActivityInput(kind="contact", day=DAY, deputy_ids=basics.deputies[:1], contact_way="电话")
        )
    with pytest.raises(ValidationFailed, match="代表名册中没有"):
        record_activity(ledger, ActivityInput(kind="meeting", day=DAY, deputy_ids=["nobody"], subject="季度例会"))
    assert _count(ledger, DutyActivity) == 0 and not _outbox(ledger, "duty_activity")


def test_activity_correction_keeps_old_and_new_and_voiding_is_final(ledger, basics):
    data = ActivityInput(kind="research", day=DAY, deputy_ids=basics.deputies[:1], subject="农田水利调研")
    rec = record_activity(ledger, data)
    with pytest.raises(NothingToCorrect):
        correct_activity(ledger, rec.id, data, "无变化")
    with pytest.raises(ValidationFailed, match="更正理由"):
        correct_activity(ledger, rec.id, ActivityInput(**{**data.__dict__, "subject": "y"}), " ")
    fixed = correct_activity(
        ledger, rec.id, ActivityInput(**{**data.__dict__, "deputy_ids": basics.deputies[:2]}), "漏记一位代表"
    )
    assert fixed.book.revision == 1 and fixed.book.corrected_at is not None and len(fixed.deputy_ids) == 2
    correction = _audit(ledger, rec.id)[-1]
    assert correction.action == "duty_activity.correct" and correction.detail["reason"] == "漏记一位代表"
    assert correction.detail["changes"]["deputy_ids"]["from"] == [basics.deputies[0]]
    assert _outbox(ledger, "duty_activity")[-1].payload["revision"] == 1
    void_activity(ledger, rec.id, "误登记")
    assert list_activities(ledger, date(2026, 1, 1), date(2027, 1, 1)) == []
    assert (
        list_activities(ledger, date(2026, 1, 1), date(2027, 1, 1), include_voided=True)[0].book.void_reason == "误登记"
    )
    assert _outbox(ledger, "duty_activity")[-1].payload["void_reason"] == "误登记"
    with pytest.raises(AlreadyVoided, match="已于"):
        void_activity(ledger, rec.id, "再次")
    with pytest.raises(AlreadyVoided):
        correct_activity(ledger, rec.id, data, "改")


# ----------------------------------------------------------------------------------------- report-backs
def _rb(basics, **kw) -> ReportBackInput:
    base = dict(
        deputy_id=basics.deputies[0],
        day=DAY,
        place="东风村村委会",
        voters_present=40,
        summary="一年来履职情况",
        satisfied=30,
        basically=6,
        dissatisfied=2,
        invalid=1,
    )
    return ReportBackInput(**{**base, **kw})


def test_report_back_tally_and_result(ledger, basics):
    rec = record_report_back(ledger, _rb(basics))
    assert rec.result_label == "满意" and rec.ballots_counted == 39 and rec.satisfaction_rate == pytest.approx(36 / 38)
    assert _outbox(ledger, "report_back")[0].payload["satisfied"] == 30
    with pytest.raises(ValidationFailed, match=r"收回选票41张.*多于到会选民40人"):
        record_report_back(ledger, _rb(basics, invalid=3))
    with pytest.raises(ValidationFailed, match="不能小于0"):
        record_report_back(ledger, _rb(basics, dissatisfied=-1))
    with pytest.raises(ValidationFailed, match="应为整数"):
        record_report_back(ledger, _rb(basics, satisfied="三十"))
    assert _count(ledger, ReportBack) == 1
    fixed = correct_report_back(ledger, rec.id, _rb(basics, satisfied=10, basically=10, dissatisfied=18), "计票录错")
    assert fixed.result_label == "基本满意" and fixed.book.revision == 1
    void_report_back(ledger, rec.id, "重复登记")
    assert _outbox(ledger, "report_back")[-1].payload["voided_at"]


def test_evaluation_rule():
    assert evaluate(0, 0, 0)[0].label == "未测评"
    assert evaluate(6, 0, 5)[0].label == "满意"
    assert evaluate(5, 0, 5)[0].label == "不满意"
    assert evaluate(5, 1, 5)[0].label == "基本满意"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    present=st.integers(-3, 60),
    tally=st.tuples(*[st.integers(-2, 40)] * 4),
    text=st.text(min_size=0, max_size=30),
)
def test_report_back_property_never_half_written(ledger, basics, present, tally, text):
    """Hostile counts and text: either stored exactly (counted ≤ present, no bad characters) or refused whole."""
    before = (_count(ledger, ReportBack), len(_outbox(ledger, "report_back")))
    s, b, d, i = tally
    try:
        rec = record_report_back(
            ledger,
            _rb(
                basics,
                voters_present=present,
                satisfied=s,
                basically=b,
                dissatisfied=d,
                invalid=i,
                summary=text or "摘要",
                place=text or "村委会",
            ),
        )
    except ValidationFailed as exc:
        assert all(e.message for e in exc.errors)
        assert (_count(ledger, ReportBack), len(_outbox(ledger, "report_back"))) == before
        return
    assert min(tally) >= 0 and sum(tally) <= present and present >= 1
    assert rec.ballots_counted == sum(tally)
    assert (_count(ledger, ReportBack), len(_outbox(ledger, "report_back"))) == (before[0] + 1, before[1] + 1)


# --------------------------------------------------------------------------------------------- votes
def _vote(basics, **kw) -> ProjectVoteInput:
    base = dict(
        year=2026,
        day=date(2026, 2, 20),
        rule="全体代表过半数",
        deputies_total=5,
        deputy_ids=basics.deputies,
        projects=[
            ProjectInput("村道硬化", "测试街道办事处", 1_200_000, 3, 0, 0),
            ProjectInput("养老驿站", "区民政局", 500_000, 2, 1, 0),
        ],
    )
    return ProjectVoteInput(**{**base, **kw})


def test_project_vote_adopts_by_the_town_rule(ledger, basics):
    rec = record_project_vote(ledger, _vote(basics))
    assert [p.adopted for p in rec.projects] == [True, False]  # 3*2 > 5; 2*2 = 4 not > 5
    assert rec.rule_label == "全体代表过半数" and len(rec.deputy_names) == 3
    payload = _outbox(ledger, "project_vote")[0].payload
    assert [p["name"] for p in payload["projects"]] == ["村道硬化", "养老驿站"] and len(payload["deputy_ids"]) == 3
    fixed = correct_project_vote(ledger, rec.id, _vote(basics, rule="majority_of_voters"), "规则录错")
    assert [p.adopted for p in fixed.projects] == [True, True]
    assert [p.id for p in fixed.projects] == [p.id for p in rec.projects]  # same projects keep their ids


def test_project_vote_tally_checks(ledger, basics):
    bad = _vote(basics, projects=[ProjectInput("村道硬化", votes_for=3, votes_against=1), ProjectInput("村道硬化")])
    with pytest.raises(ValidationFailed) as exc:
        record_project_vote(ledger, bad)
    text = str(exc.value)
    assert "共4票，多于参加票决的代表3人" in text and "“村道硬化”重复" in text
    with pytest.raises(ValidationFailed, match="多于全体代表人数2"):
        record_project_vote(ledger, _vote(basics, deputies_total=2))
    with pytest.raises(ValidationFailed, match="至少填写一个候选项目"):
        record_project_vote(ledger, _vote(basics, projects=[]))
    with pytest.raises(ValidationFailed, match="不在2026年度或其前一年"):
        record_project_vote(ledger, _vote(basics, day=date(2024, 12, 1)))
    assert _count(ledger, ProjectVote) == 0


def test_adoption_rules():
    assert adopted("majority_of_all", 3, 3, 5) and not adopted("majority_of_all", 2, 3, 5)
    assert adopted("majority_of_voters", 2, 3, 5)
    assert adopted("two_thirds_of_all", 4, 6, 6) and not adopted("two_thirds_of_all", 3, 6, 6)


# ------------------------------------------------------------------------------------------- training
def test_training_ledger_with_leave_and_absence(ledger, basics):
    a, b, c = basics.deputies
    data = TrainingInput(
        topic="代表履职能力培训",
        day=DAY,
        hours="2.5",
        organiser="区人大常委会",
        attendees=[AttendeeInput(a), AttendeeInput(b, "请假", "外出"), AttendeeInput(c, "缺席")],
    )
    rec = record_training(ledger, data)
    assert rec.hours == 2.5 and {x.status_label for x in rec.attendees} == {"出席", "请假", "缺席"}
    payload = _outbox(ledger, "training")[0].payload
    assert payload["hours"] == 2.5 and len(payload["attendees"]) == 3
    with pytest.raises(ValidationFailed) as exc:
        record_training(
            ledger, TrainingInput(topic="", day=DAY, hours=0, attendees=[AttendeeInput(a, "leave"), AttendeeInput(a)])
        )
    text = str(exc.value)
    assert "培训主题：必须填写" in text and "学时" in text and "同一位代表只能登记一次" in text and "请假事由" in text
    with pytest.raises(ValidationFailed, match="应为数字"):
        record_training(ledger, TrainingInput(topic="t", day=DAY, hours="两小时", attendees=[AttendeeInput(a)]))
    fixed = correct_training(
        ledger,
        rec.id,
        TrainingInput(**{**data.__dict__, "attendees": [AttendeeInput(a), AttendeeInput(c)]}),
        "乙未报名",
    )
    assert len(fixed.attendees) == 2 and fixed.book.revision == 1
    assert _count(ledger, Training) == 1 and len(list_trainings(ledger, date(2026, 1, 1), date(2027, 1, 1))) == 1


def test_what_a_contact_raised_becomes_opinions_like_any_other(ledger, basics):
    from heshi_station.ledger import opinions
    from heshi_station.ledger.dto import OpinionInput
    from heshi_station.ledger.duty_activities import AlreadyRegistered, get_activity, register_raised_opinions

    act = record_activity(
        ledger,
        ActivityInput(
            kind="contact",
            day=DAY,
            deputy_ids=basics.deputies[:2],
            place="东风村",
            contact_with="村民",
            contact_way="座谈",
            raised="村口路灯不亮；灌溉渠淤塞",
        ),
    )
    meeting = record_activity(
        ledger, ActivityInput(kind="meeting", day=DAY, deputy_ids=basics.deputies[:1], subject="会")
    )
    with pytest.raises(ValidationFailed, match="只有“联系选民”"):
        register_raised_opinions(ledger, meeting.id, [OpinionInput("x", "station")])
    with pytest.raises(ValidationFailed):  # a bad opinion: nothing written, the activity stays unlinked
        register_raised_opinions(ledger, act.id, [OpinionInput("", "station")])
    assert get_activity(ledger, act.id).reception_id is None
    reception = register_raised_opinions(
        ledger, act.id, [OpinionInput("修复村口路灯", "station"), OpinionInput("清理灌溉渠", "station")]
    )
    assert reception.way == "home_visit" and reception.anonymous and len(reception.opinion_ids) == 2
    op = opinions.get_opinion(ledger, reception.opinion_ids[0])
    assert op.content == "修复村口路灯" and set(op.deputy_names) == {"张三", "李四"}
    assert get_activity(ledger, act.id).reception_id == reception.id
    assert _outbox(ledger, "duty_activity")[-1].payload["reception_id"] == reception.id
    with pytest.raises(AlreadyRegistered):
        register_raised_opinions(ledger, act.id, [OpinionInput("再来", "station")])


def test_figures_from_the_snapshots_the_centre_receives(ledger, basics):
    """The shared rules give the same figures from the outbox snapshots as the station's own records."""
    rb1 = record_report_back(ledger, _rb(basics))  # 30 + 6 of 38 valid
    record_report_back(ledger, _rb(basics, satisfied=1, basically=1, dissatisfied=8, invalid=0))
    rb3 = record_report_back(ledger, _rb(basics, satisfied=0, basically=0, dissatisfied=0, invalid=0))
    void_report_back(ledger, rb1.id, "误登记")
    vote = record_project_vote(ledger, _vote(basics))
    latest = {}
    for op in _outbox(ledger, "report_back") + _outbox(ledger, "project_vote"):
        latest[(op.entity, op.entity_id)] = op.payload
    figures = duty_figures(
        [p for (e, _), p in latest.items() if e == "report_back"],
        [p for (e, _), p in latest.items() if e == "project_vote"],
    )
    assert (figures.report_backs, figures.report_backs_evaluated) == (2, 1) and rb3.result == "not_counted"
    assert figures.satisfaction_rate == pytest.approx(2 / 10)
    assert (figures.votes, figures.projects, figures.projects_adopted) == (1, 2, len(vote.adopted))

"""民生实事项目票决: the town's deputies vote on the year's candidate livelihood projects.

Tally check: per project, 赞成 + 反对 + 弃权 can never exceed the deputies voting (one ballot each; a blank is
not counted). The deputies voting can never exceed all deputies of the town's congress (``deputies_total``).
A project is adopted by the rule the town sets (``VoteRule``), decided by ``heshi_protocol.duty_rules.adopted``
(shared with the centre): 全体代表过半数, 参加表决代表过半数 or 全体代表三分之二以上.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from heshi_protocol.duty_rules import adopted
from heshi_protocol.payloads import project_vote_payload
from heshi_protocol.vocab import VoteRule, label_of
from heshi_station.db.models import Deputy, ProjectVote, VoteProject
from heshi_station.db.types import new_id
from heshi_station.ledger import duty_base
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.duty_base import Checker, DutySpec
from heshi_station.ledger.duty_dto import ProjectInput, ProjectRecord, ProjectVoteInput, ProjectVoteRecord
from heshi_station.ledger.voiding import Voided

MAX_BUDGET_YUAN = 10**12
MAX_PROJECTS = 100


def _check(ledger: Ledger, s: Session, data: ProjectVoteInput):
    c = Checker(ledger.today())
    year = c.count("year", "票决年度", data.year, minimum=2000, limit=2100)
    day = c.day("day", "票决日期", data.day)
    if day is not None and not c.errors and day.year not in (year - 1, year):
        c.add("day", "票决日期", f"{day.isoformat()} 不在{year}年度或其前一年，请核对年度")
    clean = ProjectVoteInput(
        year=year,
        day=day,
        rule=c.choice("rule", "通过规则", VoteRule, data.rule),
        deputies_total=c.count("deputies_total", "全体代表人数", data.deputies_total, minimum=1),
        deputy_ids=c.deputies(s, "deputy_ids", "参加票决代表", data.deputy_ids),
        place=c.line("place", "票决地点", data.place),
        notes=c.prose("notes", "备注", data.notes),
    )
    voters = len(clean.deputy_ids)
    if voters > clean.deputies_total:
        c.add("deputies_total", "全体代表人数", f"参加票决的代表有{voters}人，多于全体代表人数{clean.deputies_total}")
    if not data.projects:
        c.add("projects", "候选项目", "至少填写一个候选项目")
    if len(data.projects) > MAX_PROJECTS:
        c.add("projects", "候选项目", f"不能超过{MAX_PROJECTS}个")
    seen: set[str] = set()
    for i, p in enumerate(data.projects):
        f, n = f"projects[{i}].", f"项目{i + 1} "
        q = ProjectInput(
            name=c.line(f + "name", n + "项目名称", p.name, required=True),
            sponsor=c.line(f + "sponsor", n + "实施单位", p.sponsor),
            budget_yuan=c.count(f + "budget_yuan", n + "预算（元）", p.budget_yuan, limit=MAX_BUDGET_YUAN),
            votes_for=c.count(f + "votes_for", n + "赞成票", p.votes_for),
            votes_against=c.count(f + "votes_against", n + "反对票", p.votes_against),
            abstain=c.count(f + "abstain", n + "弃权票", p.abstain),
        )
        if q.name and q.name in seen:
            c.add(f + "name", n + "项目名称", f"“{q.name}”重复")
        seen.add(q.name)
        cast = q.votes_for + q.votes_against + q.abstain
        if voters and cast > voters:
            c.add(
                f + "votes_for",
                n + "计票",
                f"“{q.name}”赞成{q.votes_for}、反对{q.votes_against}、弃权{q.abstain}，共{cast}票，"
                f"多于参加票决的代表{voters}人，请核对",
            )
        clean.projects.append(q)
    return clean, c.errors


def _apply(s: Session, row: ProjectVote, data: ProjectVoteInput) -> None:
    for field in ("year", "day", "place", "rule", "deputies_total", "notes"):
        setattr(row, field, getattr(data, field))
    row.deputies = [s.get(Deputy, d) for d in data.deputy_ids]
    # Projects keep their ids across a correction when the name is unchanged, so the centre's rows stay put.
    old = {p.name: p for p in row.projects}
    row.projects = [_project_row(old.get(p.name), i, p) for i, p in enumerate(data.projects)]


def _project_row(existing: VoteProject | None, position: int, p: ProjectInput) -> VoteProject:
    row = existing or VoteProject(id=new_id())
    row.position, row.name, row.sponsor, row.budget_yuan = position, p.name, p.sponsor, p.budget_yuan
    row.votes_for, row.votes_against, row.abstain = p.votes_for, p.votes_against, p.abstain
    return row


def _payload(row: ProjectVote) -> dict:
    return project_vote_payload(row, sorted(d.id for d in row.deputies), row.projects)


SPEC = DutySpec(ProjectVote, "project_vote", "民生实事票决", _check, _apply, _payload)


def _record(s: Session, row: ProjectVote) -> ProjectVoteRecord:
    voters = len(row.deputies)
    projects = tuple(
        ProjectRecord(
            id=p.id, position=p.position, name=p.name, sponsor=p.sponsor, budget_yuan=p.budget_yuan,
            votes_for=p.votes_for, votes_against=p.votes_against, abstain=p.abstain,
            adopted=adopted(row.rule, p.votes_for, voters, row.deputies_total),
        )
        for p in row.projects
    )  # fmt: skip
    return ProjectVoteRecord(
        id=row.id, year=row.year, day=row.day, place=row.place, rule=row.rule, rule_label=label_of(VoteRule, row.rule),
        deputies_total=row.deputies_total, deputy_ids=tuple(d.id for d in row.deputies),
        deputy_names=tuple(d.name for d in row.deputies), projects=projects, notes=row.notes,
        book=duty_base.book(row),
    )  # fmt: skip


def record_project_vote(ledger: Ledger, data: ProjectVoteInput) -> ProjectVoteRecord:
    return duty_base.save_duty(ledger, SPEC, replace(data), None, None, _record)


def correct_project_vote(ledger: Ledger, vote_id: str, data: ProjectVoteInput, reason: str) -> ProjectVoteRecord:
    return duty_base.save_duty(ledger, SPEC, replace(data), vote_id, reason, _record)


def void_project_vote(ledger: Ledger, vote_id: str, reason: str) -> Voided:
    return duty_base.void_duty(ledger, SPEC, vote_id, reason)


def get_project_vote(ledger: Ledger, vote_id: str) -> ProjectVoteRecord:
    return duty_base.get_row(ledger, SPEC, vote_id, _record)


def list_project_votes(
    ledger: Ledger, start: date, end: date, *, include_voided: bool = False
) -> list[ProjectVoteRecord]:
    return duty_base.list_rows(ledger, SPEC, start, end, _record, include_voided=include_voided)

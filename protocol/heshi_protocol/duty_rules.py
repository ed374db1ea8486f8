"""The rules of the deputies' duties (issue 14) that the station and the centre must apply alike: the result
of a report-back evaluation (述职测评), whether a livelihood project is adopted (民生实事票决), and the figures
a set of duty snapshots gives (report-backs held, their satisfaction, projects adopted).

Pure functions over plain values and the outbox payloads of ``payloads`` (``report_back_payload``,
``project_vote_payload``); no other part of the project is imported.

述职测评, decided on the valid ballots (满意 + 基本满意 + 不满意): 满意 when 满意 is more than half of them; 基本满意
when 满意 + 基本满意 is; otherwise 不满意; 未测评 when no valid ballot was counted. Satisfaction rate =
(满意 + 基本满意) / valid ballots.

票决 (``VoteRule``): 全体代表过半数 — 赞成 × 2 > all deputies; 参加表决代表过半数 — 赞成 × 2 > deputies voting;
全体代表三分之二以上 — 赞成 × 3 ≥ all deputies × 2 (“以上” includes the number itself).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from heshi_protocol.vocab import ReportBackResult, VoteRule


def evaluate(satisfied: int, basically: int, dissatisfied: int) -> tuple[ReportBackResult, float | None]:
    """The result and satisfaction rate of a report-back's tally."""
    valid = satisfied + basically + dissatisfied
    if valid == 0:
        return ReportBackResult.NOT_COUNTED, None
    rate = (satisfied + basically) / valid
    if satisfied * 2 > valid:
        return ReportBackResult.SATISFIED, rate
    if (satisfied + basically) * 2 > valid:
        return ReportBackResult.BASICALLY, rate
    return ReportBackResult.DISSATISFIED, rate


def adopted(rule: str, votes_for: int, voters: int, deputies_total: int) -> bool:
    """Whether a project with ``votes_for`` is adopted under ``rule``; ValueError for an unknown rule."""
    if rule == VoteRule.MAJORITY_OF_ALL:
        return votes_for * 2 > deputies_total
    if rule == VoteRule.MAJORITY_OF_VOTERS:
        return votes_for * 2 > voters
    if rule == VoteRule.TWO_THIRDS_OF_ALL:
        return votes_for * 3 >= deputies_total * 2
    raise ValueError(f"unknown vote rule {rule!r}")


@dataclass(frozen=True)
class DutyFigures:
    report_backs: int  # held (not voided)
    report_backs_evaluated: int  # with at least one valid ballot
    satisfaction_rate: float | None  # (满意 + 基本满意) / valid ballots over every evaluated report-back
    votes: int  # project votes held (not voided)
    projects: int  # candidate projects voted on
    projects_adopted: int


def duty_figures(report_backs: Iterable[Mapping], project_votes: Iterable[Mapping]) -> DutyFigures:
    """The figures of a set of report-back and project-vote snapshots (voided ones are left out)."""
    rbs = [r for r in report_backs if not r.get("voided_at")]
    valid = sum(r["satisfied"] + r["basically"] + r["dissatisfied"] for r in rbs)
    content = sum(r["satisfied"] + r["basically"] for r in rbs)
    votes = [v for v in project_votes if not v.get("voided_at")]
    projects = [(v, p) for v in votes for p in v["projects"]]
    return DutyFigures(
        report_backs=len(rbs),
        report_backs_evaluated=sum(1 for r in rbs if r["satisfied"] + r["basically"] + r["dissatisfied"] > 0),
        satisfaction_rate=content / valid if valid else None,
        votes=len(votes),
        projects=len(projects),
        projects_adopted=sum(
            1 for v, p in projects if adopted(v["rule"], p["votes_for"], len(v["deputy_ids"]), v["deputies_total"])
        ),
    )

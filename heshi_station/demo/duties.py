"""Synthetic deputies' duties for the demo ledger and the benchmarks (issue 14): a year of activities,
contacts with constituents, report-backs with their tallies, a project vote and trainings for the deputies
already on the register. Everything is made up and entered through the ledger's operations.

Deterministic for a given seed and register; uses its own random stream, so the receptions of the demo
are the same with or without it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from heshi_protocol.vocab import ContactWay, DutyKind
from heshi_station.demo import names
from heshi_station.ledger import duty_activities, project_votes, reference_data, report_backs, trainings
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.duty_dto import (
    ActivityInput,
    AttendeeInput,
    ProjectInput,
    ProjectVoteInput,
    ReportBackInput,
    TrainingInput,
)

SUBJECTS = {
    DutyKind.INSPECTION: ["视察农村人居环境整治", "视察学校周边交通安全", "视察养老服务中心建设"],
    DutyKind.RESEARCH: ["调研高标准农田建设", "调研社区居家养老服务", "调研农村饮水安全"],
    DutyKind.MEETING: ["列席街道党工委会议", "参加人大代表小组活动", "参加季度代表座谈会"],
    DutyKind.REPORT_BACK: ["向选区选民述职"],
    DutyKind.TRAINING: ["参加区人大代表履职培训"],
}
RAISED = ["村口路灯不亮", "农田灌溉渠淤塞", "希望增加公交班次", "老旧小区加装电梯", "垃圾清运不及时"]
PROJECTS = [
    ("农村道路提质改造", "街道办事处", 3_200_000),
    ("社区养老服务站建设", "区民政局", 1_500_000),
    ("农村饮水安全提升", "区水利局", 2_100_000),
    ("老旧小区改造", "区住房和城乡建设局", 4_800_000),
    ("中小学校园安全设施", "区教育局", 900_000),
    ("便民停车场建设", "街道办事处", 1_200_000),
]


SUMMARY = "汇报一年来参加接待、走访选民和提出建议的情况"


@dataclass
class DutySummary:
    activities: int = 0
    report_backs: int = 0
    votes: int = 0
    trainings: int = 0


def generate_duties(ledger: Ledger, *, seed: int = 14, contacts_per_deputy: int = 8) -> DutySummary:
    """A year (the 365 days up to today) of duties for every active deputy on the register."""
    rng = random.Random(seed)
    today = ledger.today()
    start = today - timedelta(days=364)
    deputies = [d.id for d in reference_data.list_deputies(ledger, active_only=True)]
    out = DutySummary()
    if not deputies:
        return out

    def day() -> date:
        return start + timedelta(days=rng.randrange(365))

    with ledger.batch():
        for d in deputies:
            for _ in range(rng.randint(max(0, contacts_per_deputy - 4), contacts_per_deputy + 4)):
                duty_activities.record_activity(
                    ledger,
                    ActivityInput(
                        DutyKind.CONTACT.value,
                        day(),
                        [d],
                        place=rng.choice(names.VILLAGES),
                        contact_with=f"{rng.choice(names.VILLAGES)}村民",
                        contact_way=rng.choice(list(ContactWay)).value,
                        raised=rng.choice(RAISED),
                    ),
                )
                out.activities += 1
        for _ in range(len(deputies) * 2):
            kind = rng.choice(list(SUBJECTS))
            duty_activities.record_activity(
                ledger,
                ActivityInput(
                    kind.value,
                    day(),
                    rng.sample(deputies, min(len(deputies), rng.randint(1, 5))),
                    place=names.ADDRESS,
                    subject=rng.choice(SUBJECTS[kind]),
                ),
            )
            out.activities += 1
        for d in rng.sample(deputies, max(1, len(deputies) // 3)):
            present = rng.randint(25, 80)
            s = rng.randint(present // 2, present - 2)
            b = rng.randint(0, present - s - 1)
            x = rng.randint(0, present - s - b)
            report_backs.record_report_back(
                ledger,
                ReportBackInput(
                    d,
                    day(),
                    f"{rng.choice(names.VILLAGES)}村委会",
                    present,
                    SUMMARY,
                    s,
                    b,
                    x,
                    rng.randint(0, 1) if s + b + x < present else 0,
                ),
            )
            out.report_backs += 1
        voters = rng.sample(deputies, max(1, len(deputies) * 4 // 5))
        projects = []
        for n, sponsor, budget in PROJECTS:
            votes_for = rng.randint(len(voters) // 3, len(voters))
            against = rng.randint(0, len(voters) - votes_for)
            abstain = rng.randint(0, len(voters) - votes_for - against)
            projects.append(ProjectInput(n, sponsor, budget, votes_for, against, abstain))
        vote_day = date(today.year, 1, 1) + timedelta(days=min(45, (today - date(today.year, 1, 1)).days))
        project_votes.record_project_vote(
            ledger,
            ProjectVoteInput(
                today.year, vote_day, "majority_of_voters", len(deputies), voters, projects, place=names.ADDRESS
            ),
        )
        out.votes += 1
        for topic in ("代表履职能力提升培训", "民法典专题学习", "预算审查监督培训"):
            attendees = []
            for d in deputies:
                status = rng.choices(["present", "leave", "absent"], weights=[8, 2, 1])[0]
                attendees.append(AttendeeInput(d, status, "外出" if status == "leave" else ""))
            trainings.record_training(
                ledger, TrainingInput(topic, day(), rng.choice([2, 3, 4, 6]), attendees, organiser="区人大常委会")
            )
            out.trainings += 1
    return out

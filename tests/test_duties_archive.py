"""代表履职档案 (issue 14): the archive counts recomputed independently from what was recorded, the PDFs
read back, and the duty commands of the command line run in-process on a real ledger file."""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from datetime import date, datetime, time
from io import BytesIO

import pytest
from pypdf import PdfReader

from heshi_protocol.vocab import DutyKind
from heshi_station.cli import main
from heshi_station.ledger import attendance, voiding
from heshi_station.ledger.archive import deputy_archives, set_contact_target
from heshi_station.ledger.duty_activities import record_activity, void_activity
from heshi_station.ledger.duty_dto import (
    ActivityInput,
    AttendeeInput,
    ProjectInput,
    ProjectVoteInput,
    ReportBackInput,
    TrainingInput,
)
from heshi_station.ledger.errors import ValidationFailed
from heshi_station.ledger.project_votes import record_project_vote, void_project_vote
from heshi_station.ledger.report_backs import record_report_back
from heshi_station.ledger.trainings import record_training, void_training
from heshi_station.reports.pdf_duties import archive_pdf, report_back_pdf, vote_result_pdf
from tests.factories import register, set_up_basics

YEAR = 2026


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages))


def _random_day(rng: random.Random, year: int = YEAR) -> date:
    return date(year, rng.randint(1, 11), rng.randint(1, 19))


def build_year(ledger, seed: int, code: str = "T-01"):
    """A year of random duties (some voided, some in the year before) and the counts expected per deputy, at
    the station ``code``."""
    rng = random.Random(seed)
    b = set_up_basics(ledger, code)
    want: dict[str, Counter] = defaultdict(Counter)
    hours: dict[str, float] = defaultdict(float)
    for _ in range(25):
        kind = rng.choice(list(DutyKind))
        deps = rng.sample(b.deputies, rng.randint(1, 3))
        year = rng.choice([YEAR, YEAR, YEAR, YEAR - 1])
        contact = kind == DutyKind.CONTACT
        rec = record_activity(
            ledger,
            ActivityInput(
                kind=kind.value,
                day=_random_day(rng, year),
                deputy_ids=deps,
                subject="" if contact else "专题",
                contact_with="村民代表" if contact else "",
                contact_way="forum" if contact else "",
            ),
        )
        if rng.random() < 0.2:
            void_activity(ledger, rec.id, "误登记")
        elif year == YEAR:
            for d in deps:
                want[d][kind.value] += 1
    for _ in range(6):
        d = rng.choice(b.deputies)
        s, bs, ds = rng.randint(0, 10), rng.randint(0, 10), rng.randint(0, 10)
        record_report_back(ledger, ReportBackInput(d, _random_day(rng), "村委会", s + bs + ds + 1, "摘要", s, bs, ds))
        want[d]["report_backs"] += 1
    for _ in range(4):
        deps = rng.sample(b.deputies, rng.randint(1, 3))
        rec = record_project_vote(
            ledger,
            ProjectVoteInput(YEAR, _random_day(rng), "majority_of_all", 5, deps, [ProjectInput("项目甲", votes_for=1)]),
        )
        if rng.random() < 0.3:
            void_project_vote(ledger, rec.id, "误登记")
        else:
            for d in deps:
                want[d]["votes"] += 1
    for _ in range(5):
        statuses = {d: rng.choice(["present", "leave", "absent"]) for d in b.deputies}
        h = rng.choice([1.5, 2.0, 3.5])
        rec = record_training(
            ledger,
            TrainingInput(
                "培训",
                _random_day(rng),
                h,
                [AttendeeInput(d, st, "外出" if st == "leave" else "") for d, st in statuses.items()],
            ),
        )
        if rng.random() < 0.2:
            void_training(ledger, rec.id, "误登记")
            continue
        for d, st in statuses.items():
            want[d]["training_" + st] += 1
            if st == "present":
                hours[d] += h
    for i in range(6):
        rec = register(ledger, b, datetime(YEAR, 3 + i, 5, 9).astimezone(), visitors=2)  # deputies[:2], 1 + 2 people
        if i == 0:
            voiding.void_reception(ledger, rec.id, "误登记")
            continue
        for d in b.deputies[:2]:
            want[d]["receptions"] += 1
            want[d]["people"] += 3
            want[d]["opinions"] += 1
    for i, d in enumerate(b.deputies):
        for k in range(i + 1):
            attendance.record_attendance(ledger, d, date(YEAR, 4, 1 + k), "出席", arrived_at=time(9), left_at=time(11))
        want[d]["present"] += i + 1
    return b, want, hours


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_archive_counts_match_an_independent_count(ledger, seed):
    b, want, hours = build_year(ledger, seed)
    set_contact_target(ledger, 2)
    arch = deputy_archives(ledger, YEAR)
    assert {a.deputy_id for a in arch.deputies} == set(b.deputies) and arch.contact_target == 2
    for a in arch.deputies:
        w = want[a.deputy_id]
        assert a.activities == {k.value: w[k.value] for k in DutyKind}
        assert a.contacts == w["contact"] and a.contact_target_met == (w["contact"] >= 2)
        assert len(a.report_backs) == w["report_backs"] and a.votes == w["votes"]
        assert a.trainings_attended == w["training_present"] and a.training_hours == pytest.approx(hours[a.deputy_id])
        assert a.training_leaves == w["training_leave"] and a.training_absences == w["training_absent"]
        assert (a.receptions, a.people_received, a.opinions_raised) == (w["receptions"], w["people"], w["opinions"])
        assert a.attendances == w["present"]
    one = deputy_archives(ledger, YEAR, b.deputies[1])
    assert [a.deputy_id for a in one.deputies] == [b.deputies[1]]


def test_archive_pdf_reads_back_every_deputy_and_the_summary(ledger):
    b, _, _ = build_year(ledger, 7)
    text = _text(archive_pdf(ledger, YEAR))
    assert f"测试街道代表联络站{YEAR}年度代表履职情况汇总" in text
    for name in ("张三", "李四", "王五"):
        assert f"{name}代表{YEAR}年度履职档案" in text
    zhang = deputy_archives(ledger, YEAR, b.deputies[0]).deputies[0]
    one = _text(archive_pdf(ledger, YEAR, deputy_id=b.deputies[0]))
    assert "汇总" not in one and "李四代表" not in one
    assert f"联系选民{zhang.contacts}次，本站年度要求不少于10次" in one
    assert f"参加票决{zhang.votes}次" in one and f"参加接待{zhang.receptions}次" in one
    pdf = archive_pdf(ledger, YEAR)
    assert b"/FontFile2" in pdf and b"Helvetica" not in pdf


def test_report_back_sheet_and_vote_result_read_back(ledger):
    b = set_up_basics(ledger)
    rb = record_report_back(
        ledger, ReportBackInput(b.deputies[0], date(YEAR, 6, 1), "东风村村委会", 50, "述职摘要", 40, 5, 3, 2)
    )
    text = _text(report_back_pdf(ledger, rb.id))
    assert "人大代表述职测评表" in text and "张三" in text and "收回选票50张（有效48张，无效2张）" in text
    assert "满意40票，基本满意5票，不满意3票" in text and "93.8%" in text
    vote = record_project_vote(
        ledger,
        ProjectVoteInput(
            YEAR,
            date(YEAR, 2, 1),
            "全体代表过半数",
            5,
            b.deputies,
            [ProjectInput("村道硬化", "街道办", 1_200_000, 3), ProjectInput("路灯", "街道办", 80_000, 2, 1)],
        ),
    )
    text = _text(vote_result_pdf(ledger, vote.id))
    assert f"{YEAR}年度民生实事项目人大代表票决结果" in text and "120.00" in text
    assert "票决通过的项目：村道硬化。" in text and "未通过" in text
    for i, name in enumerate(["张三", "李四", "王五"]):
        assert f"{i + 1}.{name}" in text


# ------------------------------------------------------------------------------------------- the CLI
def test_duty_commands_record_correct_void_list_and_print(ledger, db_path, tmp_path, capsys):
    set_up_basics(ledger)
    db = ["--db", str(db_path)]
    assert (
        main(
            [
                "record-activity",
                *db,
                "--kind",
                "联系选民",
                "--day",
                "2026-11-02",
                "--deputies",
                "张三,李四",
                "--contact-with",
                "东风村村民",
                "--contact-way",
                "走访",
                "--raised",
                "路灯不亮",
            ]
        )
        == 0
    )
    activity_id = capsys.readouterr().out.strip().rsplit("：", 1)[1]
    assert (
        main(
            [
                "record-activity",
                *db,
                "--kind",
                "联系选民",
                "--day",
                "2026-11-03",
                "--deputies",
                "李四",
                "--contact-with",
                "西风村村民",
                "--contact-way",
                "座谈",
                "--raised",
                "灌溉渠淤塞",
                "--opinion",
                "清理灌溉渠",
            ]
        )
        == 0
    )
    assert "已把选民反映的 1 个问题登记为意见" in capsys.readouterr().out
    assert main(["search", *db, "清理灌溉渠"]) == 0
    assert "清理灌溉渠" in capsys.readouterr().out
    assert main(["correct-activity", *db, activity_id, "--reason", "地点漏填", "--place", "东风村"]) == 0
    assert "第1次更正" in capsys.readouterr().out
    assert (
        main(
            [
                "record-report-back",
                *db,
                "--deputy",
                "王五",
                "--day",
                "2026-10-01",
                "--place",
                "村委会",
                "--voters",
                "30",
                "--summary",
                "述职",
                "--satisfied",
                "20",
                "--basically",
                "5",
            ]
        )
        == 0
    )
    rb_id = capsys.readouterr().out.strip().rsplit("：", 1)[1]
    assert (
        main(
            [
                "record-report-back",
                *db,
                "--deputy",
                "王五",
                "--day",
                "2026-10-01",
                "--place",
                "村委会",
                "--voters",
                "3",
                "--summary",
                "述职",
                "--satisfied",
                "20",
            ]
        )
        == 2
    )
    assert "多于到会选民3人" in capsys.readouterr().err
    assert (
        main(
            [
                "record-vote",
                *db,
                "--year",
                "2026",
                "--day",
                "2026-02-10",
                "--rule",
                "参加表决代表过半数",
                "--deputies-total",
                "5",
                "--deputies",
                "张三,李四,王五",
                "--project",
                "村道硬化|街道办|1200000|3|0|0",
                "--project",
                "路灯|街道办|80000|1|2|0",
            ]
        )
        == 0
    )
    vote_id = capsys.readouterr().out.strip().rsplit("：", 1)[1]
    assert (
        main(
            [
                "record-vote",
                *db,
                "--year",
                "2026",
                "--day",
                "2026-02-10",
                "--rule",
                "过半",
                "--deputies-total",
                "5",
                "--deputies",
                "张三",
                "--project",
                "路灯|街道办|八万|1|0|0",
            ]
        )
        == 2
    )
    assert "应为非负整数" in capsys.readouterr().err
    assert (
        main(
            [
                "record-training",
                *db,
                "--topic",
                "履职培训",
                "--day",
                "2026-09-09",
                "--hours",
                "3",
                "--present",
                "张三",
                "--leave",
                "李四:外出",
                "--absent",
                "王五",
            ]
        )
        == 0
    )
    training_id = capsys.readouterr().out.strip().rsplit("：", 1)[1]
    assert main(["void-duty", *db, "training", training_id, "--reason", "重复登记"]) == 0
    capsys.readouterr()
    assert main(["list-duties", *db, "--year", "2026"]) == 0
    out = capsys.readouterr().out
    assert activity_id in out and "【已更正】" in out and rb_id in out and "通过1/2项" in out and training_id not in out
    assert main(["list-duties", *db, "--year", "2026", "--voided", "--kind", "training"]) == 0
    assert "【作废】" in capsys.readouterr().out
    assert main(["print-duty", *db, "report-back", rb_id, "--out", str(tmp_path / "rb.pdf")]) == 0
    assert main(["print-duty", *db, "vote", vote_id, "--out", str(tmp_path / "vote.pdf")]) == 0
    assert "村道硬化" in _text((tmp_path / "vote.pdf").read_bytes())
    assert main(["contact-target", *db, "1"]) == 0
    out_pdf = tmp_path / "archive.pdf"
    assert main(["ledger", *db, "--kind", "archive", "--year", "2026", "--deputy", "张三", "--out", str(out_pdf)]) == 0
    assert "1位代表" in capsys.readouterr().out
    text = _text(out_pdf.read_bytes())
    assert "张三代表2026年度履职档案" in text and "联系选民1次，本站年度要求不少于1次，已达到" in text
    assert main(["ledger", *db, "--kind", "archive", "--out", str(out_pdf)]) == 2
    assert "--year" in capsys.readouterr().err
    assert main(["ledger", *db, "--kind", "archive", "--year", "2026", "--deputy", "赵六", "--out", str(out_pdf)]) == 2
    assert "代表名册中没有“赵六”" in capsys.readouterr().err


def test_contact_target_is_checked(ledger):
    with pytest.raises(ValidationFailed, match="0至1000"):
        set_contact_target(ledger, -1)

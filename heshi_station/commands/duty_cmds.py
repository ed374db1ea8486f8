"""Deputies' duties from the command line (issue 14): record, correct, void and list 履职活动, 述职测评,
民生实事票决 and 培训; print a 述职测评表 or 票决结果; set the yearly contact expectation; and the
代表履职档案 (``heshi-station ledger --kind archive --year YYYY [--deputy NAME] --out FILE``).

Every write goes through the ledger's duty operations (one transaction, audited, in the outbox) with
the same rules as the window. Deputies are named as the clerk writes them (name or id); a name two
deputies share is refused with the ids to choose from.

A correction (``correct-duty``) starts from the saved record and changes only the options given.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path

from heshi_protocol.vocab import VoteRule
from heshi_station.commands.correction_cmds import _actor, _deputy_ids
from heshi_station.commands.ledger_cmds import add_db_argument, db_path
from heshi_station.ledger import duty_activities, project_votes, report_backs, trainings
from heshi_station.ledger.archive import deputy_archives, find_deputy, set_contact_target
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import OpinionInput
from heshi_station.ledger.duty_dto import (
    ActivityInput,
    AttendeeInput,
    ProjectInput,
    ProjectVoteInput,
    ReportBackInput,
    TrainingInput,
)
from heshi_station.ledger.errors import ValidationFailed

ARCHIVE_KIND = "archive"
DUTY_KINDS = {"activity": "履职活动", "report-back": "述职测评", "vote": "民生实事票决", "training": "培训"}


def parse_year(text: str) -> int:
    if not re.fullmatch(r"\d{4}", text.strip()):
        raise argparse.ArgumentTypeError(f"年度格式应为 YYYY，例如 2026，而不是“{text}”")
    return int(text)


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD，例如 2026-11-05，而不是“{text}”") from None


def _open(args: argparse.Namespace) -> Ledger:
    path = db_path(args)
    if not path.exists():
        print(f"错误：台账文件不存在：{path}", file=sys.stderr)
        raise SystemExit(2)
    ledger = Ledger.open(path)
    _actor(ledger)
    return ledger


# ------------------------------------------------------------------------------------------ arguments
def _activity_args(p: argparse.ArgumentParser, required: bool) -> None:
    p.add_argument("--kind", required=required, help="活动类型：视察、调研、会议、联系选民、述职、培训")
    p.add_argument("--day", type=parse_day, required=required, help="日期 YYYY-MM-DD")
    p.add_argument("--deputies", required=required, help="参加代表，姓名或编号，用逗号分隔")
    p.add_argument("--place", help="地点")
    p.add_argument("--subject", help="活动内容")
    p.add_argument("--contact-with", help="联系对象（联系选民）")
    p.add_argument("--contact-way", help="联系方式：走访、座谈、电话、网络、其他（联系选民）")
    p.add_argument("--raised", help="选民反映的问题（联系选民）")
    p.add_argument("--notes", help="备注")
    if required:  # recording only: what a 联系选民 raised, registered as opinions like any other
        p.add_argument("--opinion", action="append", help="把选民反映的一个问题登记为意见（站内协调办理），可多次给出")


def _report_back_args(p: argparse.ArgumentParser, required: bool) -> None:
    p.add_argument("--deputy", required=required, help="述职代表，姓名或编号")
    p.add_argument("--day", type=parse_day, required=required, help="述职日期 YYYY-MM-DD")
    p.add_argument("--place", required=required, help="述职地点")
    p.add_argument("--voters", type=int, required=required, help="到会选民人数")
    p.add_argument("--summary", required=required, help="述职报告摘要")
    tally = (("satisfied", "满意"), ("basically", "基本满意"), ("dissatisfied", "不满意"), ("invalid", "无效"))
    for opt, label in tally:
        p.add_argument(f"--{opt}", type=int, help=f"{label}票数")


def _vote_args(p: argparse.ArgumentParser, required: bool) -> None:
    p.add_argument("--year", type=parse_year, required=required, help="票决年度 YYYY")
    p.add_argument("--day", type=parse_day, required=required, help="票决日期 YYYY-MM-DD")
    rules = "、".join(VoteRule.labels())
    p.add_argument("--rule", required=required, help=f"通过规则：{rules}")
    p.add_argument("--deputies-total", type=int, required=required, help="全体代表人数")
    p.add_argument("--deputies", required=required, help="参加票决的代表，姓名或编号，用逗号分隔")
    p.add_argument(
        "--project",
        action="append",
        help="候选项目“名称|实施单位|预算(元)|赞成|反对|弃权”，每个项目一次（更正时给出全部项目）",
    )
    p.add_argument("--place", help="票决地点")
    p.add_argument("--notes", help="备注")


def _training_args(p: argparse.ArgumentParser, required: bool) -> None:
    p.add_argument("--topic", required=required, help="培训主题")
    p.add_argument("--day", type=parse_day, required=required, help="培训日期 YYYY-MM-DD")
    p.add_argument("--hours", required=required, help="学时，例如 2 或 1.5")
    p.add_argument("--organiser", help="主办单位")
    p.add_argument("--place", help="培训地点")
    p.add_argument("--present", help="出席的代表，用逗号分隔")
    p.add_argument("--leave", help="请假的代表“姓名:事由”，用逗号分隔")
    p.add_argument("--absent", help="缺席的代表，用逗号分隔")
    p.add_argument("--notes", help="备注")


ARGS = {"activity": _activity_args, "report-back": _report_back_args, "vote": _vote_args, "training": _training_args}


def register(sub: argparse._SubParsersAction) -> None:
    for kind, label in DUTY_KINDS.items():
        p = sub.add_parser(f"record-{kind}", help=f"登记一条{label}")
        add_db_argument(p)
        ARGS[kind](p, True)
        p.set_defaults(func=cmd_record, duty=kind)

        p = sub.add_parser(f"correct-{kind}", help=f"更正一条{label}（只改给出的项，须写明理由）")
        add_db_argument(p)
        p.add_argument("id", help=f"{label}编号（list-duties 可查）")
        p.add_argument("--reason", required=True, help="更正理由")
        ARGS[kind](p, False)
        p.set_defaults(func=cmd_correct, duty=kind)

    p = sub.add_parser("void-duty", help="作废一条误登记的履职记录（保留，不删除；须写明理由）")
    add_db_argument(p)
    p.add_argument("kind", choices=list(DUTY_KINDS), help="；".join(f"{k}={v}" for k, v in DUTY_KINDS.items()))
    p.add_argument("id")
    p.add_argument("--reason", required=True, help="作废理由")
    p.set_defaults(func=cmd_void)

    p = sub.add_parser("list-duties", help="列出一年的履职记录及编号")
    add_db_argument(p)
    p.add_argument("--year", type=parse_year, required=True)
    p.add_argument("--kind", choices=list(DUTY_KINDS), help="只列一类")
    p.add_argument("--voided", action="store_true", help="也列出已作废的记录")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("print-duty", help="打印述职测评表（report-back）或票决结果（vote）PDF")
    add_db_argument(p)
    p.add_argument("kind", choices=["report-back", "vote"])
    p.add_argument("id")
    p.add_argument("--out", required=True, help="输出 PDF 文件")
    p.set_defaults(func=cmd_print)

    p = sub.add_parser("contact-target", help="设置每位代表每年联系选民的次数要求（履职档案用）")
    add_db_argument(p)
    p.add_argument("times", type=int)
    p.set_defaults(func=cmd_contact_target)


# ------------------------------------------------------------------------------------------- building
def _people(ledger: Ledger, text: str | None) -> list[str]:
    return _deputy_ids(ledger, text) or [] if text else []


def _pick(value, current):
    return current if value is None else value


def _activity(ledger: Ledger, a: argparse.Namespace, cur: ActivityInput | None) -> ActivityInput:
    cur = cur or ActivityInput(kind="", day=a.day)
    return ActivityInput(
        kind=_pick(a.kind, cur.kind), day=_pick(a.day, cur.day),
        deputy_ids=_people(ledger, a.deputies) if a.deputies is not None else cur.deputy_ids,
        place=_pick(a.place, cur.place), subject=_pick(a.subject, cur.subject),
        contact_with=_pick(a.contact_with, cur.contact_with), contact_way=_pick(a.contact_way, cur.contact_way),
        raised=_pick(a.raised, cur.raised), notes=_pick(a.notes, cur.notes),
    )  # fmt: skip


def _report_back(ledger: Ledger, a: argparse.Namespace, cur: ReportBackInput | None) -> ReportBackInput:
    cur = cur or ReportBackInput(deputy_id="", day=a.day, place="", voters_present=0, summary="")
    return ReportBackInput(
        deputy_id=find_deputy(ledger, a.deputy) if a.deputy is not None else cur.deputy_id,
        day=_pick(a.day, cur.day), place=_pick(a.place, cur.place), voters_present=_pick(a.voters, cur.voters_present),
        summary=_pick(a.summary, cur.summary), satisfied=_pick(a.satisfied, cur.satisfied),
        basically=_pick(a.basically, cur.basically), dissatisfied=_pick(a.dissatisfied, cur.dissatisfied),
        invalid=_pick(a.invalid, cur.invalid),
    )  # fmt: skip


def parse_project(text: str, i: int) -> ProjectInput:
    parts = [p.strip() for p in text.replace("｜", "|").split("|")]
    if len(parts) != 6:
        raise ValidationFailed.single(
            f"projects[{i}]", f"项目{i + 1}", f"应为“名称|实施单位|预算(元)|赞成|反对|弃权”6项，这里是{len(parts)}项"
        )
    name, sponsor, *numbers = parts
    values = []
    for label, n in zip(("预算(元)", "赞成", "反对", "弃权"), numbers, strict=True):
        if not re.fullmatch(r"\d+", n or "0"):
            raise ValidationFailed.single(f"projects[{i}]", f"项目{i + 1} {label}", f"应为非负整数，而不是“{n}”")
        values.append(int(n or 0))
    return ProjectInput(name, sponsor, *values)


def _vote(ledger: Ledger, a: argparse.Namespace, cur: ProjectVoteInput | None) -> ProjectVoteInput:
    cur = cur or ProjectVoteInput(year=0, day=a.day, rule="", deputies_total=0)
    return ProjectVoteInput(
        year=_pick(a.year, cur.year), day=_pick(a.day, cur.day), rule=_pick(a.rule, cur.rule),
        deputies_total=_pick(a.deputies_total, cur.deputies_total),
        deputy_ids=_people(ledger, a.deputies) if a.deputies is not None else cur.deputy_ids,
        projects=[parse_project(t, i) for i, t in enumerate(a.project)] if a.project else cur.projects,
        place=_pick(a.place, cur.place), notes=_pick(a.notes, cur.notes),
    )  # fmt: skip


def _attendees(ledger: Ledger, a: argparse.Namespace) -> list[AttendeeInput] | None:
    if a.present is None and a.leave is None and a.absent is None:
        return None
    out = [AttendeeInput(d, "present") for d in _people(ledger, a.present)]
    for part in [x for x in re.split(r"[,，、]", a.leave or "") if x.strip()]:
        name, _, reason = part.replace("：", ":").partition(":")
        out += [AttendeeInput(d, "leave", reason) for d in _people(ledger, name)]
    out += [AttendeeInput(d, "absent") for d in _people(ledger, a.absent)]
    return out


def _training(ledger: Ledger, a: argparse.Namespace, cur: TrainingInput | None) -> TrainingInput:
    cur = cur or TrainingInput(topic="", day=a.day, hours=0)
    attendees = _attendees(ledger, a)
    return TrainingInput(
        topic=_pick(a.topic, cur.topic), day=_pick(a.day, cur.day), hours=_pick(a.hours, cur.hours),
        attendees=cur.attendees if attendees is None else attendees, organiser=_pick(a.organiser, cur.organiser),
        place=_pick(a.place, cur.place), notes=_pick(a.notes, cur.notes),
    )  # fmt: skip


def _current(ledger: Ledger, kind: str, record_id: str):
    """The saved record as an input (the starting point of a correction)."""
    if kind == "activity":
        r = duty_activities.get_activity(ledger, record_id)
        return ActivityInput(r.kind, r.day, list(r.deputy_ids), r.place, r.subject, r.contact_with, r.contact_way,
                             r.raised, r.notes)  # fmt: skip
    if kind == "report-back":
        r = report_backs.get_report_back(ledger, record_id)
        return ReportBackInput(r.deputy_id, r.day, r.place, r.voters_present, r.summary, r.satisfied, r.basically,
                               r.dissatisfied, r.invalid)  # fmt: skip
    if kind == "vote":
        r = project_votes.get_project_vote(ledger, record_id)
        projects = [ProjectInput(p.name, p.sponsor, p.budget_yuan, p.votes_for, p.votes_against, p.abstain)
                    for p in r.projects]  # fmt: skip
        return ProjectVoteInput(r.year, r.day, r.rule, r.deputies_total, list(r.deputy_ids), projects, r.place, r.notes)
    r = trainings.get_training(ledger, record_id)
    attendees = [AttendeeInput(a.deputy_id, a.status, a.leave_reason) for a in r.attendees]
    return TrainingInput(r.topic, r.day, r.hours, attendees, r.organiser, r.place, r.notes)


BUILD = {"activity": _activity, "report-back": _report_back, "vote": _vote, "training": _training}
RECORD = {
    "activity": (duty_activities.record_activity, duty_activities.correct_activity, duty_activities.void_activity),
    "report-back": (report_backs.record_report_back, report_backs.correct_report_back, report_backs.void_report_back),
    "vote": (project_votes.record_project_vote, project_votes.correct_project_vote, project_votes.void_project_vote),
    "training": (trainings.record_training, trainings.correct_training, trainings.void_training),
}


# ------------------------------------------------------------------------------------------- commands
def cmd_record(args: argparse.Namespace) -> int:
    ledger = _open(args)
    data = BUILD[args.duty](ledger, args, None)
    if args.duty == "activity" and args.opinion:
        ops = [OpinionInput(content=text, route="station") for text in args.opinion]
        rec = duty_activities.record_contact_with_opinions(ledger, data, ops)
        print(f"已把选民反映的 {len(ops)} 个问题登记为意见（接待记录 {rec.reception_id}）")
    else:
        rec = RECORD[args.duty][0](ledger, data)
    print(f"已登记{DUTY_KINDS[args.duty]}：{rec.id}")
    return 0


def cmd_correct(args: argparse.Namespace) -> int:
    ledger = _open(args)
    data = BUILD[args.duty](ledger, args, _current(ledger, args.duty, args.id))
    rec = RECORD[args.duty][1](ledger, args.id, data, args.reason)
    print(f"已更正{DUTY_KINDS[args.duty]} {rec.id}（第{rec.book.revision}次更正）")
    return 0


def cmd_void(args: argparse.Namespace) -> int:
    ledger = _open(args)
    RECORD[args.kind][2](ledger, args.id, args.reason)
    print(f"已作废{DUTY_KINDS[args.kind]} {args.id}（理由：{args.reason.strip()}）")
    return 0


def duty_lines(ledger: Ledger, year: int, kind: str | None = None, include_voided: bool = False) -> list[str]:
    """One tab-separated line per duty record of the year (id first), by kind then date."""
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    lines: list[str] = []

    def mark(r) -> str:
        return "\t【作废】" if r.book.voided_at else ("\t【已更正】" if r.book.revision else "")

    if kind in (None, "activity"):
        for r in duty_activities.list_activities(ledger, start, end, include_voided=include_voided):
            what = r.subject or f"{r.contact_with}（{r.contact_way_label}）"
            lines.append(f"{r.id}\t{r.kind_label}\t{r.day}\t{'、'.join(r.deputy_names)}\t{what}{mark(r)}")
    if kind in (None, "report-back"):
        for r in report_backs.list_report_backs(ledger, start, end, include_voided=include_voided):
            lines.append(f"{r.id}\t述职测评\t{r.day}\t{r.deputy_name}\t{r.result_label}{mark(r)}")
    if kind in (None, "vote"):
        for r in project_votes.list_project_votes(ledger, start, end, include_voided=include_voided):
            lines.append(
                f"{r.id}\t民生实事票决\t{r.day}\t{r.year}年度\t通过{len(r.adopted)}/{len(r.projects)}项{mark(r)}"
            )
    if kind in (None, "training"):
        for r in trainings.list_trainings(ledger, start, end, include_voided=include_voided):
            lines.append(f"{r.id}\t培训\t{r.day}\t{r.topic}\t{r.hours:g}学时{mark(r)}")
    return lines


def cmd_list(args: argparse.Namespace) -> int:
    ledger = _open(args)
    lines = duty_lines(ledger, args.year, args.kind, args.voided)
    print("\n".join(lines) if lines else f"{args.year}年没有履职记录")
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    from heshi_station.reports.pdf_duties import report_back_pdf, vote_result_pdf

    ledger = _open(args)
    (report_back_pdf if args.kind == "report-back" else vote_result_pdf)(ledger, args.id, Path(args.out))
    print(f"已生成：{args.out}")
    return 0


def cmd_contact_target(args: argparse.Namespace) -> int:
    ledger = _open(args)
    set_contact_target(ledger, args.times)
    print(f"已设置：每位代表每年联系选民不少于 {args.times} 次")
    return 0


def cmd_archive(args: argparse.Namespace) -> int:
    """``ledger --kind archive``: the 代表履职档案 PDF of a year (every deputy with a station summary, or one)."""
    from heshi_station.reports.pdf_duties import archive_pdf

    if args.year is None:
        print("错误：代表履职档案须用 --year YYYY 指定年度", file=sys.stderr)
        return 2
    ledger = _open(args)
    try:
        deputy_id = find_deputy(ledger, args.deputy) if args.deputy else None
        archive_pdf(ledger, args.year, Path(args.out), deputy_id=deputy_id)
        n = len(deputy_archives(ledger, args.year, deputy_id).deputies)
    finally:
        ledger.close()
    print(f"已生成{args.year}年度代表履职档案（{n}位代表）：{args.out}")
    return 0

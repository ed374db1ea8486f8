"""更正 / 作废 from the command line, for the station's IT helper: find-record, correct-reception,
correct-opinion, void-reception, void-opinion.

Every command goes through the ledger's operations (``ledger.corrections``, ``ledger.opinion_corrections``,
``ledger.voiding``): the same rules as the window, one transaction, audited and synced. Names (category,
deputies, way of reception) are read as the clerk writes them; a name two records share is refused with
the ids to choose from.
"""

from __future__ import annotations

import argparse
from datetime import datetime

from heshi_protocol.vocab import Gender, ReceptionWay
from heshi_station.commands.ledger_cmds import add_db_argument, add_limit_argument, db_path, print_partial_note
from heshi_station.ledger import reference_data
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.corrections import ReceptionCorrection, correct_reception
from heshi_station.ledger.dto import VisitorInput
from heshi_station.ledger.errors import ValidationFailed
from heshi_station.ledger.opinion_corrections import OpinionCorrection, correct_opinion
from heshi_station.ledger.receptions import get_reception
from heshi_station.ledger.search import search_results
from heshi_station.ledger.voiding import void_opinion, void_reception

_YES = {"是": True, "yes": True, "y": True, "1": True, "否": False, "no": False, "n": False, "0": False}


def _yes_no(text: str) -> bool:
    try:
        return _YES[text.strip().lower()]
    except KeyError:
        raise argparse.ArgumentTypeError(f"应为“是”或“否”，而不是“{text}”") from None


def _when(text: str) -> datetime:
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), fmt).astimezone()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"时间格式应为 YYYY-MM-DD HH:MM，例如 2026-11-05 09:30，而不是“{text}”")


def _actor(ledger: Ledger) -> None:
    """Corrections are audited under the station's clerk, marked as made from the command line."""
    clerk = reference_data.get_setting(ledger, "clerk_name", "")
    ledger.actor = f"{clerk}（命令行）" if clerk else "命令行"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("find-record", help="按文字、电话或拼音首字母查找记录，显示记录编号（更正、作废时用）")
    add_db_argument(p)
    p.add_argument("text")
    add_limit_argument(p)
    p.set_defaults(func=cmd_find)

    p = sub.add_parser("correct-reception", help="更正一条接待记录（须写明理由）")
    add_db_argument(p)
    p.add_argument("id", help="接待记录编号（find-record 可查）")
    p.add_argument("--reason", required=True, help="更正理由")
    p.add_argument("--time", type=_when, help="接待时间 YYYY-MM-DD HH:MM")
    p.add_argument("--way", help="接待方式：" + "、".join(ReceptionWay.labels()))
    p.add_argument("--place", help="接待地点")
    p.add_argument("--matter", help="反映问题")
    p.add_argument("--outcome", help="办理情况")
    p.add_argument("--category", help="意见类别名称（空字符串为清除）")
    p.add_argument("--confidential", type=_yes_no, help="保密：是/否")
    p.add_argument("--deputies", help="接待代表，姓名或编号，用逗号分隔")
    p.add_argument("--visitor", type=int, default=1, help="更正第几位来访人（默认第1位）")
    p.add_argument("--name", help="来访人姓名")
    p.add_argument("--phone", help="来访人联系电话")
    p.add_argument("--village", help="来访人村(社区)")
    p.add_argument("--gender", help="来访人性别：男/女")
    p.add_argument("--group-size", type=int, help="来访人数")
    p.set_defaults(func=cmd_correct_reception)

    p = sub.add_parser("correct-opinion", help="更正一条意见建议的登记内容（须写明理由）")
    add_db_argument(p)
    p.add_argument("id", help="意见编号（find-record 可查）")
    p.add_argument("--reason", required=True, help="更正理由")
    p.add_argument("--content", help="意见建议内容")
    p.add_argument("--category", help="意见类别名称（空字符串为清除）")
    p.add_argument("--proposer", help="反映人姓名")
    p.add_argument("--phone", help="反映人联系电话")
    p.add_argument("--village", help="村(社区)")
    p.add_argument("--deputies", help="代表，姓名或编号，用逗号分隔")
    p.add_argument("--confidential", type=_yes_no, help="保密：是/否")
    p.set_defaults(func=cmd_correct_opinion)

    for kind, label in (("reception", "接待记录"), ("opinion", "意见建议")):
        p = sub.add_parser(f"void-{kind}", help=f"作废一条误登记的{label}（保留，不删除；须写明理由）")
        add_db_argument(p)
        p.add_argument("id", help=f"{label}编号（find-record 可查）")
        p.add_argument("--reason", required=True, help="作废理由")
        p.set_defaults(func=cmd_void_reception if kind == "reception" else cmd_void_opinion)


def _category_id(ledger: Ledger, name: str | None) -> str | None:
    if name is None:
        return None
    name = name.strip()
    if not name:
        return ""
    for c in reference_data.list_categories(ledger):
        if name in (c.name, c.id):
            return c.id
    raise ValidationFailed.single("category_id", "意见类别", f"没有名为“{name}”的意见类别")


def _deputy_ids(ledger: Ledger, text: str | None) -> list[str] | None:
    if text is None:
        return None
    deputies = reference_data.list_deputies(ledger)
    out = []
    for part in [p.strip() for p in text.replace("，", ",").replace("、", ",").split(",") if p.strip()]:
        matches = [d for d in deputies if part in (d.id, d.name)]
        if not matches:
            raise ValidationFailed.single("deputy_ids", "代表", f"代表名册中没有“{part}”")
        if len(matches) > 1:
            ids = "、".join(d.id for d in matches)
            raise ValidationFailed.single(
                "deputy_ids", "代表", f"有{len(matches)}位代表名叫“{part}”，请改用编号：{ids}"
            )
        out.append(matches[0].id)
    return out


def _show_changes(changes: dict) -> None:
    for field, change in changes.items():
        print(f"  {field}：{change['from']!r} → {change['to']!r}")


def cmd_find(args: argparse.Namespace) -> int:
    ledger = Ledger.open(db_path(args))
    results = search_results(ledger, args.text, limit=args.limit)
    hits = results.hits
    kinds = {"reception": "接待", "opinion": "意见", "deputy": "代表"}
    for h in hits:
        day = h.day.isoformat() if h.day else "          "
        print(f"{h.id}\t{kinds[h.kind]}\t{day}\t{h.title}\t{h.text[:50]}")
    if not hits:
        print("没有找到匹配的记录")
    print_partial_note(results)
    return 0


def cmd_correct_reception(args: argparse.Namespace) -> int:
    ledger = Ledger.open(db_path(args))
    _actor(ledger)
    correction = ReceptionCorrection(
        reason=args.reason, received_at=args.time, place=args.place, matter=args.matter, outcome=args.outcome,
        confidential=args.confidential, category_id=_category_id(ledger, args.category),
        deputy_ids=_deputy_ids(ledger, args.deputies),
    )  # fmt: skip
    if args.way is not None:
        try:
            correction.way = ReceptionWay.from_label(args.way).value
        except ValueError as exc:
            raise ValidationFailed.single("way", "接待方式", str(exc)) from exc
    visitor_fields = {"name": args.name, "phone": args.phone, "village": args.village, "group_size": args.group_size}
    visitor_fields = {k: v for k, v in visitor_fields.items() if v is not None}
    if args.gender is not None:
        try:
            visitor_fields["gender"] = Gender.from_label(args.gender).value
        except ValueError as exc:
            raise ValidationFailed.single("gender", "性别", str(exc)) from exc
    if visitor_fields:
        current = get_reception(ledger, args.id)
        if not 1 <= args.visitor <= len(current.visitors):
            raise ValidationFailed.single("visitor", "来访人", f"这条接待记录只有{len(current.visitors)}位来访人")
        visitors = [
            VisitorInput(name=v.name, gender=v.gender, phone=v.phone, id_number=v.id_number, village=v.village,
                         group_size=v.group_size)
            for v in current.visitors
        ]  # fmt: skip
        for key, value in visitor_fields.items():
            setattr(visitors[args.visitor - 1], key, value)
        correction.visitors = visitors
    result = correct_reception(ledger, args.id, correction)
    print(f"已更正接待记录 {result.record.id}（第 {result.record.revision} 次更正），理由：{result.reason}")
    _show_changes(result.changes)
    for oid in result.opinions_corrected:
        print(f"  随之更正意见 {oid}")
    return 0


def cmd_correct_opinion(args: argparse.Namespace) -> int:
    ledger = Ledger.open(db_path(args))
    _actor(ledger)
    correction = OpinionCorrection(
        reason=args.reason, content=args.content, category_id=_category_id(ledger, args.category),
        proposer_name=args.proposer, proposer_phone=args.phone, village=args.village,
        deputy_ids=_deputy_ids(ledger, args.deputies), confidential=args.confidential,
    )  # fmt: skip
    result = correct_opinion(ledger, args.id, correction)
    print(f"已更正意见 {result.record.id}（第 {result.record.revision} 次更正），理由：{result.reason}")
    _show_changes(result.changes)
    return 0


def cmd_void_reception(args: argparse.Namespace) -> int:
    ledger = Ledger.open(db_path(args))
    _actor(ledger)
    result = void_reception(ledger, args.id, args.reason)
    print(f"已作废接待记录 {result.id}，理由：{result.reason}（记录保留，不再计入统计）")
    for oid in result.opinions_voided:
        print(f"  随之作废意见 {oid}")
    return 0


def cmd_void_opinion(args: argparse.Namespace) -> int:
    ledger = Ledger.open(db_path(args))
    _actor(ledger)
    result = void_opinion(ledger, args.id, args.reason)
    print(f"已作废意见 {result.id}，理由：{result.reason}（记录保留，不再计入统计）")
    return 0

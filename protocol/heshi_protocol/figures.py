"""The monthly figures (月度统计口径): one definition each, used by the ledger's statistics, the printed
statistics table, ``heshi-station stats --definitions`` and the README section 月度统计口径.

Guarantees:
- ``FIGURES`` holds every figure the monthly statistics report, each with its key (the ``MonthlyStats``
  attribute), its Chinese name and one definition sentence; ``NOTES`` the rules common to all of them.
  Nothing else in the project words a definition: screens and paper print these strings.
- The rule functions are pure (no clock, no database) and never raise, whatever dates the events carry:
  * ``answered_on``: the day the matter was answered (unit's reply, on-the-spot answer or the station's own
    conclusion);
  * ``judgements``: each handling round's verdict (on time / late) and the day it became certain, against
    the deadline including extensions and pauses; an unanswered item is late only once the day after its
    deadline has begun (due on the month's last day = due that day, judged in the next month);
  * ``rated_in_period``: the verdicts one opinion contributes to a month's 按期办结率 — reading only events
    dated up to the month's last day (or today), so later events never change it, and each round is rated
    in exactly one month;
  * ``rate`` / ``format_rate``: a share rounded to four places, "—" when nothing is counted;
  * ``is_satisfied``: with or without 基本满意.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from heshi_protocol.opinion_state import EventRecord, OpinionStatus, deadline_of, events_as_of, fold_steps
from heshi_protocol.vocab import EventKind, OpinionState, Satisfaction
from heshi_protocol.workdays import HolidayCalendar

NO_RATE = "—"
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Figure:
    key: str
    name: str
    definition: str


FIGURES: tuple[Figure, ...] = (
    Figure("receptions", "接待群众（批次）", "接待日期在本月的接待记录条数，已作废的记录不计。"),
    Figure(
        "people_received",
        "接待群众（人次）",
        "本月各条接待记录中来访群众人数之和（集体来访按登记的人数计），已作废的记录不计。",
    ),
    Figure("opinions_collected", "收集意见建议（条）", "登记日期在本月的意见建议条数，已作废的意见不计。"),
    Figure("answered_on_spot", "当场答复（条）", "本月有“当场答复”办理记录的意见条数。"),
    Figure("transferred", "转办（条）", "本月有“转办”办理记录的意见条数，同一意见本月多次转办只计一次。"),
    Figure("closed", "办结（条）", "本月有“办结”办理记录的意见条数。"),
    Figure("fed_back", "反馈群众（条）", "本月有“反馈”或“当场答复”办理记录的意见条数（当场答复即已反馈群众）。"),
    Figure(
        "on_time_rate",
        "按期办结率",
        "按期件数 ÷ 本月评价件数。以答复日期（承办单位的办理答复、当场答复或本站自行办理的结论日期）对照办理时限"
        "（含延期；暂停计时的工作日顺延）：在时限内答复的，在答复当月计为按期（已答复尚未办结的也算按期）；"
        "到期未答复的，在到期次日所在的月份计为逾期（到期当天不算超期，月末最后一天到期的在下月判断；"
        "超期后才延期或暂停计时的仍为逾期）。每件意见每轮办理（转办或重新办理即为新一轮）只计一次；"
        "没有办理时限的意见（如当场答复）和撤回、重复件不计。",
    ),
    Figure(
        "satisfaction_rate",
        "群众满意率（含基本满意）",
        "（满意＋基本满意）÷ 本月记录满意度的件数。",
    ),
    Figure("satisfied_only_rate", "满意率（仅满意）", "满意 ÷ 本月记录满意度的件数，基本满意不计入满意。"),
)

NOTES: tuple[str, ...] = (
    "往月的数字截至该月最后一天：以办理记录所载日期为准，日期在该月之后的办理记录不改变往月数字；本月的数字截至今天。",
    "作废的接待和意见表示登记错误，从所有月份的数字中去掉（这是往月数字唯一会变的情况）。",
    "比率没有评价件数时显示“—”。",
    "代表按代表本人（代表编号）分别统计：同名的代表分行列出，各计各的。",
)

_BY_KEY = {f.key: f for f in FIGURES}


def figure(key: str) -> Figure:
    """The figure with this key (KeyError for an unknown key: a programming error)."""
    return _BY_KEY[key]


def definition_lines() -> list[str]:
    """Every definition as one line "名称：定义", then the common notes (the printed table's footnote)."""
    return [f"{f.name}：{f.definition}" for f in FIGURES] + [f"说明：{n}" for n in NOTES]


def readme_section() -> str:
    """The README section 月度统计口径, generated from ``FIGURES`` and ``NOTES`` (a test keeps them equal)."""
    lines = [
        "## 月度统计口径 / Monthly figures",
        "",
        "<!-- generated from protocol/heshi_protocol/figures.py: "
        "uv run python -c 'from heshi_protocol.figures import readme_section; print(readme_section())' -->",
        "",
        "`heshi-station stats --db PATH --month YYYY-MM --definitions` prints these definitions; the printed "
        "月度工作统计表 carries them under its table.",
        "",
        "| 指标 | 口径 |",
        "| --- | --- |",
    ]
    lines += [f"| {f.name} | {f.definition} |" for f in FIGURES]
    lines.append("")
    lines += [f"- {n}" for n in NOTES]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------------------ rules
_NOT_RATED_STATES = frozenset({OpinionState.WITHDRAWN, OpinionState.DUPLICATE, OpinionState.VOIDED})


def answered_on(st: OpinionStatus) -> date | None:
    """The day the matter was answered in its current handling round: the unit's reply or the station's own
    conclusion (both recorded as 办理答复), or an on-the-spot answer; failing those, the day it was fed back
    or closed (a record concluded without a separate reply). None while unanswered."""
    for day in (st.replied_on, st.fed_back_on, st.closed_on if st.state == OpinionState.CLOSED else None):
        if day is not None:
            return day
    return None


@dataclass(frozen=True)
class Judgement:
    """The on-time verdict of one handling round: ``day`` is when it became certain (the answer day when
    answered by the deadline; the day after the deadline when not), ``on_time`` the verdict."""

    day: date
    on_time: bool


# A transfer or a reopening starts a new handling round with its own deadline (and its own verdict).
_NEW_ROUND = frozenset({EventKind.TRANSFERRED.value, EventKind.REOPENED.value})


def _verdict(st: OpinionStatus, due: date | None, day: date) -> Judgement | None:
    """The verdict ``st`` (holding through the day before ``day``, deadline ``due``) already settles, if any."""
    if due is None or st.state in _NOT_RATED_STATES:
        return None
    answered = answered_on(st)
    if answered is not None:
        verdict = Judgement(answered, True) if answered <= due else Judgement(due + _ONE_DAY, False)
    elif st.paused_since is None and due < day:  # past due: late from the day after the deadline
        verdict = Judgement(due + _ONE_DAY, False)
    else:
        return None
    # A verdict is never dated before the latest event it rests on (a deadline or answer date carried in an
    # event's data may lie earlier): so events dated after a period can never add a verdict inside it.
    if st.last_event_at is not None and verdict.day < st.last_event_at.date():
        return Judgement(st.last_event_at.date(), verdict.on_time)
    return verdict


def judgements(events: Iterable[EventRecord], calendar: HolidayCalendar, as_of: date) -> list[Judgement]:
    """The verdicts of the opinion's handling rounds settled by the end of day ``as_of``.

    Reads only events dated up to ``as_of``. A round is late once a day after its deadline begins while it
    is unanswered and not paused (the deadline as it stood then, extensions and finished pauses included);
    an extension or pause granted after that does not undo it. It is on time when answered by its deadline
    (answered but not closed counts). Each round gets at most one verdict, and a verdict once given never
    changes as ``as_of`` moves on. Never raises."""
    out: list[Judgement] = []
    decided = False
    for ev, st in fold_steps(events_as_of(events, as_of), calendar):
        day = as_of if ev is None else ev.occurred_at.date()
        if not decided and st.base_due_date is not None and (v := _verdict(st, deadline_of(st, calendar), day)):
            out.append(v)
            decided = True
        if ev is not None and ev.kind in _NEW_ROUND:
            decided = False
    return out


def rated_in_period(
    events: Iterable[EventRecord], calendar: HolidayCalendar, period_start: date, as_of: date
) -> list[bool]:
    """The verdicts (True on time, False late) one opinion contributes to the 按期办结率 of the period
    [``period_start``, ``as_of``]: those of its rounds whose verdict became certain in the period. Only events
    dated up to ``as_of`` are read, so later events never change a past period. Never raises."""
    return [j.on_time for j in judgements(events, calendar, as_of) if period_start <= j.day <= as_of]


def rate(count: int, of: int) -> float | None:
    """``count / of`` rounded to four places; None when ``of`` is 0 (nothing to rate)."""
    return round(count / of, 4) if of else None


def format_rate(value: float | None) -> str:
    """A rate as paper and screen show it: "90.0%", or "—" when there was nothing to rate."""
    return NO_RATE if value is None else f"{value * 100:.1f}%"


def is_satisfied(rating: Satisfaction | str | None, *, with_basic: bool) -> bool:
    """满意 counts; 基本满意 counts only ``with_basic``; anything else does not."""
    if rating == Satisfaction.SATISFIED:
        return True
    return with_basic and rating == Satisfaction.BASICALLY


__all__ = [
    "FIGURES",
    "NOTES",
    "NO_RATE",
    "Figure",
    "Judgement",
    "answered_on",
    "definition_lines",
    "figure",
    "format_rate",
    "is_satisfied",
    "judgements",
    "rate",
    "rated_in_period",
    "readme_section",
]

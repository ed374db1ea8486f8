"""Installing a year's official holiday table (节假日安排) and what the year end asks of the clerk.

Guarantees of :func:`install_holiday_year`:

* the table (already checked by :mod:`heshi_protocol.holiday_file`) replaces the ledger's rows for that
  year, and **in the same transaction** every open opinion whose deadline is provisional (暂定) is
  recounted on the new calendar: when its base deadline changes (or stops being provisional) a
  ``deadline_recomputed`` event is appended to its history (audited, and sent to the centre like every
  event); a deadline the clerk typed is never touched;
* either all of this is committed or nothing is;
* it returns a :class:`HolidayInstallReport` saying which deadlines moved and by how much.

:func:`year_end_notice` is the 工作台's reminder from 1 November when next year's table is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from heshi_protocol.holiday_file import HolidayTableInvalid, HolidayYearTable, check_holiday_year, read_holiday_file
from heshi_protocol.opinion_state import EventRecord, sort_events
from heshi_protocol.vocab import OPEN_STATES, EventKind
from heshi_protocol.workdays import CalendarYearMissing, HolidayCalendar
from heshi_station.db.models import CalendarDay, CalendarYear, Opinion
from heshi_station.ledger.context import Ledger, calendar_from_session
from heshi_station.ledger.opinion_store import OpinionHandle, append_step, load_handle

K = EventKind
NOTICE_FROM_MONTH = 11  # from 1 November the next year's table is due

__all__ = [
    "HolidayInstallReport",
    "HolidayTableInvalid",
    "MovedDeadline",
    "YearEndNotice",
    "import_holiday_file",
    "install_holiday_year",
    "install_pulled_calendar_year",
    "notice_for_years",
    "recount_provisional_deadlines",
    "year_end_notice",
]


@dataclass(frozen=True)
class MovedDeadline:
    opinion_id: str
    label: str  # registration date and the start of the content, for the clerk
    old_due: date
    new_due: date
    provisional: bool  # still 暂定 (it also runs into another year without the official table)

    @property
    def days(self) -> int:
        """Calendar days the deadline moved (positive: later)."""
        return (self.new_due - self.old_due).days


@dataclass(frozen=True)
class HolidayInstallReport:
    year: int
    source: str
    days_off: int
    make_up_workdays: int
    replaced: bool  # the ledger already had an official table for this year
    moved: tuple[MovedDeadline, ...]
    confirmed: tuple[str, ...]  # opinions whose provisional deadline kept its day and is now final

    def summary(self) -> str:
        """Chinese lines for the clerk: what was installed, and every deadline that moved."""
        what = "更新" if self.replaced else "导入"
        lines = [
            f"已{what} {self.year} 年节假日安排（放假 {self.days_off} 天，调休上班 {self.make_up_workdays} 天）。",
        ]
        if not self.moved and not self.confirmed:
            lines.append("没有暂定的办理期限需要重算。")
        if self.confirmed:
            lines.append(f"{len(self.confirmed)} 条意见的暂定期限不变，已确定。")
        if self.moved:
            lines.append(f"{len(self.moved)} 条意见的办理期限已重算：")
            for m in self.moved:
                sign = "推后" if m.days > 0 else "提前"
                still = "（仍为暂定）" if m.provisional else ""
                change = f"{m.old_due.isoformat()} → {m.new_due.isoformat()}，{sign} {abs(m.days)} 天{still}"
                lines.append(f"  {m.label}：{change}")
        return "\n".join(lines)


@contextmanager
def _transaction(ledger: Ledger, session: Session | None) -> Iterator[Session]:
    if session is not None:
        # The caller's transaction (a sync pull): a savepoint keeps this year all-or-nothing inside it.
        with session.begin_nested():
            yield session
        return
    with ledger.write() as s:
        yield s


def install_holiday_year(
    ledger: Ledger, table: HolidayYearTable, *, session: Session | None = None
) -> HolidayInstallReport:
    """Store ``table`` as the official arrangement of its year and recount provisional deadlines.

    With ``session`` (a sync pull) it runs inside the caller's transaction, and the caller calls
    ``ledger.calendar_changed()`` after its commit; otherwise in its own transaction, and the ledger's
    calendar is reloaded afterwards.
    """
    with _transaction(ledger, session) as s:
        replaced = s.get(CalendarYear, table.year) is not None
        first, last = date(table.year, 1, 1), date(table.year, 12, 31)
        s.execute(delete(CalendarDay).where(CalendarDay.day >= first, CalendarDay.day <= last))
        s.execute(delete(CalendarYear).where(CalendarYear.year == table.year))
        s.flush()
        s.add(CalendarYear(year=table.year, source=(table.source or "节假日文件")[:100]))
        s.add_all(CalendarDay(day=d.day, is_working_day=d.is_working_day, name=d.name[:30]) for d in table.days)
        s.flush()
        cal = calendar_from_session(s)
        moved, confirmed = _recount_provisional(ledger, s, cal, f"{table.year} 年")
        ledger.audit(
            s, "calendar.install", "calendar_year", str(table.year),
            {"source": table.source, "days": len(table.days), "moved": len(moved), "confirmed": len(confirmed)},
        )  # fmt: skip
    if session is None:
        ledger.calendar_changed()
    return HolidayInstallReport(
        year=table.year, source=table.source, days_off=len(table.holidays), make_up_workdays=len(table.workdays),
        replaced=replaced, moved=tuple(moved), confirmed=tuple(confirmed),
    )  # fmt: skip


def import_holiday_file(ledger: Ledger, path: str | Path, *, year: int | None = None) -> HolidayInstallReport:
    """Read, check and install a holiday file (``heshi-station import-holidays``, 基础数据).

    A bad file raises :class:`HolidayTableInvalid` listing every bad line, and nothing is stored.
    """
    return install_holiday_year(ledger, read_holiday_file(path, year=year))


def install_pulled_calendar_year(session: Session, ledger: Ledger, payload: dict) -> HolidayInstallReport:
    """A ``calendar_year`` change pulled from the centre: checked like a file, then installed in ``session``.

    A bad table raises :class:`HolidayTableInvalid` (naming the year and every bad entry) before anything is
    written, so the caller can skip this change and go on with the rest of the sync.
    """
    return install_holiday_year(ledger, check_pulled_calendar_year(payload), session=session)


def check_pulled_calendar_year(payload: dict) -> HolidayYearTable:
    """The checked table of a pulled ``calendar_year`` change, with the checks of a holiday file; writes nothing.

    Raises :class:`HolidayTableInvalid` naming the year and every bad entry.
    """
    year = int(payload["year"])
    what = f"市中心发来的 {year} 年节假日表"
    days = payload.get("days")
    if not isinstance(days, list):
        raise HolidayTableInvalid(["没有日期列表"], what)
    entries = []
    for i, entry in enumerate(days, start=1):
        if not isinstance(entry, (list, tuple)) or len(entry) != 3:
            entries.append((f"第{i}条", entry, None, None))
            continue
        day, working, name = entry
        entries.append((f"第{i}条", day, working if isinstance(working, bool) else str(working), name))
    source = f"市中心：{payload.get('source') or ''}"[:100]
    return check_holiday_year(entries, year=year, source=source, what=what)


# ------------------------------------------------------------------------------------------ recounting
def recount_provisional_deadlines(ledger: Ledger, which: str) -> tuple[list[MovedDeadline], list[str]]:
    """Recount every open provisional deadline on the ledger's current calendar, in one transaction.

    For years that arrived another way than :func:`install_holiday_year` (a program update bundling a new
    year: ``Ledger.open`` calls this). ``which`` names the arrangement in the events' note.
    """
    with ledger.write() as s:
        result = _recount_provisional(ledger, s, calendar_from_session(s), which)
    ledger.calendar_changed()
    return result


def _recount_provisional(
    ledger: Ledger, s: Session, cal: HolidayCalendar, which: str
) -> tuple[list[MovedDeadline], list[str]]:
    ids = s.scalars(
        select(Opinion.id).where(
            Opinion.due_provisional.is_(True), Opinion.state.in_([st.value for st in OPEN_STATES])
        ).order_by(Opinion.registered_on, Opinion.id)
    ).all()  # fmt: skip
    moved: list[MovedDeadline] = []
    confirmed: list[str] = []
    for oid in ids:
        # The status as the clerk saw it (old calendar), then the same history on the new one.
        before = load_handle(s, oid, ledger.calendar()).status
        h = load_handle(s, oid, cal)
        recounted = _recount_base(h.events, cal)
        st = h.status
        if recounted is not None and (recounted[0], recounted[1]) != (st.base_due_date, st.base_due_provisional):
            new_base, provisional = recounted
            note = f"{which}节假日安排已确定，办理期限按正式安排重算"
            data = {
                "due_date": new_base.isoformat(), "provisional": provisional,
                "previous_due_date": st.base_due_date.isoformat() if st.base_due_date else None,
                "arrangement": which,
            }  # fmt: skip
            # Never dated before the history's last event (a clock set back, events from the centre): the
            # fold sorts by time, and the recomputation must come after the steps it recounts.
            when = max(ledger.now(), st.last_event_at) if st.last_event_at else ledger.now()
            append_step(ledger, s, h, K.DEADLINE_RECOMPUTED, when=when, note=note, data=data, check=False)
        else:
            _refresh_cache(s, h)
        after = h.status
        if after.due_date != before.due_date and before.due_date and after.due_date:
            label = f"{h.row['registered_on'].isoformat()} 登记“{_excerpt(h.row['content'])}”"
            moved.append(MovedDeadline(oid, label, before.due_date, after.due_date, after.due_provisional))
        elif not after.due_provisional:
            confirmed.append(oid)
    return moved, confirmed


def _excerpt(text: str, limit: int = 16) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit] + "…"


def _refresh_cache(s: Session, h: OpinionHandle) -> None:
    # A pause counted over the new year changes the folded deadline without any new event.
    st = h.status
    s.execute(
        update(Opinion).where(Opinion.id == h.id).values(due_date=st.due_date, due_provisional=st.due_provisional)
    )


def _recount_base(events: list[EventRecord], cal: HolidayCalendar) -> tuple[date, bool] | None:
    """The base deadline (before pauses) and its provisional flag, recounted from the events that set it.

    Only deadlines this program computed (their event carries ``due_provisional``) are recounted; a typed
    date, or one from an older version, is kept as it stands. None when the history sets no deadline.
    """
    base: date | None = None
    provisional = False
    try:
        for ev in sort_events(events):
            d = ev.data or {}
            if ev.kind in (K.TRANSFERRED, K.REGISTERED) and d.get("due_date"):
                on = ev.occurred_at.date()
                if "due_provisional" in d and d.get("time_limit_days"):
                    base, provisional = cal.deadline(on, int(d["time_limit_days"]))
                else:
                    base, provisional = date.fromisoformat(d["due_date"]), False
            elif ev.kind in (K.RETURNED, K.REOPENED):
                base, provisional = None, False
            elif ev.kind == K.EXTENDED and d.get("new_due_date"):
                if "due_provisional" in d and d.get("extra_days") and base is not None:
                    base, extra_provisional = cal.deadline(base, int(d["extra_days"]))
                    provisional = provisional or extra_provisional
                else:
                    base, provisional = date.fromisoformat(d["new_due_date"]), False
    except (CalendarYearMissing, ValueError, TypeError):
        return None
    return None if base is None else (base, provisional)


# ------------------------------------------------------------------------------------------ the notice
@dataclass(frozen=True)
class YearEndNotice:
    year: int
    message: str  # what is missing and why it matters
    what_to_do: str  # the steps, for the 工作台 and ``heshi-station check``

    def text(self) -> str:
        return f"{self.message}\n{self.what_to_do}"


def year_end_notice(ledger: Ledger, today: date | None = None) -> YearEndNotice | None:
    """From 1 November: a notice when next year's official holiday table is missing; otherwise None.

    (From 1 January the current year's table missing is reported the same way: deadlines are still 暂定.)
    """
    return notice_for_years(ledger.calendar().years, today or ledger.today())


def notice_for_years(official_years: set[int] | frozenset[int], today: date) -> YearEndNotice | None:
    """:func:`year_end_notice` from the set of years with an official table (``check`` reads it read-only)."""
    if today.year not in official_years:
        year = today.year
    elif today.month >= NOTICE_FROM_MONTH and today.year + 1 not in official_years:
        year = today.year + 1
    else:
        return None
    return YearEndNotice(
        year=year,
        message=(
            f"还没有 {year} 年的正式节假日安排。落在 {year} 年的办理期限暂按法定节假日计算，标注为“暂定”，"
            "调休上班日尚未计入。"
        ),
        what_to_do=(
            "国务院办公厅发布放假通知后：能联网的联络站点“同步”，从市中心取得节假日表；"
            "不同步的联络站在“基础数据”页点“导入节假日文件”（或运行 heshi-station import-holidays 文件），"
            "文件格式见使用说明“节假日与办理期限”。导入后，暂定的期限会自动重算并列出变化。"
        ),
    )

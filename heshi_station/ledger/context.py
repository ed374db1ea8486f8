"""The ledger's application context: one object passed explicitly to every operation (no globals).

Guarantees:
- ``write()`` yields a session inside one ``BEGIN IMMEDIATE`` transaction; it commits only if the block
  finishes, and rolls everything back (rows, events, audit, outbox) if anything raises;
- ``record_change`` writes the audit entry and the outbox entry for a change; operations call it inside
  the same ``write()`` block as the change itself, so the three are committed together or not at all;
- sessions never leave this module's context managers: callers receive plain dataclasses.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from heshi_protocol.workdays import HolidayCalendar, bundled_calendar_path, load_statutory_calendar
from heshi_station.db.engine import write_engine
from heshi_station.db.migrate import open_ledger
from heshi_station.db.models import (
    AuditEntry,
    CalendarDay,
    CalendarYear,
    Category,
    HandlingUnit,
    OutboxEntry,
    Station,
)
from heshi_station.db.types import new_id, now


def calendar_from_session(session: Session) -> HolidayCalendar:
    """The ledger's official years as stored, read through ``session`` (so uncommitted rows count), with the
    statutory provisional table behind them."""
    years = session.scalars(select(CalendarYear.year)).all()
    rows = session.execute(select(CalendarDay.day, CalendarDay.is_working_day, CalendarDay.name)).all()
    return HolidayCalendar.from_entries(years, [tuple(r) for r in rows], provisional=load_statutory_calendar())


@dataclass
class Ledger:
    engine: Engine
    clock: Callable[[], datetime] = now
    actor: str = ""
    _calendar: HolidayCalendar | None = field(default=None, init=False, repr=False)
    _local: threading.local = field(default_factory=threading.local, init=False, repr=False)
    _names: dict[str, dict[str, str]] | None = field(default=None, init=False, repr=False)

    @classmethod
    def open(cls, path: Path | str, *, clock: Callable[[], datetime] | None = None, actor: str = "") -> Ledger:
        """Open or create the ledger file (migrating it after a verified backup) and load the calendar."""
        ledger = cls(open_ledger(Path(path)), clock=clock or now, actor=actor)
        ledger._seed_bundled_calendar()
        ledger.calendar()  # load once now, so no operation pauses mid-transaction to read it
        return ledger

    def close(self) -> None:
        """Refresh the query planner's statistics where they went stale (cheap), then release the file."""
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA optimize")
        self.engine.dispose()

    # -- time ---------------------------------------------------------------------------------------
    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().date()

    # -- transactions -------------------------------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[Session]:
        """One ``BEGIN IMMEDIATE`` transaction; inside ``batch()`` on this thread, join the batch's instead."""
        outer = getattr(self._local, "batch", None)
        if outer is not None:
            # A savepoint keeps "nothing half-written" per operation even inside a bulk batch.
            with outer.begin_nested():
                yield outer
            return
        with Session(write_engine(self.engine), expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Run many operations on this thread in one transaction (bulk jobs: demo data, imports).

        Each operation still succeeds or fails whole (a savepoint each); the batch commits at the end.
        """
        with Session(write_engine(self.engine), expire_on_commit=False) as session, session.begin():
            self._local.batch = session
            try:
                yield
            finally:
                self._local.batch = None

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine) as session, session.begin():
            yield session

    def record_change(
        self, session: Session, action: str, entity: str, entity_id: str, payload: dict, *, op: str = "upsert"
    ) -> None:
        """Audit entry + outbox entry for one change, in the caller's transaction."""
        audit, outbox = self.change_rows(action, entity, entity_id, payload, op)
        session.add(AuditEntry(**audit))
        session.add(OutboxEntry(**outbox))

    def change_rows(self, action: str, entity: str, entity_id: str, payload: dict, op: str) -> tuple[dict, dict]:
        """The audit row and the outbox row that record one change (the one definition of both)."""
        now = self.now()
        audit = self.audit_row(action, entity, entity_id, {"op": op}, now)
        outbox = {
            "op_id": new_id(), "entity": entity, "entity_id": entity_id, "op": op, "payload": payload,
            "created_at": now, "status": "pending", "reject_code": "", "reject_message": "",
        }  # fmt: skip
        return audit, outbox

    def audit_row(self, action: str, entity: str, entity_id: str, detail: dict, at: datetime | None = None) -> dict:
        return {
            "id": new_id(), "at": at or self.now(), "actor": self.actor, "action": action, "entity": entity,
            "entity_id": entity_id, "detail": detail,
        }  # fmt: skip

    def audit(self, session: Session, action: str, entity: str, entity_id: str, detail: dict) -> None:
        """An audit entry only: for local changes the centre does not receive (e.g. settings)."""
        session.add(AuditEntry(**self.audit_row(action, entity, entity_id, detail)))

    def station(self, session: Session) -> Station | None:
        return session.scalars(select(Station).limit(1)).first()

    # -- holiday calendar ---------------------------------------------------------------------------
    def calendar(self) -> HolidayCalendar:
        """The working-day calendar as stored in the ledger (bundled data, later refreshed by the centre or a
        holiday file), with the statutory table behind it for the years it lacks (deadlines there are 暂定)."""
        if self._calendar is None:
            with self.read() as s:
                self._calendar = calendar_from_session(s)
        return self._calendar

    def reference_names(self, session: Session) -> dict[str, dict[str, str]]:
        """Names of handling units and categories by id (cached; reset by ``reference_changed``).

        Read through the caller's session so rows added earlier in the same transaction are seen.
        """
        if self._names is None:
            self._names = {
                "units": dict(session.execute(select(HandlingUnit.id, HandlingUnit.name)).all()),
                "categories": dict(session.execute(select(Category.id, Category.name)).all()),
            }
        return self._names

    def reference_changed(self) -> None:
        self._names = None

    def calendar_changed(self) -> None:
        self._calendar = None

    def _seed_bundled_calendar(self) -> None:
        """Add bundled years the ledger lacks; a year already present (e.g. from the centre) is kept."""
        bundled = json.loads(bundled_calendar_path().read_text(encoding="utf-8"))
        with self.write() as s:
            have = set(s.scalars(select(CalendarYear.year)).all())
            missing = sorted(int(y) for y in bundled["years"] if int(y) not in have)
            for year in missing:
                s.add(CalendarYear(year=year, source=bundled.get("source", "bundled")))
                days = bundled["years"][str(year)]
                for is_working, key in ((False, "holidays"), (True, "workdays")):
                    for day, name in days.get(key, []):
                        s.merge(CalendarDay(day=date.fromisoformat(day), is_working_day=is_working, name=name))
        if missing:
            self.calendar_changed()
            # A program update that bundles a year makes deadlines counted provisionally in it final: recount
            # them as if the year had been imported (lazy import: the recount module builds on this one).
            from heshi_station.ledger.holidays import recount_provisional_deadlines

            recount_provisional_deadlines(self, f"程序自带 {missing[-1]} 年" if len(missing) == 1 else "程序自带")

    def pending_outbox_count(self) -> int:
        with self.read() as s:
            return s.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.status == "pending"))

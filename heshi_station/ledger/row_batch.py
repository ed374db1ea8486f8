"""Collecting the rows one operation writes, then inserting them table by table with executemany.

The write path builds plain row mappings (so payloads and returned records come from the same values that
are stored) and writes them through SQLAlchemy Core: one statement per table instead of the ORM's
per-object unit of work, which keeps an operation's cost close to SQLite's own.
"""

from __future__ import annotations

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from heshi_station.db.models import (
    AuditEntry,
    Opinion,
    OpinionEvent,
    OutboxEntry,
    Reception,
    Visitor,
    opinion_deputy,
    reception_deputy,
)
from heshi_station.ledger.context import Ledger

# Parents before children (foreign keys are enforced); audit and outbox last, so outbox seq follows the data.
INSERT_ORDER: tuple[Table, ...] = (
    Reception.__table__,
    Visitor.__table__,
    reception_deputy,
    Opinion.__table__,
    opinion_deputy,
    OpinionEvent.__table__,
    AuditEntry.__table__,
    OutboxEntry.__table__,
)


# Built once: constructing statements costs more than executing them on this hot path.
_INSERTS = {table: insert(table) for table in INSERT_ORDER}


class RowBatch:
    def __init__(self) -> None:
        self.by_table: dict[Table, list[dict]] = {}

    def add(self, table: Table, row: dict) -> None:
        if table not in INSERT_ORDER:
            raise ValueError(f"RowBatch does not write table {table.name}")
        self.by_table.setdefault(table, []).append(row)

    def change(self, ledger: Ledger, action: str, entity: str, entity_id: str, payload: dict, op: str) -> None:
        """The audit row and the outbox row of one change (written with the data, in its transaction)."""
        audit, outbox = ledger.change_rows(action, entity, entity_id, payload, op)
        self.add(AuditEntry.__table__, audit)
        self.add(OutboxEntry.__table__, outbox)

    def write(self, session: Session) -> None:
        conn = session.connection()  # Core directly: the ORM execution layer is most of the cost here
        for table in INSERT_ORDER:
            rows = self.by_table.get(table)
            if rows:
                conn.execute(_INSERTS[table], rows)
        self.by_table.clear()

"""Collecting the rows one operation writes, then inserting them table by table with executemany.

The write path builds plain row mappings (so payloads and returned records come from the same values that
are stored) and writes them with one prebuilt INSERT per table executed on the DBAPI cursor of the
caller's connection — inside the caller's transaction — so an operation costs about what SQLite itself
costs (issue 9 §9: SQLAlchemy's per-statement execution context was a third of the time).

Guarantee: every value is converted exactly as SQLAlchemy would bind it (each column type's own bind
processor: aware datetimes as ISO text, dates, booleans, JSON), so rows written here read back through
the models unchanged. A table is written in the column order of the first row's keys; every row of a
table must have the same keys (they are built by one function each).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Table
from sqlalchemy.engine import Dialect
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


# Built once per (table, columns): constructing statements costs more than executing them on this hot path.
_Prepared = tuple[str, tuple[str, ...], tuple[Callable | None, ...]]
_PREPARED: dict[tuple[Table, tuple[str, ...]], _Prepared] = {}


def _prepared(table: Table, keys: tuple[str, ...], dialect: Dialect) -> _Prepared:
    found = _PREPARED.get((table, keys))
    if found is None:
        columns = ", ".join(f'"{k}"' for k in keys)
        sql = f'INSERT INTO "{table.name}" ({columns}) VALUES ({", ".join("?" for _ in keys)})'
        processors = tuple(table.c[k].type._cached_bind_processor(dialect) for k in keys)
        found = _PREPARED[(table, keys)] = (sql, keys, processors)
    return found


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
        conn = session.connection()  # begins the caller's transaction if it has not begun yet
        dialect = conn.dialect
        cursor = conn.connection.dbapi_connection.cursor()
        try:
            for table in INSERT_ORDER:
                rows = self.by_table.get(table)
                if not rows:
                    continue
                sql, keys, processors = _prepared(table, tuple(rows[0]), dialect)
                cursor.executemany(
                    sql,
                    [
                        tuple(
                            v if p is None else p(v)
                            for p, v in zip(processors, map(row.__getitem__, keys), strict=True)
                        )
                        for row in rows
                    ],
                )
        finally:
            cursor.close()
        self.by_table.clear()

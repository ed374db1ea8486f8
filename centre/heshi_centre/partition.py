"""Declarative partitioning of the tables that grow with stations' records (PostgreSQL only).

``heshi-centre partition --plan`` prints one SQL script, to be read, then run with ``psql -1`` in a maintenance
window with the service stopped (it rewrites every listed table under an exclusive lock). Each listed table
becomes ``PARTITION BY HASH (station_id)`` with ``--partitions`` parts (default 16), keeping its columns,
defaults, sequences, indexes, unique and foreign keys under the same names. Hash by station spreads every
district's stations evenly and is the same key Citus would distribute by (see README, 市中心的部署与容量).

Guarantees (tested on real PostgreSQL in tests/sync/test_centre_partition.py):
- every key the planner needs includes ``station_id`` (a partitioned table's primary and unique keys must
  include the partition key): ``plan_problems`` lists any model change that breaks this, and
  ``partition_plan`` refuses to print a plan then (``PartitionPlanRefused``);
- tables whose primary key is a plain ``id`` get ``(station_id, id)``: ``id`` stays unique in practice (a
  sequence or a UUID) but is no longer checked alone;
- no other table references a listed one, so none needs a foreign key it cannot have;
- the rows are copied as they are; the push, pull and console code needs no change.
"""

from __future__ import annotations

from sqlalchemy import ForeignKeyConstraint, Table, UniqueConstraint
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import AddConstraint, CreateIndex

from heshi_centre.errors import CentreError
from heshi_centre.models import Base

# Tables that grow with records, events and opinions (one row per thing a station did or sent).
GROWING_TABLES = (
    "received_op",
    "push_log",
    "station_record",
    "centre_event",
    "ledger_reception",
    "ledger_opinion",
    "ledger_opinion_event",
    "ledger_opinion_unit",
    "ledger_attendance",
)
KEY = "station_id"


class PartitionPlanRefused(CentreError):
    code = "partition_plan_refused"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def plan_problems(metadata=Base.metadata) -> list[str]:
    """Why the growing tables could not be partitioned by ``station_id`` as the models stand (empty: they can)."""
    problems = []
    for name in GROWING_TABLES:
        table: Table = metadata.tables[name]
        if KEY not in table.c or table.c[KEY].nullable:
            problems.append(f"{name}: 没有非空的 {KEY} 列")
        for uq in table.constraints:
            if isinstance(uq, UniqueConstraint) and KEY not in uq.columns:
                problems.append(f"{name}: 唯一约束 {uq.name} 不含 {KEY}")
        for idx in table.indexes:
            if idx.unique and KEY not in idx.columns:
                problems.append(f"{name}: 唯一索引 {idx.name} 不含 {KEY}")
    for table in metadata.tables.values():
        for fk in table.foreign_key_constraints:
            if fk.referred_table.name in GROWING_TABLES:
                problems.append(f"{table.name}: 外键指向要分区的表 {fk.referred_table.name}")
    return problems


def _ddl(element) -> str:
    return str(element.compile(dialect=postgresql.dialect())).strip()


def _table_plan(table: Table, partitions: int) -> list[str]:
    name, new = table.name, f"{table.name}__partitioned"
    pk_cols = [c.name for c in table.primary_key.columns]
    if KEY not in pk_cols:
        pk_cols = [KEY, *pk_cols]
    out = [
        f"-- {name}: hash by {KEY}, {partitions} parts",
        f"CREATE TABLE {_q(new)} (LIKE {_q(name)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)"
        f" PARTITION BY HASH ({_q(KEY)});",
    ]
    out += [
        f"CREATE TABLE {_q(f'{name}_h{i:02d}')} PARTITION OF {_q(new)}"
        f" FOR VALUES WITH (MODULUS {partitions}, REMAINDER {i});"
        for i in range(partitions)
    ]
    out.append(f"INSERT INTO {_q(new)} SELECT * FROM {_q(name)};")
    for col in table.primary_key.columns:
        serial = col.autoincrement is True or (col.autoincrement == "auto" and len(table.primary_key.columns) == 1)
        if serial and col.type.python_type is int:
            # BIGSERIAL: the sequence belongs to the old column; move it before the old table is dropped.
            out.append(f"ALTER SEQUENCE {_q(f'{name}_{col.name}_seq')} OWNED BY {_q(new)}.{_q(col.name)};")
    out += [f"DROP TABLE {_q(name)};", f"ALTER TABLE {_q(new)} RENAME TO {_q(name)};"]
    pk_name = table.primary_key.name or f"pk_{name}"
    out.append(
        f"ALTER TABLE {_q(name)} ADD CONSTRAINT {_q(pk_name)} PRIMARY KEY ({', '.join(_q(c) for c in pk_cols)});"
    )
    for c in sorted(table.constraints, key=lambda c: str(c.name)):
        if isinstance(c, UniqueConstraint | ForeignKeyConstraint):
            out.append(_ddl(AddConstraint(c)) + ";")
    for idx in sorted(table.indexes, key=lambda i: str(i.name)):
        out.append(_ddl(CreateIndex(idx)) + ";")
    out.append(f"ANALYZE {_q(name)};")
    return out


def partition_plan(partitions: int = 16, metadata=Base.metadata) -> str:
    """The SQL script (one transaction) that partitions every growing table; refused if the keys do not allow."""
    if problems := plan_problems(metadata):
        raise PartitionPlanRefused("这些表暂时不能按联络站分区：" + "；".join(problems))
    if not 2 <= partitions <= 1024:
        raise PartitionPlanRefused("分区数应在 2 到 1024 之间")
    lines = [
        "-- heshi-centre: partition the growing tables by station (PostgreSQL). Stop the service, back up, then:",
        '--   psql -v ON_ERROR_STOP=1 -1 -f this-file.sql "$DATABASE_URL"   (libpq form of the URL)',
        "BEGIN;",
        "SET LOCAL lock_timeout = '30s';",
    ]
    for name in GROWING_TABLES:
        lines += _table_plan(metadata.tables[name], partitions)
    lines.append("COMMIT;")
    return "\n".join(lines) + "\n"

"""Writing many rows of one table in one statement, inside the caller's transaction (the push's projection).

Guarantees:
- ``upsert_rows`` / ``update_rows`` / ``insert_rows`` have the same effect on PostgreSQL and SQLite:
  insert-or-replace by primary key, update by primary key, plain insert;
- on PostgreSQL each call is ONE statement whatever the number of rows: the rows travel as one JSON
  parameter and the server reads them with ``json_to_recordset`` (no per-row round trip, no per-row SQL
  compilation, no per-value parameter encoding in Python);
- on SQLite they go through SQLAlchemy Core ``executemany`` in chunks (SQLite runs in-process, so there is
  no round trip to save);
- every row of one call must carry the same keys; a call with no rows does nothing.

Why not COPY: the projection tables are updated in place (a re-sent snapshot replaces the row), and an
``INSERT … SELECT FROM json_to_recordset(…) ON CONFLICT`` does that in one statement without a temporary table.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, Text, bindparam, cast, func, insert, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from heshi_centre import json_text

CHUNK = 500  # SQLite executemany chunk


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


@contextmanager
def pipeline(session: Session) -> Iterator[None]:
    """On PostgreSQL, send the writes made inside (``upsert_rows``/``insert_rows``/``update_rows``/
    ``delete_where``) without waiting for each answer: one round trip for all of them, errors raised at the
    end of the block. Do not read results inside. Elsewhere it does nothing."""
    if not _is_postgres(session):
        yield
        return
    with session.connection().connection.driver_connection.pipeline():
        yield


def delete_where(session: Session, model, station_id: int, column: str, values: Sequence[str], **equal: str) -> None:
    """Delete this station's rows whose ``column`` is one of ``values`` and whose other columns named in
    ``equal`` hold those values (a plain statement, no ORM session synchronisation)."""
    if not values:
        return
    table = model.__table__
    if not _is_postgres(session):
        fixed = [table.c[k] == v for k, v in equal.items()]
        for i in range(0, len(values), CHUNK):
            chunk = list(values[i : i + CHUNK])
            session.execute(table.delete().where(table.c.station_id == station_id, table.c[column].in_(chunk), *fixed))
        return
    fixed = "".join(f' AND t."{table.c[k].name}" = %s' for k in equal)
    sql = (
        f"DELETE FROM {table.name} AS t USING unnest(%s::text[]) AS k(v) "
        f'WHERE t.station_id = %s AND t."{column}" = k.v{fixed}'
    )
    _execute(session, sql, (text_array(values), station_id, *equal.values()))


def text_array(values: Sequence) -> str:
    """``values`` as ONE PostgreSQL array literal, for a ``%s::text[]`` parameter: every element quoted, ``\\`` and
    ``"`` escaped, None as NULL. psycopg dumps a list parameter element by element in Python, about six times
    slower than this join — a push sends arrays of thousands of ids."""
    return (
        "{"
        + ",".join(
            "NULL" if v is None else '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values
        )
        + "}"
    )


def where_in(session: Session, stmt, column, values: Sequence[str]):
    """``stmt`` (a SELECT or DELETE) restricted to rows whose ``column`` is one of ``values``.

    On PostgreSQL the values travel as one array parameter and are JOINed as ``unnest(…)``: one statement
    text for any number of values and an index lookup per value. (``column = ANY(array)`` and
    ``IN (SELECT unnest(…))`` were planned as a filter over the station's whole history whenever the
    planner's row estimate was low — a fresh or un-analysed table — which made each push batch slower the
    more the station had already sent.)
    """
    if not _is_postgres(session):
        return stmt.where(column.in_(list(values)))
    literal = bindparam(None, text_array(values), type_=Text, unique=True)
    keys = func.unnest(cast(literal, ARRAY(Text))).table_valued("v")
    keys = keys.render_derived(name=f"k_{column.name}")
    if stmt.is_delete:
        return stmt.where(column == keys.c.v)
    return stmt.join(keys, column == keys.c.v)


def _array_type(column, dialect) -> tuple[str, str]:
    """(array type the parameter is sent as, column type to cast each element to in the SELECT)."""
    real = column.type.compile(dialect=dialect)
    kind = column.type
    if isinstance(kind, JSON) or real in ("JSON", "JSONB"):
        return "text[]", real  # JSON travels as its text and is parsed by the server
    if isinstance(kind, DateTime):
        return "timestamptz[]", real
    if isinstance(kind, Date):
        return "date[]", real
    if isinstance(kind, Boolean):
        return "bool[]", real
    if isinstance(kind, Integer):
        return "int8[]", real
    return "text[]", real


def _columns(model, names: Sequence[str], dialect) -> list[tuple[str, str, str, bool]]:
    """(name, array type, element cast, is JSON) per column name."""
    table = model.__table__
    out = []
    for name in names:
        column = table.c[name]
        array, cast = _array_type(column, dialect)
        out.append((name, array, cast, array == "text[]" and cast in ("JSON", "JSONB")))
    return out


def _json_rows(rows: Sequence[dict], columns) -> list[str]:
    """The rows as ONE JSON parameter (an array of objects) for ``json_to_recordset``.

    One ``json_text.dumps`` of the whole batch instead of one array per column: psycopg dumps list parameters
    element by element in Python, which was the centre's largest single cost in a push. JSON columns travel
    as nested JSON (parsed once, by the server); times and days as ISO text, read back by their column type;
    a value of a text column that is not a string as its ``str``.
    """
    names = [name for name, _array, _cast, _is_json in columns]
    text = [name for name, array, _cast, is_json in columns if array == "text[]" and not is_json]
    out = [{name: row[name] for name in names} for row in rows]
    for item in out:
        for name in text:
            value = item[name]
            if value is not None and type(value) is not str:
                item[name] = str(value)
    return [json_text.dumps(out)]


def _unnest(columns) -> tuple[str, str]:
    """(``json_to_recordset(%s::json) AS u(c type, …)``, ``u.c::type, …``): the rows of ``_json_rows``.

    Each field is read as the plain type it travelled as (``text``, ``int8``, …; JSON as JSON) and then cast
    to the column's type explicitly, as the array parameters were: an explicit cast to ``varchar(n)``
    truncates where reading straight into ``varchar(n)`` would refuse the row — and projecting must never
    refuse a push."""
    names = ", ".join(f'"{name}" {cast if is_json else array[:-2]}' for name, array, cast, is_json in columns)
    select = ", ".join(f'u."{name}"::{cast}' for name, _array, cast, _j in columns)
    return f"json_to_recordset(%s::json) AS u({names})", select


def _with_defaults(model, rows: Sequence[dict]) -> list[dict]:
    """Rows completed with the Python-side column defaults SQLAlchemy would apply on INSERT."""
    missing = {}
    for column in model.__table__.columns:
        if column.name in rows[0] or column.default is None:
            continue
        d = column.default
        if d.is_scalar:
            missing[column.name] = lambda d=d: d.arg
        elif d.is_callable:
            missing[column.name] = lambda d=d: d.arg(None)
    if not missing:
        return list(rows)
    return [{**row, **{name: make() for name, make in missing.items()}} for row in rows]


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)


def _execute(session: Session, sql: str, params) -> None:
    # The connection's own execute, not a cursor closed at once: closing a cursor would wait for its
    # answer, which inside ``pipeline`` is exactly what must not happen.
    session.connection().connection.driver_connection.execute(sql, params)


def upsert_rows(session: Session, model, rows: Sequence[dict]) -> None:
    """Insert each row, or replace the non-key columns of the row with the same primary key."""
    if not rows:
        return
    keys = [c.name for c in model.__table__.primary_key.columns]
    names = list(rows[0])
    others = [n for n in names if n not in keys]
    if not _is_postgres(session):
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        for i in range(0, len(rows), CHUNK):
            stmt = sqlite_insert(model)
            stmt = stmt.on_conflict_do_update(index_elements=keys, set_={c: stmt.excluded[c] for c in others})
            session.execute(stmt, list(rows[i : i + CHUNK]))
        return
    rows = _with_defaults(model, rows)
    columns = _columns(model, list(rows[0]), session.get_bind().dialect)
    source, select = _unnest(columns)
    action = "DO UPDATE SET " + ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in others) if others else "DO NOTHING"
    sql = (
        f"INSERT INTO {model.__tablename__} ({_quoted(list(rows[0]))}) "
        f"SELECT {select} FROM {source} ON CONFLICT ({_quoted(keys)}) {action}"
    )
    _execute(session, sql, _json_rows(rows, columns))


def insert_rows(session: Session, model, rows: Sequence[dict]) -> None:
    """Insert every row (a key already present is an IntegrityError, as with a plain INSERT); columns left
    out get their Python-side defaults, as with SQLAlchemy's ``insert``."""
    if not rows:
        return
    if not _is_postgres(session):
        conn = session.connection()  # Core executemany: the ORM's bulk path costs more per row than the row
        for i in range(0, len(rows), CHUNK):
            conn.execute(insert(model.__table__), list(rows[i : i + CHUNK]))
        return
    rows = _with_defaults(model, rows)
    names = list(rows[0])
    columns = _columns(model, names, session.get_bind().dialect)
    source, select = _unnest(columns)
    sql = f"INSERT INTO {model.__tablename__} ({_quoted(names)}) SELECT {select} FROM {source}"
    _execute(session, sql, _json_rows(rows, columns))


def update_rows(session: Session, model, rows: Sequence[dict]) -> None:
    """Update each row found by its primary key (rows whose key is absent change nothing)."""
    if not rows:
        return
    keys = [c.name for c in model.__table__.primary_key.columns]
    names = list(rows[0])
    if not _is_postgres(session):
        for i in range(0, len(rows), CHUNK):
            session.execute(update(model), list(rows[i : i + CHUNK]))
        return
    columns = _columns(model, names, session.get_bind().dialect)
    source, _select = _unnest(columns)
    casts = {name: cast for name, _a, cast, _j in columns}
    assignments = ", ".join(f'"{n}" = u."{n}"::{casts[n]}' for n in names if n not in keys)
    match = " AND ".join(f't."{k}" = u."{k}"::{casts[k]}' for k in keys)
    sql = f"UPDATE {model.__tablename__} AS t SET {assignments} FROM {source} WHERE {match}"
    _execute(session, sql, _json_rows(rows, columns))

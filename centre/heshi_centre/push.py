"""Applying a station's push batch: one transaction, sequence order, per-op answers.

Guarantees (the caller commits the session after ``apply_push`` returns and replies only after that):
- the station row is locked first, so two pushes from one station never interleave;
- ``after`` beyond the stored cursor is a gap and is refused (``SequenceGap`` with the expected number);
  ``after`` at or behind the cursor is a re-send: ops already held answer ``duplicate`` (or their original
  rejection), new ones are applied — the centre de-duplicates by (station, op_id);
- each op is applied, a duplicate, or rejected with a code and a Chinese message; a rejection never stops
  the ops after it;
- the cursor, the ops log, the records and the push log are written in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from heshi_centre import json_text
from heshi_centre.bulk_write import text_array, where_in
from heshi_centre.errors import BadBatch, SequenceGap
from heshi_centre.models import CentreStation, PushLog, ReceivedOp, StationRecord, utcnow
from heshi_centre.projection import PlannedRows, planned_rows, project_records
from heshi_protocol import kill_points
from heshi_protocol.kill_points import kill_point
from heshi_protocol.schemas import MAX_RECORD_BYTES, PushOp, record_problems
from heshi_protocol.schemas.fields import FORBIDDEN_CHARACTERS
from heshi_protocol.wire import (
    APPEND_ONLY_ENTITIES,
    STATION_ENTITIES,
    STATUS_APPLIED,
    STATUS_DUPLICATE,
    STATUS_REJECTED,
)

# Fields a payload must carry per entity, with the Chinese name used in rejection messages.
REQUIRED_FIELDS = {
    "station": {"code": "联络站编码", "name": "联络站名称"},
    "deputy": {"name": "代表姓名"},
    "handling_unit": {"name": "办理单位名称"},
    "category": {"name": "意见类别"},
    "reception": {"received_at": "接待时间", "matter": "反映事项"},
    "opinion": {"content": "意见内容"},
    "opinion_event": {"opinion_id": "所属意见", "kind": "办理类型", "occurred_at": "办理时间"},
    "reception_day": {"day": "接待日期"},
    "attendance": {"deputy_id": "代表", "day": "日期", "status": "出席情况"},
    "duty_activity": {"kind": "活动类型", "day": "活动日期"},
    "report_back": {"deputy_id": "述职代表", "day": "述职日期"},
    "project_vote": {"year": "票决年度", "day": "票决日期", "rule": "通过规则"},
    "training": {"topic": "培训主题", "day": "培训日期"},
}


@dataclass
class Answer:
    seq: int
    op_id: str
    status: str
    code: str = ""
    message: str = ""

    def as_dict(self) -> dict:
        return {"seq": self.seq, "op_id": self.op_id, "status": self.status, "code": self.code, "message": self.message}


def _upsert(session: Session):
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    stmt = dialect_insert(StationRecord)
    return stmt.on_conflict_do_update(
        index_elements=["station_id", "entity", "entity_id"],
        set_={"payload": stmt.excluded.payload, "seq": stmt.excluded.seq, "updated_at": stmt.excluded.updated_at},
    )


def _problem(station: CentreStation, op: PushOp, payload_text: str) -> tuple[str, str] | None:
    """Why this op cannot be applied (code, Chinese message), judged on the op alone."""
    if op.entity not in STATION_ENTITIES:
        return "unknown_entity", f"市中心不接收此类记录：{op.entity}"
    expected_op = "append" if op.entity in APPEND_ONLY_ENTITIES else "upsert"
    if op.op != expected_op:
        return "bad_op", f"{op.entity} 记录只能以 {expected_op} 方式提交，收到 {op.op}"
    p = op.payload
    if len(payload_text) > MAX_RECORD_BYTES // 4 and len(payload_text.encode("utf-8")) > MAX_RECORD_BYTES:
        return "record_too_large", f"记录内容过大（上限 {MAX_RECORD_BYTES // 1024} KB）"
    for field, label in REQUIRED_FIELDS[op.entity].items():
        value = p.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            return "missing_field", f"缺少“{label}”"
    found = record_problems(op.entity, p)
    if found:
        return "bad_payload", "；".join(found)
    if p.get("id") != op.entity_id:
        return "bad_payload", "记录内容中的编号与记录编号不一致"
    if op.entity == "station" and p.get("code") != station.code:
        return "station_mismatch", f"联络站编码 {p.get('code')} 与本站在市中心登记的编码 {station.code} 不一致"
    return None


def apply_push(session: Session, station_id: int, after: int, ops: list[PushOp]) -> tuple[int, list[Answer]]:
    """Apply one batch; returns (new cursor, answers in op order). Raises SequenceGap / BadBatch."""
    station = session.execute(
        select(CentreStation).where(CentreStation.id == station_id).with_for_update()
    ).scalar_one()
    cursor = station.push_cursor
    if after > cursor:
        raise SequenceGap(
            f"市中心缺少本站第 {cursor + 1} 条及以后的记录，需要从该处重新发送",
            expected_seq=cursor + 1,
        )
    previous = after
    for op in ops:
        if op.seq <= previous:
            raise BadBatch("批次中的记录序号必须从 after 之后严格递增")
        if not isinstance(op.payload, dict):
            raise BadBatch(f"第 {op.seq} 条记录的内容不是 JSON 对象")
        previous = op.seq
    if not ops:
        return cursor, []

    # Every op the centre holds has seq <= cursor, so only a re-sent part of the batch can be held.
    resent = [o.op_id for o in ops if o.seq <= cursor]
    held = (
        {
            row.op_id: row
            for row in session.execute(
                where_in(
                    session,
                    select(ReceivedOp.op_id, ReceivedOp.status, ReceivedOp.code, ReceivedOp.message).where(
                        ReceivedOp.station_id == station_id
                    ),
                    ReceivedOp.op_id,
                    resent,
                )
            )
        }
        if resent
        else {}
    )
    batch_opinions = {o.entity_id for o in ops if o.entity == "opinion"}
    opinion_refs = {str(o.payload.get("opinion_id")) for o in ops if o.entity == "opinion_event"} - batch_opinions
    # Looked up before the records are validated: a reference no record could hold (a character the shared
    # schema refuses — a NUL, which PostgreSQL refuses in a text parameter, or a lone surrogate) is not looked
    # up; its event fails validation below.
    opinion_refs = {r for r in opinion_refs if not FORBIDDEN_CHARACTERS.search(r)}
    known_opinions = (
        set(
            session.scalars(
                where_in(
                    session,
                    select(StationRecord.entity_id).where(
                        StationRecord.station_id == station_id, StationRecord.entity == "opinion"
                    ),
                    StationRecord.entity_id,
                    sorted(opinion_refs),
                )
            )
        )
        if opinion_refs
        else set()
    )
    append_ids = [o.entity_id for o in ops if o.entity in APPEND_ONLY_ENTITIES]
    existing_appends = (
        {
            (r.entity, r.entity_id): r.payload
            for r in session.execute(
                where_in(
                    session,
                    select(StationRecord.entity, StationRecord.entity_id, StationRecord.payload).where(
                        StationRecord.station_id == station_id, StationRecord.entity.in_(APPEND_ONLY_ENTITIES)
                    ),
                    StationRecord.entity_id,
                    append_ids,
                )
            )
        }
        if append_ids
        else {}
    )

    now = utcnow()
    answers: list[Answer] = []
    records: dict[tuple[str, str], dict] = {}
    record_texts: dict[tuple[str, str], str] = {}
    log_rows: list[dict] = []
    seen_in_batch: set[str] = set()
    half = len(ops) // 2
    for i, op in enumerate(ops):
        if i == half and i > 0:
            session.flush()
            kill_point("mid_batch", kill_points.CENTRE)
        if op.op_id in held:
            h = held[op.op_id]
            if op.entity == "opinion" and h.status != STATUS_REJECTED:
                # Not looked up in the database (it is in this batch), but the centre holds it.
                known_opinions.add(op.entity_id)
            answers.append(
                Answer(op.seq, op.op_id, STATUS_REJECTED, h.code, h.message)
                if h.status == STATUS_REJECTED
                else Answer(op.seq, op.op_id, STATUS_DUPLICATE)
            )
            continue
        if op.op_id in seen_in_batch:
            answers.append(Answer(op.seq, op.op_id, STATUS_DUPLICATE))
            continue
        seen_in_batch.add(op.op_id)
        payload_text = json_text.dumps(op.payload)
        problem = _problem(station, op, payload_text)
        key = (op.entity, op.entity_id)
        if problem is None and op.entity == "opinion_event" and str(op.payload["opinion_id"]) not in known_opinions:
            problem = ("unknown_opinion", "市中心没有这条办理记录所属的意见（意见本身未同步或被退回）")
        status = STATUS_APPLIED
        if problem is None and op.entity in APPEND_ONLY_ENTITIES:
            before = records.get(key, existing_appends.get(key))
            if before is not None:
                if before == op.payload:
                    status = STATUS_DUPLICATE
                else:
                    problem = ("append_conflict", "办理记录一经提交不能修改；如需更正请新增一条办理记录")
        if problem is not None:
            answers.append(Answer(op.seq, op.op_id, STATUS_REJECTED, *problem))
        else:
            answers.append(Answer(op.seq, op.op_id, status))
            if status == STATUS_APPLIED:
                records[key] = op.payload
                record_texts[key] = payload_text
                if op.entity == "opinion":
                    known_opinions.add(op.entity_id)
        a = answers[-1]
        log_rows.append(
            {
                "station_id": station_id,
                "seq": op.seq,
                "op_id": op.op_id,
                "entity": op.entity,
                "entity_id": op.entity_id,
                "op": op.op,
                "status": a.status,
                "code": a.code,
                "message": a.message,
                "received_at": now,
            }
        )

    last_seq_of = {(o.entity, o.entity_id): o.seq for o in ops}
    record_rows = [
        {
            "station_id": station_id,
            "entity": entity,
            "entity_id": entity_id,
            "payload": payload,
            "seq": last_seq_of[(entity, entity_id)],
            "updated_at": now,
        }
        for (entity, entity_id), payload in records.items()
    ]

    def plan() -> PlannedRows:
        return planned_rows(station_id, records)

    if session.get_bind().dialect.name == "postgresql":
        planned = _write_with_copy(session, log_rows, record_rows, record_texts, meanwhile=plan)
    else:
        if record_rows:
            session.execute(_upsert(session), record_rows)
        if log_rows:
            session.execute(insert(ReceivedOp), log_rows)
        planned = plan()
    project_records(session, station_id, records, planned)
    station.push_cursor = max(cursor, ops[-1].seq)
    station.push_cursor_at = now
    counts = {s: sum(1 for a in answers if a.status == s) for s in (STATUS_APPLIED, STATUS_DUPLICATE, STATUS_REJECTED)}
    session.add(
        PushLog(
            station_id=station_id,
            after=after,
            last_seq=ops[-1].seq,
            applied=counts[STATUS_APPLIED],
            duplicate=counts[STATUS_DUPLICATE],
            rejected=counts[STATUS_REJECTED],
            at=now,
        )
    )
    return station.push_cursor, answers


LOG_COLUMNS = ("station_id", "seq", "op_id", "entity", "entity_id", "op", "status", "code", "message", "received_at")


def _write_with_copy(session: Session, log_rows: list[dict], record_rows: list[dict], texts: dict, meanwhile):
    """PostgreSQL: COPY the ops log; COPY records the centre does not hold yet straight into ``station_record``,
    and merge the others (updated snapshots) through a temporary table with one upsert. Returns what
    ``meanwhile()`` returns: it runs once the last COPY's rows are sent, while the server still works through
    them (the push builds its console rows there instead of waiting).

    Same transaction as everything else (the session's connection); the station row is locked, so which
    records exist cannot change underneath. COPY still enforces the unique (station, op_id) constraint, so
    the second guard holds.
    """
    raw = session.connection().connection.driver_connection
    with raw.cursor() as cur:
        if log_rows:
            with cur.copy(f"COPY received_op ({', '.join(LOG_COLUMNS)}) FROM STDIN") as copy:
                for row in log_rows:
                    copy.write_row(tuple(row[c] for c in LOG_COLUMNS))
        if not record_rows:
            return meanwhile()
        station_id = record_rows[0]["station_id"]
        cur.execute(
            "SELECT r.entity, r.entity_id FROM station_record r "
            "JOIN unnest(%s::text[], %s::text[]) AS k(entity, entity_id) "
            "ON r.entity = k.entity AND r.entity_id = k.entity_id WHERE r.station_id = %s",
            (
                text_array([r["entity"] for r in record_rows]),
                text_array([r["entity_id"] for r in record_rows]),
                station_id,
            ),
        )
        held = set(cur.fetchall())
        new = [r for r in record_rows if (r["entity"], r["entity_id"]) not in held]
        updated = [r for r in record_rows if (r["entity"], r["entity_id"]) in held]
        columns = "station_id, entity, entity_id, payload, seq, updated_at"
        if updated:
            cur.execute(
                "CREATE TEMP TABLE IF NOT EXISTS incoming_record (station_id bigint, entity varchar(30), "
                "entity_id varchar(64), payload text, seq bigint, updated_at timestamptz) ON COMMIT DELETE ROWS"
            )
            with cur.copy(f"COPY incoming_record ({columns}) FROM STDIN") as copy:
                for r in updated:
                    copy.write_row(_record_tuple(r, texts))
            cur.execute(
                f"INSERT INTO station_record ({columns}) "
                "SELECT station_id, entity, entity_id, payload::jsonb, seq, updated_at FROM incoming_record "
                "ON CONFLICT (station_id, entity, entity_id) DO UPDATE SET payload = EXCLUDED.payload, "
                "seq = EXCLUDED.seq, updated_at = EXCLUDED.updated_at"
            )
            cur.execute("DELETE FROM incoming_record")
        if not new:
            return meanwhile()
        # New records last: reading their JSON is the server's largest part, done while ``meanwhile`` runs.
        with cur.copy(f"COPY station_record ({columns}) FROM STDIN") as copy:
            for r in new:
                copy.write_row(_record_tuple(r, texts))
            return meanwhile()


def _record_tuple(r: dict, texts: dict) -> tuple:
    return (r["station_id"], r["entity"], r["entity_id"], texts[(r["entity"], r["entity_id"])], r["seq"],
            r["updated_at"])  # fmt: skip

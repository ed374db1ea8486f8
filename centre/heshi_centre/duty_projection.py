"""Keeping the duty tables (``duty_models``) current with the duty records stations send (issue 14).

Guarantees:
- ``project_duties`` runs inside the push's transaction (called from ``projection.project_records``): the
  duty tables change exactly when the stored records do, or not at all;
- a record's row and all its children (participants, voters, projects, attendees) are replaced whole by its
  latest snapshot, so a correction that drops a participant drops it here too;
- batch-friendly: per table, one DELETE of the pushed records' rows and one INSERT of all its rows
  (``bulk_write``), never a statement per record; nothing is read back, so it can run in a pipeline;
- projecting never refuses a push: a value that cannot be read is stored empty or 0 (the raw record stays in
  ``station_record``); a project's adoption and a report-back's result come from ``heshi_protocol.duty_rules``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy.orm import Session

from heshi_centre.bulk_write import delete_where, insert_rows
from heshi_centre.derived_tables import enabled
from heshi_centre.duty_models import (
    LedgerDutyActivity,
    LedgerDutyParticipant,
    LedgerProjectVote,
    LedgerRecordDeputy,
    LedgerReportBack,
    LedgerTraining,
    LedgerTrainingAttendee,
    LedgerVoteDeputy,
    LedgerVoteProject,
)
from heshi_centre.stored_records import record_pages
from heshi_protocol.duty_rules import adopted, evaluate

DUTY_ENTITIES = ("duty_activity", "report_back", "project_vote", "training")
LINKED_ENTITIES = ("reception", "opinion")  # their deputy links feed the archive


def _day(value) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def _int(value) -> int:
    try:
        return max(int(value or 0), 0)
    except (TypeError, ValueError):
        return 0


def _float(value) -> float:
    try:
        return max(float(value or 0), 0.0)
    except (TypeError, ValueError):
        return 0.0


def _text(value, limit: int) -> str:
    return str(value or "")[:limit]


def _ids(value) -> list[str]:
    """A snapshot's list of deputy ids, de-duplicated in order (bad entries skipped)."""
    return list(dict.fromkeys(_text(d, 64) for d in value if d)) if isinstance(value, list) else []


def _common(station_id: int, p: Mapping) -> dict:
    return {"station_id": station_id, "id": _text(p["id"], 64), "day": _day(p.get("day")),
            "revision": _int(p.get("revision")), "voided": bool(p.get("voided_at"))}  # fmt: skip


class _Batch:
    """Rows to write per table and, per (table, key column, fixed filters), the parent ids whose old rows are
    deleted first."""

    def __init__(self) -> None:
        self.rows: dict[type, list[dict]] = {}
        self.replace: dict[tuple, list[str]] = {}

    def parent(self, model, key_column: str, record_id: str, **where: str) -> None:
        self.replace.setdefault((model, key_column, tuple(sorted(where.items()))), []).append(record_id)

    def add(self, model, row: dict) -> None:
        self.rows.setdefault(model, []).append(row)

    def write(self, session: Session, station_id: int) -> None:
        for (model, column, where), ids in self.replace.items():
            # Plain statements (no ORM synchronisation, nothing read back): they can go in the caller's
            # pipeline (``bulk_write.pipeline``).
            delete_where(session, model, station_id, column, sorted(set(ids)), **dict(where))
        for model, rows in self.rows.items():
            # Rows of one table may differ in their keys only if a builder left a column out; group them so
            # each call carries the same keys. On PostgreSQL one statement per table (the rows travel as one
            # JSON parameter), elsewhere Core executemany in chunks.
            by_keys: dict[tuple, list[dict]] = {}
            for row in rows:
                by_keys.setdefault(tuple(row), []).append(row)
            for same in by_keys.values():
                insert_rows(session, model, same)


def _activity(b: _Batch, station_id: int, p: Mapping) -> None:
    row = _common(station_id, p)
    row.update(kind=_text(p.get("kind"), 20), place=_text(p.get("place"), 200), subject=_text(p.get("subject"), 200),
               contact_with=_text(p.get("contact_with"), 200), contact_way=_text(p.get("contact_way"), 20))  # fmt: skip
    b.add(LedgerDutyActivity, row)
    b.parent(LedgerDutyParticipant, "activity_id", row["id"])
    for d in _ids(p.get("deputy_ids")):
        b.add(LedgerDutyParticipant, {"station_id": station_id, "activity_id": row["id"], "deputy_id": d})


def _report_back(b: _Batch, station_id: int, p: Mapping) -> None:
    row = _common(station_id, p)
    tally = {k: _int(p.get(k)) for k in ("satisfied", "basically", "dissatisfied", "invalid")}
    result, _rate = evaluate(tally["satisfied"], tally["basically"], tally["dissatisfied"])
    row.update(deputy_id=_text(p.get("deputy_id"), 64), place=_text(p.get("place"), 200),
               voters_present=_int(p.get("voters_present")), result=result.value, **tally)  # fmt: skip
    b.add(LedgerReportBack, row)


def _project_vote(b: _Batch, station_id: int, p: Mapping) -> None:
    row = _common(station_id, p)
    voters = _ids(p.get("deputy_ids"))
    rule, total = _text(p.get("rule"), 30), _int(p.get("deputies_total"))
    row.update(year=_int(p.get("year")), place=_text(p.get("place"), 200), rule=rule, deputies_total=total,
               voters=len(voters))  # fmt: skip
    b.add(LedgerProjectVote, row)
    b.parent(LedgerVoteDeputy, "vote_id", row["id"])
    b.parent(LedgerVoteProject, "vote_id", row["id"])
    for d in voters:
        b.add(LedgerVoteDeputy, {"station_id": station_id, "vote_id": row["id"], "deputy_id": d})
    seen: set[str] = set()
    for i, proj in enumerate(p.get("projects") if isinstance(p.get("projects"), list) else []):
        if not isinstance(proj, Mapping) or not proj.get("id") or _text(proj["id"], 64) in seen:
            continue
        seen.add(pid := _text(proj["id"], 64))
        votes_for = _int(proj.get("votes_for"))
        try:
            passed = adopted(rule, votes_for, len(voters), total)
        except ValueError:  # an unknown rule: not adopted by any rule the centre knows
            passed = False
        b.add(LedgerVoteProject, {
            "station_id": station_id, "vote_id": row["id"], "id": pid, "position": _int(proj.get("position", i)),
            "name": _text(proj.get("name"), 200), "sponsor": _text(proj.get("sponsor"), 200),
            "budget_yuan": min(_int(proj.get("budget_yuan")), 10**15), "votes_for": votes_for,
            "votes_against": _int(proj.get("votes_against")), "abstain": _int(proj.get("abstain")), "adopted": passed,
        })  # fmt: skip


def _training(b: _Batch, station_id: int, p: Mapping) -> None:
    row = _common(station_id, p)
    row.update(topic=_text(p.get("topic"), 200), organiser=_text(p.get("organiser"), 200), hours=_float(p.get("hours")))
    b.add(LedgerTraining, row)
    b.parent(LedgerTrainingAttendee, "training_id", row["id"])
    seen: set[str] = set()
    for a in p.get("attendees") if isinstance(p.get("attendees"), list) else []:
        if isinstance(a, Mapping) and a.get("deputy_id") and (d := _text(a["deputy_id"], 64)) not in seen:
            seen.add(d)
            b.add(LedgerTrainingAttendee, {"station_id": station_id, "training_id": row["id"], "deputy_id": d,
                                           "status": _text(a.get("status"), 20)})  # fmt: skip


def _people(p: Mapping) -> int:
    people = 0
    for v in p.get("visitors") if isinstance(p.get("visitors"), list) else []:
        people += max(_int((v or {}).get("group_size") if isinstance(v, Mapping) else 1), 1)
    return people


def _linked(b: _Batch, station_id: int, entity: str, p: Mapping) -> None:
    record_id = _text(p["id"], 64)
    b.parent(LedgerRecordDeputy, "record_id", record_id, entity=entity)
    if entity == "reception":
        day, people, voided = _day(p.get("received_at")), _people(p), bool(p.get("voided_at"))
    else:  # an opinion's voiding is an event: the archive reads the folded state of ledger_opinion
        day, people, voided = _day(p.get("registered_on")), 0, False
    for d in _ids(p.get("deputy_ids")):
        b.add(LedgerRecordDeputy, {"station_id": station_id, "entity": entity, "record_id": record_id,
                                   "deputy_id": d, "day": day, "people": people, "voided": voided})  # fmt: skip


_KINDS = {"duty_activity": _activity, "report_back": _report_back, "project_vote": _project_vote,
          "training": _training}  # fmt: skip
_PARENTS = {"duty_activity": LedgerDutyActivity, "report_back": LedgerReportBack, "project_vote": LedgerProjectVote,
            "training": LedgerTraining}  # fmt: skip


def project_duties(session: Session, station_id: int, records: Mapping[tuple[str, str], Mapping]) -> None:
    """Bring the duty tables in line with ``records`` ((entity, id) -> payload just stored for this station)."""
    if not enabled():  # c0002's backfill, before the c0007 tables exist
        return
    b = _Batch()
    for (entity, _entity_id), p in records.items():
        if entity in _KINDS:
            b.parent(_PARENTS[entity], "id", _text(p["id"], 64))
            _KINDS[entity](b, station_id, p)
        elif entity in LINKED_ENTITIES:
            _linked(b, station_id, entity, p)
    b.write(session, station_id)


def project_all_duties(session: Session) -> int:
    """Fill the duty tables from every stored duty, reception and opinion record (the c0007 migration).
    Returns the number of records projected."""
    count = 0
    for station_id, records in record_pages(session, (*DUTY_ENTITIES, *LINKED_ENTITIES)):
        project_duties(session, station_id, records)
        count += len(records)
    return count

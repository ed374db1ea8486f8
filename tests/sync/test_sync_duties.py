"""Deputies' duties (issue 14) sync through the outbox: a real centre process accepts every duty record,
its correction and its voiding, and holds the station's latest snapshot of each (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from heshi_protocol.wire import STATION_ENTITIES
from heshi_station.db.models import OutboxEntry
from heshi_station.ledger.duty_activities import correct_activity, record_activity
from heshi_station.ledger.duty_dto import (
    ActivityInput,
    AttendeeInput,
    ProjectInput,
    ProjectVoteInput,
    ReportBackInput,
    TrainingInput,
)
from heshi_station.ledger.project_votes import record_project_vote
from heshi_station.ledger.report_backs import record_report_back, void_report_back
from heshi_station.ledger.trainings import record_training
from heshi_station.sync.engine import run_sync
from tests.factories import set_up_basics
from tests.sync.conftest import BOTH_BACKENDS
from tests.sync.helpers import centre_snapshot, connect_station

DUTY_ENTITIES = ("duty_activity", "report_back", "project_vote", "training")
DAY = date(2026, 11, 2)


def _latest_payloads(ledger) -> dict[tuple[str, str], dict]:
    with ledger.read() as s:
        rows = s.execute(
            select(OutboxEntry.entity, OutboxEntry.entity_id, OutboxEntry.payload)
            .where(OutboxEntry.entity.in_(DUTY_ENTITIES))
            .order_by(OutboxEntry.seq)
        ).all()
    return {(e, i): p for e, i, p in rows}  # later snapshots replace earlier ones, as at the centre


@BOTH_BACKENDS
def test_duty_records_corrections_and_voiding_are_accepted_by_the_centre(ledger, db_path, centre, station_code):
    assert set(DUTY_ENTITIES) <= STATION_ENTITIES
    b = set_up_basics(ledger, station_code)
    a, c, d = b.deputies
    act = record_activity(
        ledger, ActivityInput("contact", DAY, [a, c], contact_with="东风村村民", contact_way="visit", raised="路灯")
    )
    correct_activity(
        ledger, act.id, ActivityInput("contact", DAY, [a], contact_with="东风村村民", contact_way="visit"), "更正"
    )
    rb = record_report_back(ledger, ReportBackInput(d, DAY, "村委会", 30, "述职摘要", 20, 5, 1, 0))
    void_report_back(ledger, rb.id, "误登记")
    record_project_vote(
        ledger,
        ProjectVoteInput(
            2026, date(2026, 2, 1), "majority_of_all", 5, [a, c, d], [ProjectInput("村道", "街道办", 1, 3)]
        ),
    )
    record_training(ledger, TrainingInput("履职培训", DAY, 2.5, [AttendeeInput(a), AttendeeInput(c, "leave", "外出")]))
    connect_station(ledger, db_path, centre.factory, centre.url, station_code)

    result = run_sync(ledger)

    assert result.rejected == 0 and result.applied == result.sent and ledger.pending_outbox_count() == 0
    at_centre = centre_snapshot(centre.factory, station_code)
    expected = _latest_payloads(ledger)
    assert len(expected) == 4
    for key, payload in expected.items():
        assert at_centre[key] == payload
    assert at_centre[("report_back", rb.id)]["void_reason"] == "误登记"
    assert at_centre[("duty_activity", act.id)]["revision"] == 1

"""Rejected records can be fixed and resent (issue 11): a 更正 goes out again, the rejected outbox row is kept
as ``superseded``, and events of a rejected opinion are re-offered once the opinion lands — against the real
centre process on loopback (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from heshi_station.db.models import OutboxEntry
from heshi_station.ledger import reference_data
from heshi_station.ledger.dto import DeputyInput
from heshi_station.ledger.opinion_corrections import OpinionCorrection, correct_opinion
from heshi_station.sync.engine import run_sync
from heshi_station.sync.resend import NotRejected, resend_rejected
from heshi_station.sync.status import fixup_list
from tests.conftest import FIXED_NOW
from tests.factories import register, set_up_basics
from tests.sync.conftest import BOTH_BACKENDS
from tests.sync.helpers import centre_op_counts, centre_snapshot, connect_station, outbox_statuses, station_snapshot


def _spoil_latest(ledger, entity: str, entity_id: str, **fields) -> int:
    """Make the newest outbox row of a record one the centre refuses (as an older program might have sent)."""
    with ledger.write() as s:
        row = s.scalar(
            select(OutboxEntry)
            .where(OutboxEntry.entity == entity, OutboxEntry.entity_id == entity_id)
            .order_by(OutboxEntry.seq.desc())
            .limit(1)
        )
        s.execute(update(OutboxEntry).where(OutboxEntry.seq == row.seq).values(payload={**row.payload, **fields}))
        return row.seq


@BOTH_BACKENDS
def test_a_corrected_opinion_goes_again_and_its_events_follow(ledger, db_path, centre, station_code):
    basics = set_up_basics(ledger, station_code)
    reception = register(ledger, basics, FIXED_NOW - timedelta(days=2), opinions=1)
    opinion_id = reception.opinion_ids[0]
    spoiled = _spoil_latest(ledger, "opinion", opinion_id, content="")
    connect_station(ledger, db_path, centre.factory, centre.url, station_code)

    first = run_sync(ledger)

    rejected = {r.entity: r for r in fixup_list(ledger)}
    assert rejected["opinion"].seq == spoiled and rejected["opinion"].remedy == "correct"
    assert rejected["opinion_event"].reject_code == "unknown_opinion" and rejected["opinion_event"].remedy == "wait"
    events_rejected = sum(1 for r in fixup_list(ledger) if r.entity == "opinion_event")
    assert first.rejected == 1 + events_rejected

    correct_opinion(ledger, opinion_id, OpinionCorrection(reason="市中心退回：内容为空", content="村道坑洼需修补"))
    assert next(r for r in fixup_list(ledger) if r.entity == "opinion").fix_waiting

    second = run_sync(ledger)

    assert fixup_list(ledger) == []
    assert second.rejected == 0 and second.applied == second.sent
    statuses = outbox_statuses(ledger)
    assert statuses.get("superseded") == 1 + events_rejected and "rejected" not in statuses
    assert centre_snapshot(centre.factory, station_code) == station_snapshot(ledger)
    assert centre_snapshot(centre.factory, station_code)[("opinion", opinion_id)]["content"] == "村道坑洼需修补"
    counts = centre_op_counts(centre.factory, station_code)
    assert counts["ops"] == counts["distinct_ops"] and counts["duplicates"] == 0
    # Nothing is sent a third time.
    assert run_sync(ledger).sent == 0


def test_resend_sends_the_record_as_it_stands_now(ledger, db_path, centre, station_code):
    basics = set_up_basics(ledger, station_code)
    deputy = reference_data.save_deputy(ledger, DeputyInput(name="孙八", level="township", gender="male"))
    _spoil_latest(ledger, "deputy", deputy.id, name="")
    register(ledger, basics, FIXED_NOW - timedelta(days=1))
    connect_station(ledger, db_path, centre.factory, centre.url, station_code)
    assert run_sync(ledger).rejected == 1
    [row] = fixup_list(ledger)
    assert row.entity == "deputy" and row.remedy == "resend" and "代表姓名" in row.reject_message

    new_seq = resend_rejected(ledger, row.seq)

    assert new_seq > row.seq and fixup_list(ledger)[0].fix_waiting
    with pytest.raises(NotRejected):
        resend_rejected(ledger, new_seq)  # not a rejected row
    with pytest.raises(NotRejected):
        resend_rejected(ledger, row.seq)  # its new version already waits
    result = run_sync(ledger)
    assert result.sent == 1 and result.applied == 1 and fixup_list(ledger) == []
    assert centre_snapshot(centre.factory, station_code)[("deputy", deputy.id)]["name"] == "孙八"
    assert outbox_statuses(ledger)["superseded"] == 1


def test_cli_lists_and_resends_rejected_records_and_reports_set_aside_changes(ledger, db_path, centre, station_code):
    import subprocess
    import sys

    import uuid6

    from heshi_centre.models import CentreStation
    from tests.sync.helpers import publish_unchecked_event
    from tests.sync.station_proc import RUNNER, station_env

    basics = set_up_basics(ledger, station_code)
    reception = register(ledger, basics, FIXED_NOW - timedelta(days=1), opinions=1)
    deputy = reference_data.save_deputy(ledger, DeputyInput(name="周九", level="county"))
    _spoil_latest(ledger, "deputy", deputy.id, name="")
    st = connect_station(ledger, db_path, centre.factory, centre.url, station_code)
    with centre.factory.begin() as s:
        sid = s.scalar(select(CentreStation.id).where(CentreStation.code == station_code))
    run_sync(ledger)  # the opinion reaches the centre, so the centre can hold an event for it
    with centre.factory.begin() as s:
        publish_unchecked_event(  # past the centre's checks, as an older centre would have sent it
            s, event_id=str(uuid6.uuid7()), station_id=sid, opinion_id=reception.opinion_ids[0], kind="satisfaction",
            occurred_at=FIXED_NOW - timedelta(hours=1), data={"rating": "满意"},
        )  # fmt: skip

    def cli(*args):
        return subprocess.run(
            [sys.executable, str(RUNNER), *args, "--db", str(db_path)],
            env=station_env(st.code, st.token), capture_output=True, text=True, timeout=180,
        )  # fmt: skip

    synced = cli("sync")
    assert synced.returncode == 0 and "1 条无法应用" in synced.stdout and "满意度" in synced.stdout, synced
    listed = cli("sync-rejected")
    assert listed.returncode == 0 and "代表姓名" in listed.stdout and "--resend" in listed.stdout
    assert "无法应用" in listed.stdout and "满意度" in listed.stdout
    [row] = fixup_list(ledger)
    resent = cli("sync-rejected", "--resend", str(row.seq))
    assert resent.returncode == 0 and "重新排队" in resent.stdout, resent
    again = cli("sync-rejected", "--resend", str(row.seq))
    assert again.returncode == 2 and "等待发送" in again.stderr
    assert cli("sync").returncode == 0 and fixup_list(ledger) == []

"""A step recorded at the centre while a push of the same station is still open waits for the push (both hold
the station's row): its fold sees the push's events, and so does the console's check of whether the step is
allowed at all. PostgreSQL only (SQLite runs one writer at a time anyway)."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from heshi_centre import admin
from heshi_centre.console.accounts import CurrentUser, Role
from heshi_centre.console.actions import ActionRefused, supervise
from heshi_centre.ledger_models import LedgerOpinion
from heshi_centre.models import CentreEvent, CentreStation
from heshi_centre.projection import centre_calendar, held_histories
from heshi_centre.push import apply_push
from heshi_protocol import wire
from heshi_protocol.opinion_state import fold
from heshi_protocol.schemas import PushOp
from heshi_station.db.models import OutboxEntry
from heshi_station.ledger import opinions
from tests.conftest import FIXED_NOW
from tests.console.test_projection import _station_states, _synced_station

pytestmark = pytest.mark.parametrize("centre", ["postgres"], indirect=True)


def _while_a_reply_is_pushed(ledger, db_path, centre, code, step) -> tuple[int, str, bool, list]:
    """Open a push carrying the station's 办理答复 of a transferred opinion, run ``step(opinion_id)`` in another
    thread, commit the push a second later. (station id, opinion id, whether the step waited, its outcome)."""
    _basics, st = _synced_station(ledger, db_path, centre, code)
    opinion_id = next(i for i, (state, *_r) in _station_states(ledger).items() if state == "transferred")
    opinions.record_reply(ledger, opinion_id, "已修复", when=FIXED_NOW - timedelta(hours=1))
    with ledger.read() as s:
        rows = s.scalars(select(OutboxEntry).where(OutboxEntry.status == "pending")).all()
        ops = [PushOp.model_validate(wire.op_from_outbox(r)) for r in rows]
    assert any(o.entity == "opinion_event" and o.payload["opinion_id"] == opinion_id for o in ops)
    outcome: list = []
    done = threading.Event()

    def run() -> None:
        try:
            with centre.factory.begin() as s:
                outcome.append(step(s, st.code, opinion_id))
        except Exception as exc:
            outcome.append(exc)
        done.set()

    with centre.factory() as push:
        push.begin()
        station_id = push.scalar(select(CentreStation.id).where(CentreStation.code == st.code))
        apply_push(push, station_id, push.get(CentreStation, station_id).push_cursor, ops)  # written, not committed
        t = threading.Thread(target=run)
        t.start()
        time.sleep(1.0)
        waited = not done.is_set()
        push.commit()
    t.join(30)
    return station_id, opinion_id, waited, outcome


def test_a_centre_event_waits_for_an_open_push_and_folds_its_events(ledger, db_path, centre, station_code):
    def note(s, code, opinion_id):
        return admin.record_event(s, code, opinion_id, "补充说明", note="已电话了解进度")

    station_id, opinion_id, waited, outcome = _while_a_reply_is_pushed(ledger, db_path, centre, station_code, note)

    assert waited, "the centre event went ahead while the push of the same station was open"
    assert not isinstance(outcome[0], Exception), outcome
    with centre.factory() as s:
        state = s.scalar(
            select(LedgerOpinion.state).where(LedgerOpinion.station_id == station_id, LedgerOpinion.id == opinion_id)
        )
        _held, histories = held_histories(s, station_id, [opinion_id])
        truth = fold(list(histories[opinion_id].values()), centre_calendar(s))
    assert len(histories[opinion_id]) >= 3  # registered, transferred, replied, the note
    assert state == truth.state.value == "replied"


def test_the_console_checks_a_step_against_the_state_an_open_push_is_writing(ledger, db_path, centre, station_code):
    admin_user = CurrentUser(1, "市中心管理员", Role.ADMIN, "", "", "x")

    def supervise_in_console(s, code, opinion_id):
        station_id = s.scalar(select(CentreStation.id).where(CentreStation.code == code))
        opinion = {"_station_id": station_id, "id": opinion_id, "station_code": code, "district": ""}
        return supervise(s, admin_user, opinion, {"note": "请加快办理"})

    station_id, opinion_id, waited, outcome = _while_a_reply_is_pushed(
        ledger, db_path, centre, station_code, supervise_in_console
    )

    assert waited
    # The station's reply landed first: 督办 a replied opinion is refused, and nothing was recorded.
    assert isinstance(outcome[0], ActionRefused) and "已收到办理答复" in str(outcome[0]), outcome
    with centre.factory() as s:
        urged = s.scalar(
            select(func.count())
            .select_from(CentreEvent)
            .where(CentreEvent.station_id == station_id, CentreEvent.opinion_id == opinion_id)
        )
    assert urged == 0

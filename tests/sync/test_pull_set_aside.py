"""One bad change from the centre never stops a station (issue 11): it is set aside with its reason, the rest
of the page applies, the pull cursor moves on, and the clerk is told how many and why.

The bad changes are written straight into the centre's feed (``heshi_centre.feed``), as a centre without
validation at its door accepted them; the station must cope with whatever an older centre holds.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import uuid6
from sqlalchemy import func, select

from heshi_centre import feed
from heshi_centre.models import CentreStation
from heshi_station.db.models import CalendarDay, Category, Deputy, HandlingUnit, OpinionEvent, PulledChangeSetAside
from heshi_station.ledger import opinions
from heshi_station.ledger.context import Ledger
from heshi_station.sync import apply_pull
from heshi_station.sync.engine import run_sync
from heshi_station.sync.status import set_aside_list
from tests.conftest import FIXED_NOW
from tests.factories import register, set_up_basics
from tests.sync.conftest import OWN_BOTH_BACKENDS
from tests.sync.helpers import (
    connect_station,
    publish_unchecked,
    publish_unchecked_event,
    publish_unchecked_holiday_year,
    statutory_year_days,
)


def _transferred_opinion(ledger) -> str:
    from heshi_station.ledger.queries import OpinionFilter, list_opinions

    rows = list_opinions(ledger, OpinionFilter(states=["transferred"]), limit=10)
    assert rows
    return rows[0].id


def _event(session, station_id: int, opinion_id: str, kind: str, data: dict, hours_ago: int = 2) -> str:
    """An event in the centre's feed; bad ones past the centre's checks (as an older centre would have sent)."""
    return publish_unchecked_event(
        session,
        event_id=str(uuid6.uuid7()),
        station_id=station_id,
        opinion_id=opinion_id,
        kind=kind,
        occurred_at=FIXED_NOW - timedelta(hours=hours_ago),
        actor="区交通运输局",
        data=data,
    )


@OWN_BOTH_BACKENDS
def test_bad_changes_are_set_aside_and_the_rest_applies(ledger, db_path, own_centre, station_code):
    centre = own_centre
    basics = set_up_basics(ledger, station_code)
    register(ledger, basics, FIXED_NOW - timedelta(days=5), opinions=2)
    connect_station(ledger, db_path, centre.factory, centre.url, station_code)
    run_sync(ledger)
    opinion_id = _transferred_opinion(ledger)
    with ledger.write() as s:  # the cache of unit names is filled before the pull brings a new unit
        assert "新来的单位" not in ledger.reference_names(s)["units"].values()

    with centre.factory.begin() as s:
        sid = s.scalar(select(CentreStation.id).where(CentreStation.code == station_code))
        bad_rating = _event(s, sid, opinion_id, "satisfaction", {"rating": "满意"})
        bad_date = _event(s, sid, opinion_id, "extended", {"new_due_date": "2026/03/20"})
        good_reply = _event(s, sid, opinion_id, "replied", {"reply": "已修复路面"}, hours_ago=1)
        publish_unchecked_holiday_year(s, 2031, "坏表", [["2031-05-01", False, "劳动节"], ["2031-05-01", True, "调休"]])
        publish_unchecked_holiday_year(s, 2032, "空表", [])
        odd_id = str(uuid6.uuid7())
        publish_unchecked(
            s,
            "deputy",
            odd_id,
            {
                "id": odd_id,
                "name": "层级不明",
                "gender": "",
                "level": "区",
                "constituency": "",
                "phone": "",
                "active": True,
            },
            sid,
        )
        feed.save_deputy(
            s,
            sid,
            str(uuid6.uuid7()),
            {"name": "赵六", "gender": "male", "level": "city", "constituency": "", "phone": ""},
        )
        feed.save_unit(s, str(uuid6.uuid7()), {"name": "新来的单位", "kind": "department", "parent_id": None})

    result = run_sync(ledger)

    assert result.pulled.set_aside == 5
    assert result.pulled.events == 1 and result.pulled.deputies == 1 and result.pulled.units == 1
    summary = result.summary()
    assert "5 条无法应用" in summary and "满意度" in summary, summary
    assert opinions.get_opinion(ledger, opinion_id).state == "replied"
    aside = {c.entity_id: c for c in set_aside_list(ledger)}
    assert set(aside) >= {bad_rating, bad_date, "2031", "2032"}
    assert "满意度" in aside[bad_rating].reason and "满意" in aside[bad_rating].reason
    assert "2026/03/20" in aside[bad_date].reason and "YYYY-MM-DD" in aside[bad_date].reason
    assert "2031-05-01" in aside["2031"].reason and "空" in aside["2032"].reason
    assert any("代表层级" in c.reason for c in aside.values())
    with ledger.read() as s:
        assert s.get(OpinionEvent, good_reply) is not None
        assert s.get(OpinionEvent, bad_rating) is None and s.get(OpinionEvent, bad_date) is None
        assert set(s.scalars(select(Deputy.name).where(Deputy.source == "centre"))) == {"赵六"}
        assert not s.scalars(select(CalendarDay).where(CalendarDay.day.between("2031-01-01", "2032-12-31"))).all()
        # The unit pulled in this sync is named at once (no stale cache until restart).
        assert "新来的单位" in ledger.reference_names(s)["units"].values()
        assert s.scalar(select(HandlingUnit.name).where(HandlingUnit.name == "新来的单位")) == "新来的单位"

    # The cursor moved past the bad changes: the next sync neither fails nor sets anything aside again.
    again = run_sync(ledger)
    assert again.received == 0 and again.pulled.set_aside == 0
    assert len(set_aside_list(ledger)) == 5

    # A corrected version of a set-aside record supersedes its entry.
    with centre.factory.begin() as s:
        feed.save_holiday_year(s, 2031, "改正后的表", statutory_year_days(2031))
    fixed = run_sync(ledger)
    assert fixed.pulled.calendar_years == 1 and fixed.pulled.set_aside == 0
    assert "2031" not in {c.entity_id for c in set_aside_list(ledger)}
    assert not ledger.calendar().is_working_day(FIXED_NOW.date().replace(year=2031, month=5, day=1))


def test_a_change_that_fails_while_applying_is_rolled_back_alone(ledger, monkeypatch):
    """The check is the first guard; a change it lets through that still fails is undone in its savepoint."""
    set_up_basics(ledger, "T-SAVE")
    monkeypatch.setattr(apply_pull, "pulled_problem", lambda *_: None)  # as if the check missed something
    changes = [
        {"seq": 1, "kind": "category", "payload": {"id": "c-good-1", "name": "好类别一", "time_limit_days": 15}},
        {"seq": 2, "kind": "category", "payload": {"id": "c-bad", "name": "坏类别", "time_limit_days": "十五"}},
        {"seq": 3, "kind": "handling_unit", "payload": {"id": "u-bad", "name": None, "kind": "department"}},
        {"seq": 4, "kind": "category", "payload": {"id": "c-good-2", "name": "好类别二", "time_limit_days": 20}},
    ]
    with ledger.write() as s:
        counts = apply_pull.apply_changes(s, ledger, changes, "epoch-1")
    assert counts.categories == 2 and counts.units == 0 and counts.set_aside == 2
    with ledger.read() as s:
        names = set(s.scalars(select(Category.name).where(Category.source == "centre")))
        assert names == {"好类别一", "好类别二"}
        assert s.get(HandlingUnit, "u-bad") is None
        kept = {r.entity_id: r.reason for r in s.scalars(select(PulledChangeSetAside))}
    assert set(kept) == {"c-bad", "u-bad"} and "ValueError" in kept["c-bad"]


@pytest.mark.parametrize(
    "payload",
    [
        {"id": "e1", "opinion_id": "o1", "kind": "note", "occurred_at": "2026-01-01T00:00:00+00:00", "note": "\ud800"},
        {
            "id": "e1",
            "opinion_id": "o1",
            "kind": "note",
            "occurred_at": "2026-01-01T00:00:00+00:00",
            "data": {"x": float("nan")},
        },
        {"id": "e1", "opinion_id": "o1", "kind": "note", "occurred_at": "2026-01-01T00:00:00"},
    ],
)
def test_hostile_event_payloads_are_kept_whole(ledger, payload):
    set_up_basics(ledger, "T-HOSTILE")
    with ledger.write() as s:
        counts = apply_pull.apply_changes(s, ledger, [{"seq": 9, "kind": "opinion_event", "payload": payload}], "e")
    assert counts.set_aside == 1
    reopened = Ledger.open(ledger.engine.url.database)
    try:
        with reopened.read() as s:
            row = s.scalar(select(PulledChangeSetAside))
            assert row.entity_id == "e1" and row.reason and set(row.payload) == set(payload)
            assert s.scalar(select(func.count()).select_from(OpinionEvent).where(OpinionEvent.id == "e1")) == 0
    finally:
        reopened.close()

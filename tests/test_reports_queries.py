"""The read-only queries added for the printed registers agree with the core's own list operations."""

from __future__ import annotations

from datetime import date, datetime

from heshi_station.ledger.receptions import list_receptions
from heshi_station.ledger.report_queries import existing_source_keys, opinion_briefs, receptions_in
from tests.factories import month_of_receptions, register, set_up_basics


def test_receptions_in_matches_list_receptions(ledger):
    b = set_up_basics(ledger)
    month_of_receptions(ledger, b, 2026, 10, 25)
    register(ledger, b, datetime(2026, 9, 30, 23, 0).astimezone())  # outside the month
    register(ledger, b, datetime(2026, 11, 1, 8, 0).astimezone(), opinions=2)  # outside the month
    got = receptions_in(ledger, date(2026, 10, 1), date(2026, 11, 1))
    want = list(reversed(list_receptions(ledger, date(2026, 10, 1), date(2026, 11, 1))))
    assert len(got) == 25 and got == want


def test_opinion_briefs_and_source_keys(ledger):
    b = set_up_basics(ledger)
    rec = register(ledger, b, datetime(2026, 10, 5, 9).astimezone(), opinions=2)
    briefs = opinion_briefs(ledger, [rec.id])[rec.id]
    assert [x.route_label for x in briefs] == ["转办", "转办"]
    assert {x.lead_unit_name for x in briefs} == {"区交通运输局"}
    assert existing_source_keys(ledger, ["nope"]) == set()

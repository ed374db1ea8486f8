"""A push folds each touched opinion from the history it read BEFORE writing the batch plus the batch's own
events (``projection.project_records``): what it stores must equal a fold of the history read back AFTER the
writes (``refold`` and ``overview_summary.refresh_station`` reading everything), for a whole demo station
pushed in small batches, so that an opinion's events arrive over many batches."""

from __future__ import annotations

from sqlalchemy import select

from heshi_centre.console.overview_summary import LedgerMonthSummary, LedgerOpinionPending, LedgerOpinionVerdict
from heshi_centre.ledger_models import LedgerOpinion, LedgerOpinionUnit
from heshi_centre.models import CentreStation
from heshi_centre.projection import refold
from heshi_station.demo.generator import generate
from heshi_station.sync.engine import BatchLimits, run_sync
from tests.sync.conftest import BOTH_BACKENDS
from tests.sync.helpers import connect_station

STATE = (
    "state", "lead_unit_id", "assist_unit_ids", "transferred_on", "due_date", "paused", "reply", "replied_on",
    "fed_back_on", "closed_on", "satisfaction", "urge_count", "last_event_at",
)  # fmt: skip


def _derived(session, station_id: int) -> dict[str, list]:
    """Every row the fold and the overview derive for the station, in a stable order."""
    opinions = session.execute(
        select(LedgerOpinion.id, *[getattr(LedgerOpinion, c) for c in STATE])
        .where(LedgerOpinion.station_id == station_id)
        .order_by(LedgerOpinion.id)
    )
    out = {"opinions": [tuple(r) for r in opinions]}
    for model in (LedgerOpinionUnit, LedgerOpinionVerdict, LedgerOpinionPending, LedgerMonthSummary):
        columns = [c for c in model.__table__.columns]
        out[model.__tablename__] = sorted(
            tuple(r) for r in session.execute(select(*columns).where(model.station_id == station_id))
        )
    return out


@BOTH_BACKENDS
def test_a_push_in_small_batches_derives_what_a_fold_of_the_stored_history_does(ledger, db_path, centre, station_code):
    generate(ledger, seed=11, scale=60, months=6, station_code=station_code)
    connect_station(ledger, db_path, centre.factory, centre.url, station_code)
    result = run_sync(ledger, limits=BatchLimits(max_count=37, min_count=1))
    assert result.batches > 10 and result.rejected == 0, result

    from heshi_centre.console import overview_summary

    with centre.factory() as s:
        station_id = s.scalar(select(CentreStation.id).where(CentreStation.code == station_code))
        pushed = _derived(s, station_id)
        assert len(pushed["opinions"]) > 30
        assert len({r[1] for r in pushed["opinions"]}) >= 3, "opinions in several states"
        assert pushed["ledger_opinion_verdict"] and pushed["ledger_month_summary"]
        ids = [r[0] for r in pushed["opinions"]]
        refold(s, station_id, ids)  # reads every event back from the table
        overview_summary.refresh_station(s, station_id, ids)  # folded=None: reads and folds again
        s.flush()
        assert _derived(s, station_id) == pushed
        s.rollback()

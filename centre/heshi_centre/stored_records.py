"""Reading every stored station record back, for the migrations that fill a projection from what is stored.

Guarantees: ``record_pages`` yields each stored record exactly once, station by station (ascending id) and
within a station in (entity, entity_id) order, in pages of at most ``page_size`` records, read by keyset
paging so memory stays bounded however many records a station has sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from heshi_centre.models import StationRecord


def record_pages(
    session: Session, entities: Iterable[str] | None = None, page_size: int = 5000
) -> Iterator[tuple[int, dict[tuple[str, str], dict]]]:
    """(station_id, {(entity, entity_id): payload}) pages of the stored records; only ``entities`` if given."""
    wanted = tuple(entities) if entities is not None else None
    for station_id in sorted(set(session.scalars(select(StationRecord.station_id).distinct()))):
        last = ("", "")
        while True:
            q = select(StationRecord.entity, StationRecord.entity_id, StationRecord.payload).where(
                StationRecord.station_id == station_id,
                tuple_(StationRecord.entity, StationRecord.entity_id) > last,
            )
            if wanted is not None:
                q = q.where(StationRecord.entity.in_(wanted))
            page = list(session.execute(q.order_by(StationRecord.entity, StationRecord.entity_id).limit(page_size)))
            if not page:
                break
            last = (page[-1].entity, page[-1].entity_id)
            yield station_id, {(r.entity, r.entity_id): r.payload for r in page}

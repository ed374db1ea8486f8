"""意见跟踪's full-text search index: the CJK bigrams of each opinion's search text (revision c0005).

Two-character Chinese terms (路灯, 低保) are what people type most, and neither a token index nor
PostgreSQL's ``pg_trgm`` (trigrams: a 2-character pattern yields none, so the whole index is read) serves
them. ``ledger_opinion_bigram`` holds one row per distinct pair of adjacent CJK characters of an opinion's
``search_text`` — the same pairs as the station's own index (``heshi_station.db.search_tokens``) — keyed
bigram first, so a term's candidates are one index range on PostgreSQL and SQLite alike.

Guarantees:
- ``index_opinions`` is called by ``projection.project_records`` in the push's transaction for every opinion
  row it writes: the bigrams of an opinion are exactly those of its current ``search_text``, or the push
  fails as a whole;
- ``term_condition`` never changes what a search finds, only how fast: every term is still matched as a
  case-folded substring (``LIKE``) of ``search_text``; the bigram conditions it adds are implied by that
  substring match (a CJK pair inside the term is a pair inside the text), so they only narrow the scan.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from sqlalchemy import ForeignKey, Index, String, exists, select, tuple_
from sqlalchemy.orm import Mapped, Session, mapped_column

from heshi_centre.bulk_write import delete_where, insert_rows, text_array
from heshi_centre.derived_tables import enabled
from heshi_centre.ledger_models import LedgerOpinion
from heshi_centre.models import Base

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# A long term's pairs are all implied by its LIKE; a few of them narrow the candidates enough.
MAX_PAIRS_PER_TERM = 3


class LedgerOpinionBigram(Base):
    """One adjacent CJK character pair of an opinion's search text."""

    __tablename__ = "ledger_opinion_bigram"
    __table_args__ = (Index("ix_ledger_opinion_bigram_opinion", "station_id", "opinion_id"),)
    bigram: Mapped[str] = mapped_column(String(2), primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("centre_station.id"), primary_key=True)
    opinion_id: Mapped[str] = mapped_column(String(64), primary_key=True)


def bigrams(text: str | None) -> set[str]:
    """The distinct pairs of adjacent CJK characters in ``text`` (runs of other characters break pairs)."""
    out: set[str] = set()
    for run in _CJK_RUN.findall(text or ""):
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    return out


def index_opinions(session: Session, station_id: int, rows: Iterable[Mapping], stored: set[str] | None = None) -> None:
    """Replace the bigrams of these opinions (rows with ``id`` and ``search_text``) of one station.
    ``stored``: the opinions of the station the centre held before (None: any may be): only theirs can have
    pairs to delete, as pairs are written with their opinion's row."""
    if not enabled():
        return
    rows = list(rows)
    if not rows:
        return
    ids = [str(r["id"]) for r in rows]
    replaced = [i for i in ids if stored is None or i in stored]
    delete_where(session, LedgerOpinionBigram, station_id, "opinion_id", replaced)
    if session.get_bind().dialect.name == "postgresql":
        _insert_postgres(session, station_id, ids, rows)
        return
    pairs = [
        {"bigram": b, "station_id": station_id, "opinion_id": opinion_id}
        for opinion_id, r in zip(ids, rows, strict=True)
        for b in sorted(bigrams(r.get("search_text")))
    ]
    insert_rows(session, LedgerOpinionBigram, pairs)


def _insert_postgres(session: Session, station_id: int, ids: list[str], rows: list[Mapping]) -> None:
    """The pairs of these opinions in ONE INSERT whatever their number: its parameters are the array of opinion
    ids and the array of their pairs joined by spaces (a pair is two CJK characters, never a space), which the
    server splits — far fewer values to send than a row per pair (47,554 for a 20,000-record push)."""
    pairs = [" ".join(sorted(bigrams(r.get("search_text")))) for r in rows]
    session.connection().connection.driver_connection.execute(
        "INSERT INTO ledger_opinion_bigram (bigram, station_id, opinion_id) "
        "SELECT p.bigram, %s::bigint, u.opinion_id FROM unnest(%s::text[], %s::text[]) AS u(opinion_id, pairs) "
        "CROSS JOIN LATERAL unnest(string_to_array(u.pairs, ' ')) AS p(bigram) WHERE p.bigram <> ''",
        (station_id, text_array(ids), text_array(pairs)),
    )


def backfill(session: Session) -> int:
    """Index every stored opinion (the c0005 migration); returns the number of opinions indexed."""
    count, last = 0, (-1, "")
    while True:
        page = session.execute(
            select(LedgerOpinion.station_id, LedgerOpinion.id, LedgerOpinion.search_text)
            .where(tuple_(LedgerOpinion.station_id, LedgerOpinion.id) > last)
            .order_by(LedgerOpinion.station_id, LedgerOpinion.id)
            .limit(5000)
        ).all()
        if not page:
            return count
        last = (page[-1].station_id, page[-1].id)
        by_station: dict[int, list[dict]] = {}
        for r in page:
            by_station.setdefault(r.station_id, []).append({"id": r.id, "search_text": r.search_text})
        for station_id, rows in by_station.items():
            index_opinions(session, station_id, rows)
        count += len(page)


def _like(term: str) -> str:
    escaped = term.casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def term_condition(term: str) -> list:
    """SQL conditions on ``LedgerOpinion`` for one search term: its substring match, and for a term with CJK
    pairs an indexed lookup of (up to three of) them."""
    conds = [LedgerOpinion.search_text.like(_like(term), escape="\\")]
    for pair in sorted(bigrams(term.casefold()))[:MAX_PAIRS_PER_TERM]:
        b = LedgerOpinionBigram
        conds.append(
            exists(
                select(b.opinion_id).where(
                    b.bigram == pair, b.station_id == LedgerOpinion.station_id, b.opinion_id == LedgerOpinion.id
                )
            )
        )
    return conds

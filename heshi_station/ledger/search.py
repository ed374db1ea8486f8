"""Finding records by what the clerk types: Chinese substrings, phone numbers and pinyin initials.

Guarantees:
- terms of 3+ characters use the FTS5 trigram index; two-character Chinese terms use the bigram index
  (``db.search_tokens``); anything shorter falls back to ``LIKE``; several terms separated by spaces must
  all occur;
- user text is always passed as a bound parameter and quoted as an FTS5 string (and ``LIKE``
  wildcards are escaped), so no input can break or alter the query;
- an all-letters query also matches people by pinyin initials or full pinyin (``zs`` finds 张三);
- results come newest-entered first. Matching is done on index rowids alone and only the rows shown are
  read, so a common word costs about as little as a rare one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import text

from heshi_station.db.search_tokens import is_cjk_pair
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.normalise import ascii_width, phone_search_terms
from heshi_station.ledger.pinyin import is_pinyin_query

TRIGRAM = 3


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "reception" | "opinion" | "deputy"
    id: str
    day: date | None
    title: str
    text: str
    reception_id: str | None = None


def fts_phrase(term: str) -> str:
    """An FTS5 string literal matching ``term`` exactly (double quotes doubled)."""
    return '"' + term.replace('"', '""') + '"'


def like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# A phone number as typed: digits (half or full width) with spaces, dashes, dots or brackets between them.
_PHONE_RUN = re.compile(r"[+＋(（]?[0-9０-９][0-9０-９ \u3000\-－‐‑–—.()（）]*[0-9０-９]")


def _phone_term(match: re.Match) -> str:
    run = match.group()
    if sum(c.isdigit() for c in run) < 7:
        return run
    term = phone_search_terms(run)
    return f" {term} " if term else run


def split_terms(query: str) -> list[str]:
    """The terms of a query, each in the form the ledger stores (``ledger.normalise``).

    ``139-0000-5678`` and ``139 0000 5678`` become one term ``13900005678``; full-width digits and letters
    become ASCII.
    """
    # Control characters become separators: SQLite stops reading a LIKE pattern at a NUL, so "%\0%"
    # would otherwise match every row.
    query = re.sub(r"[\x00-\x1f\x7f]", " ", str(query))
    query = _PHONE_RUN.sub(_phone_term, query)
    return [t for t in ascii_width(query).split() if t]


def _term_rowids(table: str, fts: str, bigram: str, cols: list[str], term: str, params: dict, tag: str) -> str:
    """A SELECT of the rowids of ``table`` whose indexed text contains ``term``."""
    params[tag] = fts_phrase(term)
    if len(term) >= TRIGRAM:
        return f"SELECT rowid FROM {fts} WHERE {fts} MATCH :{tag}"
    if is_cjk_pair(term):
        return f"SELECT rowid FROM {bigram} WHERE {bigram} MATCH :{tag}"
    params[tag] = like_pattern(term)
    return f"SELECT rowid FROM {table} WHERE " + " OR ".join(f"{c} LIKE :{tag} ESCAPE '\\'" for c in cols)


def _opinion_rowids(term: str, params: dict, tag: str) -> str:
    return _term_rowids("opinion", "opinion_fts", "opinion_bigram", ["content"], term, params, tag)


def _reception_rowids(term: str, params: dict, tag: str) -> str:
    """Receptions whose search document (own text and visitors' name, village, phone) contains ``term``."""
    return _term_rowids("reception", "reception_fts", "reception_bigram", ["search_text"], term, params, tag)


def _newest(sets: list[str]) -> str:
    """Rowids in every one of ``sets`` (each term must occur), newest first, at most :limit of them."""
    both = " INTERSECT ".join(f"SELECT * FROM ({s_})" for s_ in sets)
    return f"SELECT rowid FROM ({both}) ORDER BY 1 DESC LIMIT :limit"


def search(ledger: Ledger, query: str, *, limit: int = 50) -> list[SearchHit]:
    """Receptions (matter, outcome, visitor name/village/phone), opinions and deputies matching ``query``."""
    terms = split_terms(query)
    if not terms:
        return []
    hits: list[SearchHit] = []
    params: dict = {"limit": limit}
    with ledger.read() as s:
        if len(terms) == 1 and is_pinyin_query(terms[0]):
            hits.extend(_pinyin_hits(s, terms[0].lower(), limit))
            if len(terms[0]) < TRIGRAM:
                # "zs" is initials, not text: a LIKE scan of every record for it would only add noise.
                return hits
        opinion_sets = [_opinion_rowids(t, params, f"o{i}") for i, t in enumerate(terms)]
        for row in s.execute(
            text(
                "SELECT o.id, o.registered_on, o.content, o.proposer_name, o.reception_id FROM opinion o "
                f"WHERE o.rowid IN ({_newest(opinion_sets)}) ORDER BY o.rowid DESC"
            ),
            params,
        ):
            hits.append(
                SearchHit(
                    "opinion",
                    row.id,
                    date.fromisoformat(row.registered_on),
                    f"意见：{row.proposer_name or '匿名'}",
                    row.content,
                    row.reception_id,
                )
            )
        # A reception's document holds its visitors too, so "东风村 积水" finds the village (a visitor's)
        # together with the problem (the reception's).
        reception_sets = [_reception_rowids(t, params, f"r{i}") for i, t in enumerate(terms)]
        for row in s.execute(
            text(
                "SELECT r.id, r.received_on, r.matter FROM reception r "
                f"WHERE r.rowid IN ({_newest(reception_sets)}) ORDER BY r.rowid DESC"
            ),
            params,
        ):
            hits.append(SearchHit("reception", row.id, date.fromisoformat(row.received_on), "接待", row.matter, row.id))
    seen: set[tuple[str, str]] = set()
    unique = []
    for h in hits:
        if (h.kind, h.id) not in seen:
            seen.add((h.kind, h.id))
            unique.append(h)
    return unique[: limit * 2]


def _pinyin_hits(s, prefix: str, limit: int) -> list[SearchHit]:
    """Deputies and visitors whose pinyin initials (or a deputy's full pinyin) start with ``prefix``."""
    # A range on the index, because LIKE is case-insensitive and SQLite would scan: "zs" <= x < "zt".
    params = {"py": prefix, "py_end": prefix[:-1] + chr(ord(prefix[-1]) + 1), "limit": limit}
    hits = [
        SearchHit("deputy", row.id, None, row.name, row.constituency)
        for row in s.execute(
            text(
                "SELECT id, name, constituency FROM deputy WHERE (name_initials >= :py AND name_initials < :py_end) "
                "OR (name_pinyin >= :py AND name_pinyin < :py_end) ORDER BY name_pinyin LIMIT :limit"
            ),
            params,
        )
    ]
    for row in s.execute(
        text(
            # Newest visitors first by rowid, straight from the name_initials index; only those rows are read.
            "SELECT r.id, r.received_on, r.matter, v.name FROM visitor v JOIN reception r ON r.id = v.reception_id "
            "WHERE v.rowid IN (SELECT rowid FROM visitor WHERE name_initials >= :py AND name_initials < :py_end "
            "ORDER BY rowid DESC LIMIT :limit) ORDER BY v.rowid DESC"
        ),
        params,
    ):
        hits.append(
            SearchHit("reception", row.id, date.fromisoformat(row.received_on), f"{row.name} 来访", row.matter, row.id)
        )
    return hits

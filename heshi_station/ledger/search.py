"""Finding records by what the clerk types: Chinese substrings, phone numbers and pinyin initials.

Guarantees:
- terms of 3+ characters use the FTS5 trigram index; two-character Chinese terms use the bigram index
  (``db.search_tokens``); anything shorter falls back to ``LIKE``; several terms separated by spaces must
  all occur;
- user text is always passed as a bound parameter and quoted as an FTS5 string (and ``LIKE``
  wildcards are escaped), so no input can break or alter the query;
- an all-letters query also matches people by pinyin initials or full pinyin (``zs`` finds 张三).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import text

from heshi_station.db.search_tokens import is_cjk_pair
from heshi_station.ledger.context import Ledger
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


def split_terms(query: str) -> list[str]:
    # Control characters become separators: SQLite stops reading a LIKE pattern at a NUL, so "%\0%"
    # would otherwise match every row.
    query = re.sub(r"[\x00-\x1f\x7f]", " ", query)
    return [t for t in query.replace("\u3000", " ").split() if t]


def _where(
    alias_cols: list[str], fts_table: str, bigram_table: str, rowid_expr: str, terms: list[str], params: dict, tag: str
) -> str:
    """SQL condition for all ``terms``: 3+ characters through the trigram index, two CJK characters through the
    bigram index, anything shorter through LIKE on the given columns."""
    parts = []
    long_terms = [t for t in terms if len(t) >= TRIGRAM]
    if long_terms:
        params[f"{tag}_fts"] = " AND ".join(fts_phrase(t) for t in long_terms)
        parts.append(f"{rowid_expr} IN (SELECT rowid FROM {fts_table} WHERE {fts_table} MATCH :{tag}_fts)")
    pairs = [t for t in terms if is_cjk_pair(t)]
    if pairs:
        params[f"{tag}_bi"] = " AND ".join(fts_phrase(t) for t in pairs)
        parts.append(f"{rowid_expr} IN (SELECT rowid FROM {bigram_table} WHERE {bigram_table} MATCH :{tag}_bi)")
    for i, t in enumerate(t for t in terms if len(t) < TRIGRAM and not is_cjk_pair(t)):
        params[f"{tag}_like{i}"] = like_pattern(t)
        parts.append("(" + " OR ".join(f"{c} LIKE :{tag}_like{i} ESCAPE '\\'" for c in alias_cols) + ")")
    return " AND ".join(parts) if parts else "0"


def search(ledger: Ledger, query: str, *, limit: int = 50) -> list[SearchHit]:
    """Receptions (matter, outcome, visitor name/village/phone), opinions and deputies matching ``query``."""
    terms = split_terms(query)
    if not terms:
        return []
    hits: list[SearchHit] = []
    params: dict = {"limit": limit}
    with ledger.read() as s:
        if len(terms) == 1 and is_pinyin_query(terms[0]):
            params["py"] = terms[0].lower() + "%"
            for row in s.execute(
                text(
                    "SELECT id, name, constituency FROM deputy WHERE name_initials LIKE :py OR name_pinyin LIKE :py "
                    "ORDER BY name_pinyin LIMIT :limit"
                ),
                params,
            ):
                hits.append(SearchHit("deputy", row.id, None, row.name, row.constituency))
            for row in s.execute(
                text(
                    "SELECT r.id, r.received_on, r.matter, v.name FROM visitor v "
                    "JOIN reception r ON r.id = v.reception_id WHERE v.name_initials LIKE :py "
                    "ORDER BY r.received_at DESC LIMIT :limit"
                ),
                params,
            ):
                hits.append(
                    SearchHit(
                        "reception",
                        row.id,
                        date.fromisoformat(row.received_on),
                        f"{row.name} 来访",
                        row.matter,
                        row.id,
                    )
                )
        opinion_cond = _where(["o.content"], "opinion_fts", "opinion_bigram", "o.rowid", terms, params, "op")
        for row in s.execute(
            text(
                f"SELECT o.id, o.registered_on, o.content, o.proposer_name, o.reception_id FROM opinion o "
                f"WHERE {opinion_cond} ORDER BY o.registered_on DESC, o.id DESC LIMIT :limit"
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
        # Each term may occur in the reception's own text OR in one of its visitors ("东风村 积水": the
        # village is the visitor's, the problem the reception's); every term must occur somewhere.
        per_term = []
        for i, t in enumerate(terms):
            rec_cond = _where(
                ["r.matter", "r.outcome"], "reception_fts", "reception_bigram", "r.rowid", [t], params, f"rc{i}"
            )
            vis_cond = _where(
                ["v.name", "v.village", "v.phone"], "visitor_fts", "visitor_bigram", "v.rowid", [t], params, f"vs{i}"
            )
            per_term.append(f"({rec_cond} OR r.id IN (SELECT v.reception_id FROM visitor v WHERE {vis_cond}))")
        for row in s.execute(
            text(
                f"SELECT r.id, r.received_on, r.matter FROM reception r WHERE {' AND '.join(per_term)} "
                f"ORDER BY r.received_at DESC, r.id DESC LIMIT :limit"
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

"""Finding records by what the clerk types: Chinese substrings, phone numbers and pinyin initials.

Guarantees:
- terms of 3+ characters use the FTS5 trigram index; two-character Chinese terms use the bigram index
  (``db.search_tokens``); anything shorter falls back to ``LIKE``; several terms separated by spaces must
  all occur;
- user text is always passed as a bound parameter and quoted as an FTS5 string (and ``LIKE``
  wildcards are escaped), so no input can break or alter the query;
- an opinion's indexed text is its content with its proposer's name, phone and village (migration 0010),
  a reception's is its matter and outcome with its visitors' names, villages and phones (0006);
- an all-letters term also matches people by pinyin initials (an opinion's proposer, a reception's
  visitors, a deputy's initials or full pinyin): ``zs`` finds 张三, ``zch`` finds 曾超华;
- results come newest-entered first. Matching is done on index rowids alone and only the rows shown are
  read, so a common word costs about as little as a rare one; ``search_results`` also counts every match
  of each kind, and ``opinion_match`` gives the whole matching set to the opinion list (no cap).
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


def _initials_range(prefix: str, params: dict, tag: str) -> str:
    """Bind the index range of pinyin initials starting with ``prefix`` ("zs" <= x < "zt") as :tag_lo/:tag_hi.

    A range on the index, because LIKE is case-insensitive and SQLite would scan.
    """
    prefix = prefix.lower()
    params[f"{tag}_lo"], params[f"{tag}_hi"] = prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return f">= :{tag}_lo AND {{col}} < :{tag}_hi"


def _term_set(kind: str, term: str, params: dict, tag: str) -> str:
    """The rowids of ``kind`` ("opinion" | "reception") matching one term.

    An all-letters term also matches people by pinyin initials: an opinion's proposer, a reception's visitors.
    A term of one or two letters is only initials ("zs" is a person, not text: a LIKE scan for it would only
    add noise).
    """
    pinyin = is_pinyin_query(term)
    by_text = ""
    if not pinyin or len(term) >= TRIGRAM:
        if kind == "opinion":
            by_text = _term_rowids("opinion", "opinion_fts", "opinion_bigram", ["search_text"], term, params, tag)
        else:
            # A reception's document holds its visitors too, so "东风村 积水" finds the village (a visitor's)
            # together with the problem (the reception's).
            by_text = _term_rowids("reception", "reception_fts", "reception_bigram", ["search_text"], term, params, tag)
    if not pinyin:
        return by_text
    rng = _initials_range(term, params, f"{tag}py")
    if kind == "opinion":
        by_name = f"SELECT rowid FROM opinion WHERE proposer_initials {rng.format(col='proposer_initials')}"
    else:
        by_name = (
            "SELECT r.rowid FROM visitor v JOIN reception r ON r.id = v.reception_id "
            f"WHERE v.name_initials {rng.format(col='v.name_initials')}"
        )
    return f"{by_text} UNION {by_name}" if by_text else by_name


def matching_rowids(kind: str, terms: list[str], params: dict) -> str:
    """A SELECT of the rowids of every ``kind`` record matching all ``terms`` (no limit, unordered)."""
    sets = [_term_set(kind, t, params, f"{kind[0]}{i}") for i, t in enumerate(terms)]
    return " INTERSECT ".join(f"SELECT * FROM ({s_})" for s_ in sets)


@dataclass(frozen=True)
class OpinionMatch:
    """How the opinion list filters by a query: every term must match (``opinion_match``).

    ``rowid_set`` selects the rowids matching every indexed term (None when all terms are row conditions), with
    ``set_params``; ``conditions`` are (SQL on the ``opinion`` row, its parameters) for terms only a ``LIKE``
    can find (one character, or two that are not a Chinese pair): tested on each row as it is read, so the
    newest page stops after ``limit`` hits instead of scanning the whole table first.
    """

    rowid_set: str | None
    set_params: dict
    conditions: list[tuple[str, dict]]


def _like_only(term: str) -> bool:
    """Terms no index can find (``_term_set`` would use a LIKE scan)."""
    return not is_pinyin_query(term) and len(term) < TRIGRAM and not is_cjk_pair(term)


def opinion_match(query: str) -> OpinionMatch | None:
    """The opinion list's filter for ``query``; None for no terms.

    The whole matching set, no cap: the count is the true total and the list pages through all of them.
    """
    terms = split_terms(query)
    if not terms:
        return None
    params: dict = {}
    sets, conditions = [], []
    for i, term in enumerate(terms):
        if _like_only(term):
            tag = f"ol{i}"
            conditions.append((f"opinion.search_text LIKE :{tag} ESCAPE '\\'", {tag: like_pattern(term)}))
        else:
            sets.append(_term_set("opinion", term, params, f"o{i}"))
    rowid_set = " INTERSECT ".join(f"SELECT * FROM ({s_})" for s_ in sets) if sets else None
    return OpinionMatch(rowid_set, params, conditions)


@dataclass(frozen=True)
class SearchResults:
    """The hits shown (at most ``limit`` of each kind, newest first) and how many records matched in all."""

    hits: list[SearchHit]
    totals: dict[str, int]
    limit: int

    def shown(self, kind: str) -> int:
        return sum(1 for h in self.hits if h.kind == kind)

    @property
    def partial(self) -> bool:
        """True when some kind has more matches than are shown."""
        return any(total > self.shown(kind) for kind, total in self.totals.items())


def search(ledger: Ledger, query: str, *, limit: int = 50) -> list[SearchHit]:
    """Receptions (matter, outcome, visitor name/village/phone/initials), opinions (content, proposer name,
    phone, village, initials) and deputies (initials, pinyin) matching ``query``; at most ``limit`` of each."""
    return search_results(ledger, query, limit=limit, count=False).hits


def search_results(ledger: Ledger, query: str, *, limit: int = 50, count: bool = True) -> SearchResults:
    """Like ``search``, with the total number of matches of each kind (``count``), so a caller can say when
    it shows only part of them."""
    terms = split_terms(query)
    if not terms:
        return SearchResults([], {}, limit)
    hits: list[SearchHit] = []
    totals: dict[str, int] = {}
    with ledger.read() as s:
        if len(terms) == 1 and is_pinyin_query(terms[0]):
            deputies = _deputy_hits(s, terms[0], limit + 1 if count else limit)
            hits.extend(deputies[:limit])
            if count:
                totals["deputy"] = len(deputies) if len(deputies) <= limit else _count_deputies(s, terms[0])
        params: dict = {"limit": limit}
        opinion_set = matching_rowids("opinion", terms, params)
        for row in s.execute(
            text(
                "SELECT o.id, o.registered_on, o.content, o.proposer_name, o.reception_id FROM opinion o "
                f"WHERE o.rowid IN (SELECT rowid FROM ({opinion_set}) ORDER BY 1 DESC LIMIT :limit) "
                "ORDER BY o.rowid DESC"
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
        reception_set = matching_rowids("reception", terms, params)
        for row in s.execute(
            text(
                "SELECT r.id, r.received_on, r.matter, (SELECT v.name FROM visitor v WHERE v.reception_id = r.id "
                "ORDER BY v.position LIMIT 1) AS visitor FROM reception r "
                f"WHERE r.rowid IN (SELECT rowid FROM ({reception_set}) ORDER BY 1 DESC LIMIT :limit) "
                "ORDER BY r.rowid DESC"
            ),
            params,
        ):
            title = f"接待：{row.visitor}" if row.visitor else "接待"
            hits.append(SearchHit("reception", row.id, date.fromisoformat(row.received_on), title, row.matter, row.id))
        if count:
            for kind, rowids in (("opinion", opinion_set), ("reception", reception_set)):
                shown = sum(1 for h in hits if h.kind == kind)
                totals[kind] = shown if shown < limit else s.scalar(text(f"SELECT count(*) FROM ({rowids})"), params)
    return SearchResults(hits, totals, limit)


def _deputy_where(prefix: str, params: dict) -> str:
    rng = _initials_range(prefix, params, "d")
    return f"(name_initials {rng.format(col='name_initials')}) OR (name_pinyin {rng.format(col='name_pinyin')})"


def _deputy_hits(s, prefix: str, limit: int) -> list[SearchHit]:
    """Deputies whose pinyin initials or full pinyin start with ``prefix``."""
    params: dict = {"limit": limit}
    where = _deputy_where(prefix, params)
    return [
        SearchHit("deputy", row.id, None, row.name, row.constituency)
        for row in s.execute(
            text(f"SELECT id, name, constituency FROM deputy WHERE {where} ORDER BY name_pinyin LIMIT :limit"), params
        )
    ]


def _count_deputies(s, prefix: str) -> int:
    params: dict = {}
    return s.scalar(text(f"SELECT count(*) FROM deputy WHERE {_deputy_where(prefix, params)}"), params) or 0

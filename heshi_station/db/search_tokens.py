"""Bigram tokens for two-character Chinese search terms.

SQLite's trigram tokenizer cannot match terms shorter than three characters, yet two-character words
(道路, 低保, 路灯, most names) are what clerks type most. ``bigram_text`` turns text into space-separated
overlapping pairs of CJK characters, which an FTS5 table with the default tokenizer indexes as words. It is
registered on every connection as the SQL function ``heshi_bigrams`` (deterministic), and the search-index
triggers call it, so the index is kept in sync by SQLite itself.

Guarantee: for any text T and any two CJK characters XY, ``XY`` is a token of ``bigram_text(T)`` iff XY is a
substring of T.
"""

from __future__ import annotations

import re

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def is_cjk_pair(term: str) -> bool:
    return len(term) == 2 and bool(_CJK_RUN.fullmatch(term))


def bigram_text(*texts: str | None) -> str:
    pairs: list[str] = []
    for text in texts:
        for run in _CJK_RUN.findall(text or ""):
            pairs.extend(run[i : i + 2] for i in range(len(run) - 1))
    return " ".join(pairs)


def register_functions(dbapi_connection) -> None:
    dbapi_connection.create_function("heshi_bigrams", -1, bigram_text, deterministic=True)


def is_search_index_table(name: str | None) -> bool:
    """FTS5 tables (and their shadow tables) made by the search migrations, not by the ORM models."""
    return bool(name) and ("_fts" in name or "_bigram" in name)

"""surname pinyin keys; one search document per opinion (content, proposer name, phone, village)

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-03

1. Pinyin keys follow the surname reading (曾超华 is ``zch``, not ``cch``; see ``ledger/pinyin.py``). The
   stored keys of visitors and deputies are recomputed for every name whose first character (or first two)
   is in the surname table; other names keep the keys they had, which are unchanged by the new rules.
2. An opinion is found by its proposer's name, phone, village and pinyin initials as well as by its text:
   ``opinion.search_text`` holds content, proposer name, phone and village, the trigram and bigram indexes
   cover that one column (as 0006 did for receptions), and ``opinion.proposer_initials`` (indexed) holds the
   proposer's pinyin initials for prefix ranges. The write path fills both when registering; a trigger
   keeps ``search_text`` right when an opinion's text or proposer is corrected.

Chosen over a rebuild on every open: a migration runs once, inside the upgrade's transaction and after the
verified pre-upgrade backup, and an up-to-date ledger opens without touching its rows.
"""

import sqlalchemy as sa
from alembic import op

from heshi_station.ledger.pinyin import COMPOUND_SURNAME_READINGS, SURNAME_READINGS, full_pinyin, initials

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

DOCUMENT = "{o}.content || ' ' || {o}.proposer_name || ' ' || {o}.proposer_phone || ' ' || {o}.village"


def _surname_names(table: str, column: str) -> list[str]:
    """Distinct names whose keys the surname table changes (the rest already hold the right keys)."""
    singles = list(SURNAME_READINGS)
    compounds = list(COMPOUND_SURNAME_READINGS)
    marks = ", ".join("?" for _ in singles)
    cmarks = ", ".join("?" for _ in compounds)
    sql = (
        f"SELECT DISTINCT {column} FROM {table} WHERE {column} != '' AND "
        f"(substr({column}, 1, 1) IN ({marks}) OR substr({column}, 1, 2) IN ({cmarks}))"
    )
    conn = op.get_bind()
    return [row[0] for row in conn.exec_driver_sql(sql, tuple(singles + compounds))]


def _rekey_people() -> None:
    conn = op.get_bind()
    for name in _surname_names("visitor", "name"):
        conn.exec_driver_sql("UPDATE visitor SET name_initials = ? WHERE name = ?", (initials(name), name))
    for name in _surname_names("deputy", "name"):
        conn.exec_driver_sql(
            "UPDATE deputy SET name_initials = ?, name_pinyin = ? WHERE name = ?",
            (initials(name), full_pinyin(name), name),
        )


def _drop_opinion_indexes() -> None:
    for suffix in ("ai", "ad", "au", "bigram_ai", "bigram_ad", "bigram_au"):
        op.execute(f"DROP TRIGGER IF EXISTS opinion_{suffix}")
    for idx in ("opinion_fts", "opinion_bigram"):
        op.execute(f"DROP TABLE IF EXISTS {idx}")


def upgrade() -> None:
    _rekey_people()
    _drop_opinion_indexes()
    op.add_column("opinion", sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    op.add_column("opinion", sa.Column("proposer_initials", sa.String(50), nullable=False, server_default=""))
    op.create_index("ix_opinion_proposer_initials", "opinion", ["proposer_initials"])
    op.execute(f"UPDATE opinion SET search_text = {DOCUMENT.format(o='opinion')}")
    conn = op.get_bind()
    names = [r[0] for r in conn.exec_driver_sql("SELECT DISTINCT proposer_name FROM opinion WHERE proposer_name != ''")]
    for name in names:
        conn.exec_driver_sql("UPDATE opinion SET proposer_initials = ? WHERE proposer_name = ?", (initials(name), name))
    op.execute(
        "CREATE VIRTUAL TABLE opinion_fts USING fts5(search_text, content='opinion', content_rowid='rowid', "
        "tokenize='trigram')"
    )
    op.execute("CREATE VIRTUAL TABLE opinion_bigram USING fts5(tokens, content='')")
    op.execute("INSERT INTO opinion_fts(opinion_fts) VALUES ('rebuild')")
    op.execute("INSERT INTO opinion_bigram(rowid, tokens) SELECT rowid, heshi_bigrams(search_text) FROM opinion")
    op.execute(
        "CREATE TRIGGER opinion_ai AFTER INSERT ON opinion BEGIN "
        "INSERT INTO opinion_fts(rowid, search_text) VALUES (new.rowid, new.search_text); "
        "INSERT INTO opinion_bigram(rowid, tokens) VALUES (new.rowid, heshi_bigrams(new.search_text)); END"
    )
    op.execute(
        "CREATE TRIGGER opinion_ad AFTER DELETE ON opinion BEGIN "
        "INSERT INTO opinion_fts(opinion_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); "
        "INSERT INTO opinion_bigram(opinion_bigram, rowid, tokens) "
        "VALUES ('delete', old.rowid, heshi_bigrams(old.search_text)); END"
    )
    op.execute(
        "CREATE TRIGGER opinion_au AFTER UPDATE OF search_text ON opinion BEGIN "
        "INSERT INTO opinion_fts(opinion_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); "
        "INSERT INTO opinion_fts(rowid, search_text) VALUES (new.rowid, new.search_text); "
        "INSERT INTO opinion_bigram(opinion_bigram, rowid, tokens) "
        "VALUES ('delete', old.rowid, heshi_bigrams(old.search_text)); "
        "INSERT INTO opinion_bigram(rowid, tokens) VALUES (new.rowid, heshi_bigrams(new.search_text)); END"
    )
    # search_text follows the opinion's text and proposer when they are corrected after registration.
    op.execute(
        "CREATE TRIGGER opinion_document_au AFTER UPDATE OF content, proposer_name, proposer_phone, village "
        f"ON opinion BEGIN UPDATE opinion SET search_text = {DOCUMENT.format(o='new')} WHERE rowid = new.rowid; END"
    )


def downgrade() -> None:
    # Going back would need 0002-0004's content-only opinion indexes rebuilt; the app never downgrades a
    # ledger (it restores a backup instead), so refuse rather than leave search half-indexed.
    raise NotImplementedError("降级到 0007 不受支持：请从升级前的备份恢复。")

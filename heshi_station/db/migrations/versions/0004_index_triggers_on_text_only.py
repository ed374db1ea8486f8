"""search-index triggers fire only when indexed text changes

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26

Every handling step rewrites an opinion's cached state columns; with plain ``AFTER UPDATE`` triggers that
also deleted and re-added the opinion's search-index entries each time. ``AFTER UPDATE OF <columns>``
limits the work to edits of the text the indexes hold.
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# (content table, trigram index, bigram index, trigram columns, bigram columns)
TABLES = [
    ("reception", "reception_fts", "reception_bigram", ["matter", "outcome"], ["matter", "outcome"]),
    ("opinion", "opinion_fts", "opinion_bigram", ["content"], ["content"]),
    ("visitor", "visitor_fts", "visitor_bigram", ["name", "village", "phone"], ["name", "village"]),
]


def _create(table: str, fts: str, bigram: str, tri_cols: list[str], bi_cols: list[str], *, of: bool) -> None:
    tri_list = ", ".join(tri_cols)
    tri_new = ", ".join(f"new.{c}" for c in tri_cols)
    tri_old = ", ".join(f"old.{c}" for c in tri_cols)
    bi_new = "heshi_bigrams(" + ", ".join(f"new.{c}" for c in bi_cols) + ")"
    bi_old = "heshi_bigrams(" + ", ".join(f"old.{c}" for c in bi_cols) + ")"
    tri_of = f" OF {tri_list}" if of else ""
    bi_of = " OF " + ", ".join(bi_cols) if of else ""
    op.execute(
        f"CREATE TRIGGER {table}_au AFTER UPDATE{tri_of} ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {tri_list}) VALUES ('delete', old.rowid, {tri_old}); "
        f"INSERT INTO {fts}(rowid, {tri_list}) VALUES (new.rowid, {tri_new}); END"
    )
    op.execute(
        f"CREATE TRIGGER {table}_bigram_au AFTER UPDATE{bi_of} ON {table} BEGIN "
        f"INSERT INTO {bigram}({bigram}, rowid, tokens) VALUES ('delete', old.rowid, {bi_old}); "
        f"INSERT INTO {bigram}(rowid, tokens) VALUES (new.rowid, {bi_new}); END"
    )


def _drop(table: str) -> None:
    op.execute(f"DROP TRIGGER IF EXISTS {table}_au")
    op.execute(f"DROP TRIGGER IF EXISTS {table}_bigram_au")


def upgrade() -> None:
    for table, fts, bigram, tri_cols, bi_cols in TABLES:
        _drop(table)
        _create(table, fts, bigram, tri_cols, bi_cols, of=True)


def downgrade() -> None:
    for table, fts, bigram, tri_cols, bi_cols in TABLES:
        _drop(table)
        _create(table, fts, bigram, tri_cols, bi_cols, of=False)

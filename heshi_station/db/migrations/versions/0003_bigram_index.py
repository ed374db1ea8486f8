"""bigram index: two-character Chinese terms found through FTS5 instead of a LIKE scan

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

The tables are contentless (content=''): they store only the index. Triggers compute the tokens with the
``heshi_bigrams`` SQL function that every ledger connection registers (heshi_station.db.search_tokens).
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# (index table, content table, source columns)
INDEXES = [
    ("reception_bigram", "reception", ["matter", "outcome"]),
    ("opinion_bigram", "opinion", ["content"]),
    ("visitor_bigram", "visitor", ["name", "village"]),
]


def upgrade() -> None:
    for idx, table, cols in INDEXES:
        new = "heshi_bigrams(" + ", ".join(f"new.{c}" for c in cols) + ")"
        old = "heshi_bigrams(" + ", ".join(f"old.{c}" for c in cols) + ")"
        op.execute(f"CREATE VIRTUAL TABLE {idx} USING fts5(tokens, content='')")
        op.execute(
            f"CREATE TRIGGER {table}_bigram_ai AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {idx}(rowid, tokens) VALUES (new.rowid, {new}); END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_bigram_ad AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {idx}({idx}, rowid, tokens) VALUES ('delete', old.rowid, {old}); END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_bigram_au AFTER UPDATE ON {table} BEGIN "
            f"INSERT INTO {idx}({idx}, rowid, tokens) VALUES ('delete', old.rowid, {old}); "
            f"INSERT INTO {idx}(rowid, tokens) VALUES (new.rowid, {new}); END"
        )
        src = "heshi_bigrams(" + ", ".join(cols) + ")"
        op.execute(f"INSERT INTO {idx}(rowid, tokens) SELECT rowid, {src} FROM {table}")


def downgrade() -> None:
    for idx, table, _cols in INDEXES:
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_bigram_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {idx}")

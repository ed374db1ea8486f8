"""search index: FTS5 (trigram) over receptions, opinions and visitors, kept in sync by triggers

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# (fts table, content table, indexed columns)
INDEXES = [
    ("reception_fts", "reception", ["matter", "outcome"]),
    ("opinion_fts", "opinion", ["content"]),
    ("visitor_fts", "visitor", ["name", "village", "phone"]),
]


def upgrade() -> None:
    for fts, table, cols in INDEXES:
        col_list = ", ".join(cols)
        new_vals = ", ".join(f"new.{c}" for c in cols)
        old_vals = ", ".join(f"old.{c}" for c in cols)
        op.execute(
            f"CREATE VIRTUAL TABLE {fts} USING fts5({col_list}, content='{table}', "
            f"content_rowid='rowid', tokenize='trigram')"
        )
        op.execute(
            f"CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {fts}(rowid, {col_list}) VALUES (new.rowid, {new_vals}); END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {col_list}) VALUES ('delete', old.rowid, {old_vals}); END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_au AFTER UPDATE ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {col_list}) VALUES ('delete', old.rowid, {old_vals}); "
            f"INSERT INTO {fts}(rowid, {col_list}) VALUES (new.rowid, {new_vals}); END"
        )
        op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def downgrade() -> None:
    for fts, table, _cols in INDEXES:
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {fts}")

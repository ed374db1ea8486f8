"""corrections, voiding and provisional deadlines

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

A saved reception or opinion can be corrected (更正) and a reception voided (作废) with a reason; nothing is
ever deleted. ``revision`` counts the corrections, ``corrected_at`` is the time of the latest. An opinion's
deadline computed on a provisional holiday table (a year whose official arrangement is not yet known) is
marked in the fold's cache column ``due_provisional``. Existing rows get the defaults: never corrected, not
voided, deadlines not provisional (every deadline so far was computed on an official table).
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


COLUMNS = {
    "reception": [
        sa.Column("voided_at", sa.String(40), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=False, server_default=""),
        sa.Column("corrected_at", sa.String(40), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False, server_default="0"),
    ],
    "opinion": [
        sa.Column("due_provisional", sa.Boolean(), nullable=False, server_default="0"),
        sa.Column("corrected_at", sa.String(40), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False, server_default="0"),
    ],
}


def upgrade() -> None:
    # Plain ADD COLUMN: SQLite adds a column in place, so the search triggers on these tables stay untouched.
    for table, columns in COLUMNS.items():
        for column in columns:
            op.add_column(table, column)


def downgrade() -> None:
    for table, columns in COLUMNS.items():
        for column in reversed(columns):
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column.name}")

"""covering indexes for period statistics

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26

Monthly statistics select a period's receptions and opinions by date and then read their visitors,
deputies and events. Indexes that also hold the columns those queries read let SQLite answer from the index
alone instead of visiting each row scattered through a large file.
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# (old index, table, old columns, new index, new columns)
CHANGES = [
    ("ix_reception_received_on", "reception", ["received_on"], "ix_reception_received_on_id", ["received_on", "id"]),
    ("ix_visitor_reception_id", "visitor", ["reception_id"], "ix_visitor_reception_people",
     ["reception_id", "group_size", "village"]),
    ("ix_opinion_registered_on", "opinion", ["registered_on"], "ix_opinion_registered_on_id",
     ["registered_on", "id", "category_id", "village"]),
    ("ix_opinion_closed_on", "opinion", ["closed_on"], "ix_opinion_closed_on_state_due",
     ["closed_on", "state", "due_date"]),
    ("ix_opinion_event_kind_time", "opinion_event", ["kind", "occurred_at"], "ix_opinion_event_kind_time",
     ["kind", "occurred_at", "opinion_id"]),
]  # fmt: skip


def upgrade() -> None:
    for old, table, _old_cols, new, new_cols in CHANGES:
        op.drop_index(old, table_name=table)
        op.create_index(new, table, new_cols)
    op.execute("ANALYZE")


def downgrade() -> None:
    for old, table, old_cols, new, _new_cols in reversed(CHANGES):
        op.drop_index(new, table_name=table)
        op.create_index(old, table, old_cols)

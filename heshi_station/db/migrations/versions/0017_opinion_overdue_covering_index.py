"""the overdue filters count from one index

Revision ID: 0017
Revises: 0015
Create Date: 2026-12-03

The opinion list's overdue levels (and the 工作台 figures) select open, running opinions by state and deadline:
``state IN (…) AND paused IS 0 AND due_date …``. With ``paused`` in the index as well, counting them reads
the index alone instead of visiting each row (严重超期 on 103,050 opinions: ~70 ms → a few ms).
"""

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_opinion_state_due", table_name="opinion")
    op.create_index("ix_opinion_state_due_paused", "opinion", ["state", "due_date", "paused"])
    op.execute("ANALYZE opinion")


def downgrade() -> None:
    op.drop_index("ix_opinion_state_due_paused", table_name="opinion")
    op.create_index("ix_opinion_state_due", "opinion", ["state", "due_date"])

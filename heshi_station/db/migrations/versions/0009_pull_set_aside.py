"""pulled changes set aside

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-03

A change pulled from the centre that the station cannot apply (a bad rating, a date it cannot read, a
holiday year listing a day twice …) is kept in ``pull_set_aside`` with its reason instead of stopping every
later sync; the rest of its page applies and the pull cursor moves on. A new table only: existing rows
are untouched.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pull_set_aside",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("epoch", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("set_aside_at", sa.String(length=40), nullable=False),
        sa.Column("superseded_at", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pull_set_aside")),
    )
    with op.batch_alter_table("pull_set_aside", schema=None) as batch_op:
        batch_op.create_index("ix_pull_set_aside_entity", ["kind", "entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pull_set_aside_superseded_at"), ["superseded_at"], unique=False)


def downgrade() -> None:
    op.drop_table("pull_set_aside")

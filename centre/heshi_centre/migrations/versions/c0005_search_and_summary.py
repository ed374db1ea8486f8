"""意见跟踪 search index (CJK bigrams of each opinion, ``console.search_index``), an index for the category
filter, and 全市概览's per station × month summary with each opinion's on-time verdicts and pending deadline
(``console.overview_summary``); all filled from the rows already projected.

Revision ID: c0005
Revises: c0007
Create Date: 2026-12-03 13:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = 'c0005'
down_revision = 'c0007'
branch_labels = None
depends_on = None

COUNTS = ("receptions", "people", "opinions", "answered_on_spot", "transferred", "closed", "fed_back", "on_time",
          "on_time_rated", "satisfied", "satisfied_only", "rated")


def upgrade() -> None:
    op.create_table(
        'ledger_opinion_bigram',
        sa.Column('bigram', sa.String(length=2), nullable=False),
        sa.Column('station_id', sa.Integer(), nullable=False),
        sa.Column('opinion_id', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['station_id'], ['centre_station.id'],
                                name=op.f('fk_ledger_opinion_bigram_station_id_centre_station')),
        sa.PrimaryKeyConstraint('bigram', 'station_id', 'opinion_id', name=op.f('pk_ledger_opinion_bigram')),
    )
    op.create_index('ix_ledger_opinion_bigram_opinion', 'ledger_opinion_bigram', ['station_id', 'opinion_id'])
    op.create_index('ix_ledger_opinion_category', 'ledger_opinion', ['category_id'])
    op.create_table(
        'ledger_month_summary',
        sa.Column('station_id', sa.Integer(), nullable=False),
        sa.Column('month', sa.String(length=7), nullable=False),
        *[sa.Column(c, sa.Integer(), nullable=False, server_default='0') for c in COUNTS],
        sa.ForeignKeyConstraint(['station_id'], ['centre_station.id'],
                                name=op.f('fk_ledger_month_summary_station_id_centre_station')),
        sa.PrimaryKeyConstraint('station_id', 'month', name=op.f('pk_ledger_month_summary')),
    )
    op.create_table(
        'ledger_opinion_verdict',
        sa.Column('station_id', sa.Integer(), nullable=False),
        sa.Column('opinion_id', sa.String(length=64), nullable=False),
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('on_time', sa.Integer(), nullable=False),
        sa.Column('rated', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['station_id'], ['centre_station.id'],
                                name=op.f('fk_ledger_opinion_verdict_station_id_centre_station')),
        sa.PrimaryKeyConstraint('station_id', 'opinion_id', 'month', name=op.f('pk_ledger_opinion_verdict')),
    )
    op.create_table(
        'ledger_opinion_pending',
        sa.Column('station_id', sa.Integer(), nullable=False),
        sa.Column('opinion_id', sa.String(length=64), nullable=False),
        sa.Column('due_date', sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(['station_id'], ['centre_station.id'],
                                name=op.f('fk_ledger_opinion_pending_station_id_centre_station')),
        sa.PrimaryKeyConstraint('station_id', 'opinion_id', name=op.f('pk_ledger_opinion_pending')),
    )
    op.create_index('ix_ledger_opinion_pending_due', 'ledger_opinion_pending', ['due_date', 'station_id'])
    from sqlalchemy.orm import Session

    from heshi_centre.console import overview_summary, search_index

    session = Session(bind=op.get_bind())
    search_index.backfill(session)
    overview_summary.refresh_all(session)
    session.flush()


def downgrade() -> None:
    op.drop_table('ledger_opinion_pending')
    op.drop_table('ledger_opinion_verdict')
    op.drop_table('ledger_month_summary')
    op.drop_index('ix_ledger_opinion_category', table_name='ledger_opinion')
    op.drop_index('ix_ledger_opinion_bigram_opinion', table_name='ledger_opinion_bigram')
    op.drop_table('ledger_opinion_bigram')

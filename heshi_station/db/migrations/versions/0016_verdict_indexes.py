"""indexes for the monthly on-time figure: deadlines and feedback dates carried in event data

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03

The 按期办结率 of a month first finds the opinions whose deadline fell in it: the deadline events (登记,
转办, 延期, 期限重算) whose deadline, kept in the event's JSON data, lies in the month. Without an index that
meant reading every deadline event of the ledger's whole history each month (its cost grew with the ledger,
issue 9 §3). These partial expression indexes hold exactly that value for exactly those events, so the
look-up follows the month. SQLite keeps them in step with every insert by itself: no write path changes, and
creating them fills them from the rows already there (the backfill). ``ledger.on_time`` queries with the
same expressions and names these indexes.
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

# The expressions must stay character-for-character equal to those in heshi_station/db/models/ledger.py and
# heshi_station/ledger/on_time.py: SQLite only uses an expression index for the identical expression.
DUE = "coalesce(json_extract(data, '$.due_date'), json_extract(data, '$.new_due_date'))"
DUE_KINDS = "kind IN ('registered', 'transferred', 'extended', 'deadline_recomputed')"
FED_BACK_ON = "json_extract(data, '$.fed_back_on')"


def upgrade() -> None:
    op.execute(f"CREATE INDEX ix_opinion_event_due ON opinion_event ({DUE}, occurred_at, opinion_id) WHERE {DUE_KINDS}")
    op.execute(
        f"CREATE INDEX ix_opinion_event_fed_back_on ON opinion_event ({FED_BACK_ON}, occurred_at, opinion_id)"
        " WHERE kind = 'fed_back'"
    )
    op.execute("ANALYZE opinion_event")


def downgrade() -> None:
    op.execute("DROP INDEX ix_opinion_event_fed_back_on")
    op.execute("DROP INDEX ix_opinion_event_due")

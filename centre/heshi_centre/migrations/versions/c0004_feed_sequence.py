"""feed numbers from a PostgreSQL sequence (no global row lock); epoch made by the migration

Revision ID: c0004
Revises: c0003
Create Date: 2026-12-03 13:40:00

PostgreSQL: the ``change_seq`` sequence continues exactly where the ``centre_meta['change_seq']`` counter
stopped (or after the highest feed number, if that is larger), so the numbers stations already hold as their
pull cursor keep their meaning: nothing is skipped or re-sent. The counter row is removed so nobody trusts a
stale value. SQLite keeps the counter row (one writer at a time there). Both: the epoch row is made here, so
several workers starting together never race to make it.
"""

import uuid

from alembic import op
from sqlalchemy import text

revision = 'c0004'
down_revision = 'c0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    bind.execute(
        text("INSERT INTO centre_meta (key, value) SELECT 'epoch', :v WHERE NOT EXISTS "
             "(SELECT 1 FROM centre_meta WHERE key = 'epoch')"),
        {"v": str(uuid.uuid4())},
    )
    if bind.dialect.name != "postgresql":
        return
    counter = bind.execute(text("SELECT value FROM centre_meta WHERE key = 'change_seq'")).scalar()
    highest = bind.execute(text("SELECT coalesce(max(seq), 0) FROM change")).scalar()
    last = max(int(counter or 0), int(highest or 0))
    op.execute("CREATE SEQUENCE change_seq AS bigint START WITH 1 MINVALUE 1")
    if last > 0:
        bind.execute(text("SELECT setval('change_seq', :v, true)"), {"v": last})
    op.execute("DELETE FROM centre_meta WHERE key = 'change_seq'")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    last = bind.execute(text("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM change_seq")).scalar()
    bind.execute(text("INSERT INTO centre_meta (key, value) VALUES ('change_seq', :v)"), {"v": str(last)})
    op.execute("DROP SEQUENCE change_seq")

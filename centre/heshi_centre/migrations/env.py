"""Alembic environment for the centre: runs on the engine handed in by ``heshi_centre.db.migrate``.

On PostgreSQL the whole run holds a transaction-scoped advisory lock, so two ``heshi-centre migrate`` started
together (two hosts' ExecStartPre) take turns: the second finds the schema current and does nothing.
"""

from alembic import context
from sqlalchemy import text

from heshi_centre.models import Base

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    if connection.dialect.name == "postgresql":
        from heshi_centre.db import MIGRATE_LOCK

        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATE_LOCK})
    context.configure(connection=connection, target_metadata=Base.metadata, version_table="centre_alembic_version")
    context.run_migrations()

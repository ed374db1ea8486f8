"""Alembic environment for the centre: runs in the transaction ``heshi_centre.db.migrate`` hands in (which on
PostgreSQL already holds the migration advisory lock), or on the engine handed in (other callers, e.g. tests
that up- or downgrade to a given revision).
"""

from alembic import context

from heshi_centre.models import Base

OPTIONS = {"target_metadata": Base.metadata, "version_table": "centre_alembic_version"}

given = context.config.attributes.get("connection")
if given is not None:
    context.configure(connection=given, **OPTIONS)
    context.run_migrations()
else:
    with context.config.attributes["engine"].begin() as connection:
        context.configure(connection=connection, **OPTIONS)
        context.run_migrations()

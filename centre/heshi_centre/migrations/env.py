"""Alembic environment for the centre: runs on the engine handed in by ``heshi_centre.db.migrate``."""

from alembic import context

from heshi_centre.models import Base

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata, version_table="centre_alembic_version")
    context.run_migrations()

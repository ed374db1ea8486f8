"""Alembic environment: runs on the connection handed in by ``heshi_station.db.migrate``."""

from alembic import context

from heshi_station.db.models import Base

config = context.config
connection = config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

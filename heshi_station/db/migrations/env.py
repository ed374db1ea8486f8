"""Alembic environment: runs on the connection handed in by ``heshi_station.db.migrate``."""

from alembic import context

from heshi_station.db.models import Base
from heshi_station.db.search_tokens import is_search_index_table


def include_name(name, type_, parent_names) -> bool:
    # The search indexes are created by hand-written migrations; autogenerate must not drop them.
    return not (type_ == "table" and is_search_index_table(name))


config = context.config
connection = config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True, include_name=include_name)
with context.begin_transaction():
    context.run_migrations()

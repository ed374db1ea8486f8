"""The switch that keeps later revisions' derived tables out of an older migration's backfill.

c0002 fills the structured ledger tables by projecting every stored record (``projection.project_everything``);
the tables that later revisions derive from the same push — the search index and overview summary (c0005), the
duty tables (c0007) — do not exist yet at that point, and each of those revisions fills its own tables from what
is stored. Guarantee: inside ``suspended()`` every derived-table writer (``search_index.index_opinions``,
``overview_summary.refresh_*``, ``duty_projection.project_duties``) writes nothing; outside it, they always write.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_ENABLED: ContextVar[bool] = ContextVar("heshi_centre_derived_tables", default=True)


@contextmanager
def suspended() -> Iterator[None]:
    """Within: the derived-table writers write nothing (for migrations older than the tables)."""
    token = _ENABLED.set(False)
    try:
        yield
    finally:
        _ENABLED.reset(token)


def enabled() -> bool:
    return _ENABLED.get()

"""The schema revisions this program knows, without importing Alembic.

Importing Alembic costs about half a second; opening an up-to-date ledger (every start of the app) only
needs to know the newest revision. A test checks these constants against Alembic's own script directory,
so they cannot drift from the migrations.
"""

# Oldest first; the last one is the head. Add each new migration's revision here.
REVISIONS: tuple[str, ...] = (
    "0001", "0002", "0003", "0004", "0005", "0006", "0007", "0009", "0010", "0015", "0016", "0017",
)  # fmt: skip
HEAD_REVISION = REVISIONS[-1]

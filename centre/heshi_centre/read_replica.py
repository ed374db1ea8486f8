"""The console's read replica (optional): where the heavy read-only pages take their figures.

``HESHI_CENTRE_CONSOLE_READ_URL`` names a PostgreSQL streaming replica of the centre's database. Unset (the
default), every page reads the primary as before.

Guarantees:
- every transaction on the replica's engine is ``READ ONLY``: a console read can never write there, not even
  when the setting names the primary by mistake;
- the replica is checked at start like the primary: a replica that has not yet replayed
  ``heshi-centre migrate`` (or is newer than the program) stops the start with the same message;
- a SQLite address, or a setting that is not a PostgreSQL address, is a ``SettingInvalid`` said before
  anything starts;
- what reads there (``console.web``): 全市概览 (page, JSON, xlsx), the 意见跟踪 list, the 联络站 list, 月报 and
  代表履职. What never does: login and the session check, an opinion's own page, a unit's inbox, 待审批 and
  every action, nor the page shown right after an action (the 联络站 list after adding a station) — they must
  show the user's own last step at once, which a replica replaying a moment behind the primary might not yet
  hold.
"""

from __future__ import annotations

import os

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from heshi_centre.db import make_engine, require_current_schema
from heshi_centre.errors import SettingInvalid

SETTING = "HESHI_CENTRE_CONSOLE_READ_URL"


def console_read_url() -> str | None:
    """The replica's address from the environment, or None when not set."""
    raw = os.environ.get(SETTING, "").strip()
    if not raw:
        return None
    if not raw.startswith(("postgresql://", "postgresql+psycopg://")):
        raise SettingInvalid(f"环境变量 {SETTING} 应是 PostgreSQL 只读副本的地址（postgresql://…），现在是“{raw[:60]}”")
    return raw


def open_console_reads(url: str | None = None) -> tuple[Engine, sessionmaker[Session]] | None:
    """(engine, factory) of the replica named by ``url`` or the setting, every transaction read-only; None
    when neither names one."""
    url = url or console_read_url()
    if url is None:
        return None
    engine = make_engine(url).execution_options(postgresql_readonly=True)
    try:
        require_current_schema(engine)
    except Exception:
        engine.dispose()
        raise
    return engine, sessionmaker(engine, expire_on_commit=False)

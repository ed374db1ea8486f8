"""Running the centre: one process or N stateless uvicorn workers on one listening socket.

Guarantees:
- on PostgreSQL nothing here migrates: the parent refuses an out-of-date database before any worker starts
  (``SchemaOutOfDate``, naming ``heshi-centre migrate``), and so does every worker; on SQLite (the
  one-machine demo) the parent migrates on start;
- workers keep nothing that must be shared: console sessions, login attempts, audit, push cursors and the
  feed live in the database; the only per-process memory is caches keyed by content (holiday calendars),
  which cannot go stale;
- every worker writes the same one-line-per-request access log (``HESHI_CENTRE_ACCESS_LOG`` or stderr);
- an idle kept-alive connection stays open ``KEEP_ALIVE_SECONDS`` (75 s), longer than the proxy in front keeps
  its idle upstream connections (nginx ``keepalive_timeout`` 60 s, packaging/centre/nginx.conf; a test keeps
  them in this order): the side that reuses a connection must be the side that closes it first, or a request
  can be sent just as the other side closes it (the client gets a reset or "closed without response").
"""

from __future__ import annotations

import gc
import logging
import os
import sys

from fastapi import FastAPI

from heshi_centre.db import default_database_url, is_sqlite, open_database, require_current_schema
from heshi_centre.read_replica import open_console_reads

WORKER_APP = "heshi_centre.serving:worker_app"
WORKER_HEALTHCHECK_SECONDS = 60
# uvicorn's default is 5 s: shorter than nginx keeps an idle upstream connection (60 s), so nginx would reuse
# connections the centre had just closed. Longer than the proxy's idle time, the proxy always closes first.
KEEP_ALIVE_SECONDS = 75
# Test-only: with this set to "1" every answer names the worker process (tests check N workers answer).
WORKER_PID_HEADER_ENV = "HESHI_CENTRE_WORKER_PID_HEADER"


def set_up_access_log(path: str | None) -> None:
    """One line per request from ``heshi_centre.door.BodyGuard`` (no header values, so never a token)."""
    log = logging.getLogger("heshi_centre.access")
    if log.handlers:
        return
    handler = logging.FileHandler(path, encoding="utf-8") if path else logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    log.setLevel(logging.INFO)
    log.addHandler(handler)
    log.propagate = False


def open_for_serving(url: str | None):
    """(engine, factory) for a serving process: SQLite migrates; PostgreSQL must already be current."""
    url = url or default_database_url()
    if is_sqlite(url):
        return open_database(url)
    engine, factory = open_database(url, upgrade=False)
    try:
        require_current_schema(engine)
    except Exception:
        engine.dispose()
        raise
    return engine, factory


def build_app(factory, read_factory=None) -> FastAPI:
    from heshi_centre.app import create_app

    app = create_app(factory, read_factory)
    if os.environ.get(WORKER_PID_HEADER_ENV) == "1":
        pid = str(os.getpid())

        @app.middleware("http")
        async def name_the_worker(request, call_next):
            response = await call_next(request)
            response.headers["X-Heshi-Worker"] = pid
            return response

    # Everything loaded so far lives as long as the process: keep it out of the collector's full passes,
    # which a large push batch (many small objects) would otherwise trigger over and over.
    gc.collect()
    gc.freeze()
    return app


def worker_app() -> FastAPI:
    """The app factory each uvicorn worker imports (``DATABASE_URL`` set by ``serve`` for its workers)."""
    set_up_access_log(os.environ.get("HESHI_CENTRE_ACCESS_LOG") or None)
    _engine, factory = open_for_serving(None)
    reads = open_console_reads()
    return build_app(factory, reads[1] if reads else None)


def serve(
    *,
    database_url: str | None,
    host: str,
    port: int,
    workers: int,
    ssl_certfile: str | None,
    ssl_keyfile: str | None,
    access_log: str | None,
    on_ready=None,
) -> None:
    """Check (or, on SQLite, migrate) the database, then run one process or ``workers`` worker processes."""
    import uvicorn

    engine, factory = open_for_serving(database_url)
    reads = open_console_reads()  # checked here, before any worker starts: a bad replica is said once
    if on_ready is not None:
        on_ready(factory)
    common = {
        "host": host,
        "port": port,
        "ssl_certfile": ssl_certfile,
        "ssl_keyfile": ssl_keyfile,
        "log_level": "warning",
        "timeout_graceful_shutdown": 5,
        "timeout_keep_alive": KEEP_ALIVE_SECONDS,
    }
    if workers <= 1:
        set_up_access_log(access_log)
        uvicorn.run(build_app(factory, reads[1] if reads else None), **common)
        return
    engine.dispose()  # each worker opens its own pools; the parent only supervises
    if reads:
        reads[0].dispose()
    os.environ["DATABASE_URL"] = database_url or default_database_url()
    if access_log:
        os.environ["HESHI_CENTRE_ACCESS_LOG"] = access_log
    # A spawned worker answers the parent's health pings only once it has imported the app; on a busy machine
    # that takes far longer than uvicorn's 5 s default, and the parent would kill and respawn it for ever.
    uvicorn.run(
        WORKER_APP, factory=True, workers=workers, timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS, **common
    )

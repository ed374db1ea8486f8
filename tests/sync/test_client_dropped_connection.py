"""The station's client against a real two-worker centre whose worker drops a kept-alive connection with the
next request unread — what a server does when its idle (keep-alive) timer fires just as the request arrives:
the kernel answers the unread request with a reset. The pull and the push are each sent again on a new
connection (the other worker answers) instead of failing the sync; the centre holds the pushed ops once.

Deterministic, no timing: the worker holding the connection is stopped (SIGSTOP), the request is written into
its socket (seen in the kernel's receive queue), then the worker is killed (SIGKILL), which closes the socket
with the request unread — exactly the race's end state, every time.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests
from sqlalchemy import text

from heshi_centre import admin, feed
from heshi_centre.cli import main
from heshi_centre.db import open_database
from heshi_station.sync import errors
from heshi_station.sync.client import CentreClient
from tests.sync.centre_process import drop_pg_schema, free_port, new_pg_schema, postgres_reachable

WORKER_HEADER = "X-Heshi-Worker"


@pytest.fixture
def centre(tmp_path):
    """(base url, port, station code, token, session factory, wait-for-two-workers) of a migrated PostgreSQL
    centre serving with two workers."""
    if reason := postgres_reachable():
        pytest.skip(reason)
    url, schema = new_pg_schema()
    engine = proc = log = None
    try:
        assert main(["--database-url", url, "migrate"]) == 0
        engine, factory = open_database(url, upgrade=False)
        code = "DROP-01"
        with factory.begin() as s:
            admin.add_station(s, code, "断连测试站")
            token = admin.issue_token(s, code)
            feed.save_unit(s, str(uuid.uuid4()), {"name": "市信访局", "kind": "department"})
        port = free_port()
        log = open(tmp_path / "centre.log", "wb")  # noqa: SIM115 - closed below
        proc = subprocess.Popen(
            [sys.executable, "-m", "heshi_centre.cli", "serve", "--port", str(port), "--workers", "2"],
            env={**os.environ, "DATABASE_URL": url, "HESHI_CENTRE_WORKER_PID_HEADER": "1"},
            stdout=log, stderr=log, start_new_session=True,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"

        def two_workers() -> None:
            """Wait until two live workers answer (a killed one is respawned; that takes a while when busy)."""
            answered: set[int] = set()
            while len(answered) < 2:
                assert proc.poll() is None, (tmp_path / "centre.log").read_text()
                try:
                    r = requests.get(base + "/api/v1/health", headers={"Connection": "close"}, timeout=5)
                    answered.add(int(r.headers[WORKER_HEADER]))
                except requests.ConnectionError:
                    time.sleep(0.1)
                answered = {pid for pid in answered if Path(f"/proc/{pid}").exists()}

        two_workers()
        yield base, port, code, token, factory, two_workers
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:  # a worker still starting may hold the supervisor up
                os.killpg(proc.pid, signal.SIGKILL)  # its own process group: the supervisor and its workers
                proc.wait(30)
        if log is not None:
            log.close()
        if engine is not None:
            engine.dispose()
        drop_pg_schema(schema)


def _unread_bytes(port: int) -> int:
    """Bytes waiting unread in the receive queues of the centre's accepted sockets (``/proc/net/tcp``)."""
    total = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local_port = int(fields[1].split(":")[1], 16)
        listening = fields[3] == "0A"
        if local_port == port and not listening:
            total += int(fields[4].split(":")[1], 16)
    return total


def _drop_with_request_unread(client: CentreClient, port: int, call):
    """Run ``call`` (a client request) while the worker holding the client's kept-alive connection is stopped,
    then kill that worker once the request sits unread in its socket; ``call``'s result or exception."""
    holder = int(client.http.get(client.base_url + "/api/v1/health", timeout=30).headers[WORKER_HEADER])
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["result"] = call()
        except Exception as exc:  # handed to the test below
            outcome["error"] = exc

    os.kill(holder, signal.SIGSTOP)
    try:
        thread = threading.Thread(target=run)
        thread.start()
        while _unread_bytes(port) == 0:  # the request is in the stopped worker's socket
            assert thread.is_alive(), outcome
            time.sleep(0.01)
    finally:
        os.kill(holder, signal.SIGKILL)  # closes its sockets with the request unread: the kernel resets it
    thread.join()
    return outcome


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads the kernel's socket table (Linux)")
def test_pull_and_push_are_sent_again_when_the_centre_drops_the_connection_unread(centre):
    base, port, code, token, factory, two_workers = centre
    client = CentreClient(base, token, code)
    try:
        outcome = _drop_with_request_unread(client, port, lambda: client.pull(0, 500))
        assert "error" not in outcome, f"the pull failed instead of being sent again: {outcome['error']!r}"
        assert [c["kind"] for c in outcome["result"]["changes"]].count("handling_unit") == 1

        two_workers()  # the killed worker's replacement is up, so the next kill leaves one to answer
        op = {"seq": 1, "op_id": str(uuid.uuid4()), "entity": "deputy", "entity_id": "d1", "op": "upsert",
              "payload": {"id": "d1", "name": "代表一", "gender": "", "level": "city", "constituency": "",
                          "phone": "", "active": True}}  # fmt: skip
        outcome = _drop_with_request_unread(client, port, lambda: client.push(0, None, [op]))
        assert "error" not in outcome, f"the push failed instead of being sent again: {outcome['error']!r}"
        assert outcome["result"]["cursor"] == 1
        assert [a["status"] for a in outcome["result"]["answers"]] == ["applied"]
        with factory() as s:
            assert s.execute(text("select count(*) from received_op")).scalar() == 1
    finally:
        client.close()


def test_a_stalled_reply_is_still_not_retried_here():
    """The retry above covers dropped connections only: a stall stays ``CentreTimeout`` at once (the sync
    engine, not the HTTP layer, decides what to resend)."""
    import socket

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(4)
        port = server.getsockname()[1]
        accepted: list[socket.socket] = []

        def accept_and_say_nothing() -> None:
            while len(accepted) < 2:
                try:
                    conn, _ = server.accept()
                except OSError:
                    return
                accepted.append(conn)

        threading.Thread(target=accept_and_say_nothing, daemon=True).start()
        from heshi_station.sync.client import Timeouts

        client = CentreClient(f"http://127.0.0.1:{port}", "t", "S-1", timeouts=Timeouts(connect=5, stall=0.5))
        try:
            with pytest.raises(errors.CentreTimeout):
                client.pull(0, 10)
        finally:
            client.close()
            for c in accepted:
                c.close()
        assert len(accepted) == 1, "one connection: the stalled request was not sent again"

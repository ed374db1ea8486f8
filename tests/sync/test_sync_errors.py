"""Every way a sync can be refused gives a clear Chinese message and loses nothing local; stations are
isolated from each other; one sync at a time, also across processes."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
import requests
from keyring.backends import fail

from heshi_centre import admin
from heshi_centre.db import new_epoch
from heshi_protocol import wire
from heshi_station.sync import credentials, errors, settings
from heshi_station.sync.client import CentreClient, Timeouts
from heshi_station.sync.engine import ledger_path, run_sync
from heshi_station.sync.lock import sync_lock
from tests.conftest import FIXED_NOW
from tests.factories import register, set_up_basics
from tests.sync.helpers import centre_op_counts, centre_snapshot, connect_station, station_snapshot
from tests.sync.station_proc import run_sync_process


@pytest.fixture
def station(ledger, db_path, centre, station_code):
    basics = set_up_basics(ledger, station_code)
    register(ledger, basics, FIXED_NOW - timedelta(days=3), opinions=2)
    return connect_station(ledger, db_path, centre.factory, centre.url, station_code)


def _refused(ledger, client=None) -> errors.SyncError:
    before = ledger.pending_outbox_count()
    with pytest.raises(errors.SyncError) as caught:
        run_sync(ledger, client)
    assert ledger.pending_outbox_count() == before, "nothing local changed"
    assert "本机台账数据完好" in caught.value.message or not caught.value.retry_later
    last = settings.last_sync(ledger)
    assert last is not None and not last.ok and last.summary == caught.value.message
    return caught.value


def test_wrong_token(station, centre):
    credentials.save_token(station.code, "not-the-token")
    exc = _refused(station.ledger)
    assert isinstance(exc, errors.TokenRejected) and "令牌不正确" in exc.message


def test_revoked_token(station, centre):
    with centre.factory.begin() as s:
        admin.revoke_token(s, station.code)
    exc = _refused(station.ledger)
    assert isinstance(exc, errors.TokenRejected) and "停用" in exc.message


def test_unknown_station_answers_like_a_wrong_token(station, centre):
    # Issue 11: a distinct answer for an unknown code let codes be guessed.
    client = CentreClient(centre.url, station.token, "NO-SUCH-STATION")
    exc = _refused(station.ledger, client)
    assert isinstance(exc, errors.TokenRejected) and "令牌不正确" in exc.message


def test_clock_badly_off(station, centre):
    client = CentreClient(centre.url, station.token, station.code, clock=lambda: datetime.now(UTC) - timedelta(days=3))
    exc = _refused(station.ledger, client)
    assert isinstance(exc, errors.ClockSkew) and "校准" in exc.message


@pytest.mark.parametrize(("version", "words"), [(0, "过旧"), (wire.MAX_PROTOCOL + 1, "市中心尚未升级")])
def test_protocol_too_old_or_new(station, centre, version, words):
    client = CentreClient(centre.url, station.token, station.code, protocol_version=version)
    exc = _refused(station.ledger, client)
    assert isinstance(exc, errors.ProtocolMismatch) and words in exc.message


def test_centre_not_listening(station):
    from tests.sync.centre_process import free_port

    client = CentreClient(
        f"http://127.0.0.1:{free_port()}", station.token, station.code, retries=1, timeouts=Timeouts(connect=2, stall=2)
    )
    exc = _refused(station.ledger, client)
    assert isinstance(exc, errors.CentreUnreachable) and "连接不上市中心" in exc.message


def test_unresolvable_host_is_offline_or_unreachable(station):
    client = CentreClient(
        "https://centre.invalid", station.token, station.code, retries=0, timeouts=Timeouts(connect=2, stall=2)
    )
    exc = _refused(station.ledger, client)
    assert isinstance(exc, (errors.Offline, errors.CentreUnreachable))


def test_plain_http_only_to_loopback(ledger):
    with pytest.raises(errors.InsecureAddress) as caught:
        settings.set_centre_url(ledger, "http://sync.example.gov.cn")
    assert "https://" in caught.value.message
    assert settings.set_centre_url(ledger, "https://sync.example.gov.cn/") == "https://sync.example.gov.cn"
    assert settings.set_centre_url(ledger, "http://127.0.0.1:8470") == "http://127.0.0.1:8470"


def test_certificate_problem(station, tmp_path, centre):
    """A real HTTPS centre with a self-signed certificate: refused unless that certificate is trusted."""
    from tests.sync.centre_process import CentreProcess

    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    tls = CentreProcess(centre.database_url, log_path=tmp_path / "tls.log")
    tls_cmd_env = {}
    proc = _start_tls(tls, cert, key, tls_cmd_env)
    try:
        url = f"https://127.0.0.1:{tls.port}"
        exc = _refused(station.ledger, CentreClient(url, station.token, station.code, retries=0))
        assert isinstance(exc, errors.CertificateProblem) and "证书" in exc.message
        trusted = CentreClient(url, station.token, station.code, ca_bundle=str(cert))
        assert run_sync(station.ledger, trusted).sent > 0
    finally:
        proc.terminate()
        proc.wait(10)


def _start_tls(tls, cert, key, _env):
    import os
    import time

    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "heshi_centre.cli",
            "serve",
            "--port",
            str(tls.port),
            "--ssl-certfile",
            str(cert),
            "--ssl-keyfile",
            str(key),
        ],
        env={**os.environ, "DATABASE_URL": tls.database_url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(f"https://127.0.0.1:{tls.port}/api/v1/health", verify=str(cert), timeout=1)
            return proc
        except requests.RequestException:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("TLS centre did not start")


def test_no_keyring_backend_is_said_plainly(station):
    import keyring

    keyring.set_keyring(fail.Keyring())
    with pytest.raises(errors.NoKeyringBackend) as caught:
        credentials.save_token(station.code, "x")
    assert "gnome-keyring" in caught.value.message and "明文" in caught.value.message
    with pytest.raises(errors.NoKeyringBackend):
        run_sync(station.ledger)


def test_station_isolation(ledger, db_path, centre, station_code, tmp_path):
    """A's token can neither push as B nor pull B's roster or events."""
    basics = set_up_basics(ledger, station_code)
    register(ledger, basics, FIXED_NOW - timedelta(days=2))
    a = connect_station(ledger, db_path, centre.factory, centre.url, station_code)
    b_code = station_code + "-B"
    with centre.factory.begin() as s:
        admin.add_station(s, b_code, "乙站")
        admin.issue_token(s, b_code)
    roster = tmp_path / "r.csv"
    roster.write_text("姓名,代表层级\n乙站代表,市\n", encoding="utf-8")
    with centre.factory.begin() as s:
        admin.load_reference(s, "roster", roster, b_code)

    as_b = CentreClient(centre.url, a.token, b_code)
    with pytest.raises(errors.TokenRejected) as caught:
        as_b.push(
            0,
            None,
            [
                {
                    "seq": 1,
                    "op_id": "x",
                    "entity": "station",
                    "entity_id": "s",
                    "op": "upsert",
                    "payload": {"id": "s", "code": b_code, "name": "冒充"},
                }
            ],
        )
    # Issue 11: another station's token answers exactly like a wrong one (codes cannot be probed).
    assert "令牌不正确" in caught.value.message
    with pytest.raises(errors.TokenRejected):
        as_b.pull(0, 100)
    assert centre_op_counts(centre.factory, b_code)["ops"] == 0

    result = run_sync(ledger)
    assert result.pulled.deputies == 0, "B's roster never reaches A"
    assert centre_snapshot(centre.factory, station_code) == station_snapshot(ledger)
    assert centre_snapshot(centre.factory, b_code) == {}


def test_one_sync_at_a_time_across_processes(station):
    with sync_lock(ledger_path(station.ledger)):
        with pytest.raises(errors.SyncBusy):
            run_sync(station.ledger)
        other = run_sync_process(station.path, station.code, station.token)
        assert other.returncode == 3 and "另一个同步正在进行" in other.stderr
    done = run_sync_process(station.path, station.code, station.token)
    assert done.returncode == 0 and done.stdout.startswith("同步完成")


def test_new_epoch_makes_the_station_reoffer_and_repull(ledger, db_path, own_centre, station_code):
    """Simulate a centre restored from an older backup: it lost the station's last records."""
    from sqlalchemy import delete, select, update

    from heshi_centre.models import CentreStation, PushLog, ReceivedOp, StationRecord

    centre = own_centre
    basics = set_up_basics(ledger, station_code)
    register(ledger, basics, FIXED_NOW - timedelta(days=4), opinions=2)
    connect_station(ledger, db_path, centre.factory, centre.url, station_code)
    with centre.factory.begin() as s:
        admin.load_holidays(s, years=[2026])
    first = run_sync(ledger)
    assert first.received == 1
    kept = first.sent // 2
    register(ledger, basics, FIXED_NOW - timedelta(days=1))
    run_sync(ledger)
    with centre.factory.begin() as s:  # the "restore": everything after `kept` is gone, and a new epoch
        sid = s.scalar(select(CentreStation.id).where(CentreStation.code == station_code))
        s.execute(delete(ReceivedOp).where(ReceivedOp.station_id == sid, ReceivedOp.seq > kept))
        s.execute(delete(StationRecord).where(StationRecord.station_id == sid, StationRecord.seq > kept))
        s.execute(delete(PushLog).where(PushLog.station_id == sid))
        s.execute(update(CentreStation).where(CentreStation.id == sid).values(push_cursor=kept))
        new_epoch(s)
    assert centre_snapshot(centre.factory, station_code) != station_snapshot(ledger)

    again = run_sync(ledger)

    assert again.epoch_changed and again.received == 1, "the feed is pulled again from the start"
    assert again.applied > 0
    assert centre_snapshot(centre.factory, station_code) == station_snapshot(ledger)
    counts = centre_op_counts(centre.factory, station_code)
    assert counts["ops"] == counts["distinct_ops"]

"""One sync: push the outbox, then pull the centre's changes. ``run_sync`` is what the button, the
auto-sync and ``heshi-station sync`` call.

Guarantees:
- at most one sync per ledger file at a time, across processes (``lock.sync_lock``);
- push sends outbox rows in sequence order, in gzip batches bounded by count and bytes; after a stalled
  reply the batch is halved and resent (the centre de-duplicates), and grows back after successes;
- the centre's per-op answers and the acknowledged-up-to cursor are committed in ONE local transaction;
  a crash before that commit leaves the rows pending, so the same batch is offered again (at most one
  batch is ever sent twice);
- each pull page is applied and its cursor stored in ONE local transaction; a change in it the station
  cannot apply is set aside with its reason (``apply_pull``) and never stops the sync; the summary says how
  many and why;
- storing a batch's answers also supersedes older rejected versions of the records in it and re-offers
  events whose opinion has now landed (``resend.after_answers``), in that same transaction;
- a new centre epoch (the centre was restored from a backup) makes the station re-offer every row after
  the centre's cursor, whatever its local status, and re-pull the whole feed;
- failures raise ``SyncError`` with a Chinese message, recorded as the last sync result; nothing local is
  lost or marked sent unless the centre's answer for it was committed.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select, update

from heshi_protocol import wire
from heshi_protocol.kill_points import kill_point
from heshi_station.db.models import AppSetting, OutboxEntry, SyncCursor
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.reference_data import get_station
from heshi_station.sync import credentials, errors, resend, settings
from heshi_station.sync.apply_pull import PullCounts, apply_changes
from heshi_station.sync.client import CentreClient, SequenceGapAnswer, Timeouts
from heshi_station.sync.lock import sync_lock

log = logging.getLogger(__name__)

CURSOR_EPOCH = "centre_epoch"
CURSOR_PUSHED = "push_acked_seq"
CURSOR_PULLED = "pull_since"
MAX_STALLS = 6


@dataclass
class BatchLimits:
    # 4,000 records (under the centre's 5,000 per batch; the 2 MB bound usually stops a batch first only
    # with long texts): the centre's work per batch has a fixed part (the station's overview summary is
    # recounted, the touched opinions are re-judged), so a backlog pushes faster in fewer, larger batches.
    max_count: int = 4000
    max_bytes: int = 2 * 1024 * 1024
    min_count: int = 1
    pull_page: int = 500

    @classmethod
    def from_env(cls) -> BatchLimits:
        """Defaults, or ``HESHI_SYNC_BATCH`` records per batch (a knob for very slow links and the tests)."""
        limits = cls()
        if (text := os.environ.get("HESHI_SYNC_BATCH", "")).isdigit() and int(text) > 0:
            limits.max_count = int(text)
        return limits


@dataclass
class SyncProgress:
    phase: str  # "push" | "pull"
    sent: int
    to_send: int
    received: int
    rejected: int


@dataclass
class SyncResult:
    sent: int = 0
    applied: int = 0
    duplicate: int = 0
    rejected: int = 0
    received: int = 0
    batches: int = 0
    resent_batches: int = 0
    epoch_changed: bool = False
    pending_left: int = 0
    pulled: PullCounts = field(default_factory=PullCounts)

    def summary(self) -> str:
        text = f"同步完成：发送 {self.sent} 条（退回 {self.rejected} 条），收到市中心更新 {self.received} 条"
        if self.pulled.set_aside:
            text += f"，其中 {self.pulled.set_aside} 条无法应用、已另存（{self.set_aside_reasons()}）"
        if self.pending_left:
            text += f"，仍有 {self.pending_left} 条待同步"
        return text

    def set_aside_reasons(self, shown: int = 3) -> str:
        """The commonest reasons pulled changes were set aside, for one line: “原因（N 条）；…”."""
        reasons = sorted(self.pulled.set_aside_reasons.items(), key=lambda kv: (-kv[1], kv[0]))
        text = "；".join(f"{r}（{n} 条）" if n > 1 else r for r, n in reasons[:shown])
        if len(reasons) > shown:
            text += f"；另有 {len(reasons) - shown} 种原因"
        return text


def ledger_path(ledger: Ledger) -> Path:
    return Path(ledger.engine.url.database)


def make_client(ledger: Ledger, *, timeouts: Timeouts | None = None, retries: int = 3) -> CentreClient:
    """A client from the ledger's settings and the keyring token (raises NotConfigured / NoKeyringBackend)."""
    station = get_station(ledger)
    if station is None:
        raise errors.StationNotSetUp("本台账还没有设置联络站信息，请先在“联络站设置”中填写。")
    url = settings.centre_url(ledger)
    token = credentials.load_token(station.code)
    if not token:
        raise errors.NotConfigured("还没有保存同步令牌。请在“同步设置”中填写市中心发给本站的令牌。")
    return CentreClient(url, token, station.code, timeouts=timeouts, retries=retries)


def run_sync(
    ledger: Ledger,
    client: CentreClient | None = None,
    *,
    progress: Callable[[SyncProgress], None] | None = None,
    limits: BatchLimits | None = None,
) -> SyncResult:
    """Push, then pull. Records the outcome as the last sync result (also when it fails)."""
    limits = limits or BatchLimits.from_env()
    try:
        with sync_lock(ledger_path(ledger)):
            own_client = client is None
            client = client or make_client(ledger)
            try:
                result = _sync(ledger, client, limits, progress)
            finally:
                if own_client:
                    client.close()
    except errors.SyncBusy:
        raise
    except errors.SyncError as exc:
        _record_outcome(ledger, False, exc.message)
        raise
    result.pending_left = ledger.pending_outbox_count()
    _record_outcome(ledger, True, result.summary())
    return result


def _record_outcome(ledger: Ledger, ok: bool, summary: str) -> None:
    try:
        with ledger.write() as s:
            s.merge(AppSetting(key=settings.LAST_RESULT, value=settings.last_sync_json(ledger.now(), ok, summary)))
    except Exception:  # the outcome note must never hide the sync's own result
        log.exception("could not record the last sync result")


def _cursors(ledger: Ledger) -> dict[str, str]:
    with ledger.read() as s:
        return {c.name: c.value for c in s.scalars(select(SyncCursor))}


def _set_cursor(session, name: str, value) -> None:
    session.merge(SyncCursor(name=name, value=str(value)))


def _sync(ledger: Ledger, client: CentreClient, limits: BatchLimits, progress) -> SyncResult:
    result = SyncResult()
    hello = client.hello()
    epoch, centre_cursor = hello["epoch"], hello["cursor"]
    cursors = _cursors(ledger)
    known_epoch = cursors.get(CURSOR_EPOCH)
    result.epoch_changed = known_epoch is not None and known_epoch != epoch
    pushed = int(cursors.get(CURSOR_PUSHED, "0"))
    if result.epoch_changed:
        log.warning("centre epoch changed (%s -> %s): re-offering after %s", known_epoch, epoch, centre_cursor)
    _push(ledger, client, limits, progress, result, epoch, start=min(pushed, centre_cursor))
    since = 0 if result.epoch_changed or known_epoch is None else int(cursors.get(CURSOR_PULLED, "0"))
    _pull(ledger, client, limits, progress, result, epoch, since)
    return result


def _read_batch(ledger: Ledger, after: int, max_count: int, max_bytes: int) -> tuple[list[dict], list[bytes]]:
    """The next outbox rows after ``after``, bounded by count and (uncompressed) bytes; at least one."""
    cols = (
        OutboxEntry.seq,
        OutboxEntry.op_id,
        OutboxEntry.entity,
        OutboxEntry.entity_id,
        OutboxEntry.op,
        OutboxEntry.payload,
    )
    with ledger.read() as s:
        rows = s.execute(select(*cols).where(OutboxEntry.seq > after).order_by(OutboxEntry.seq).limit(max_count))
        ops, encoded, size = [], [], 0
        for row in rows:
            op = wire.op_from_outbox(row)
            text = wire.encode_json(op)
            if ops and size + len(text) > max_bytes:
                break
            ops.append(op)
            encoded.append(text)
            size += len(text)
        return ops, encoded


def _to_send(ledger: Ledger, after: int) -> int:
    with ledger.read() as s:
        from sqlalchemy import func

        return s.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.seq > after)) or 0


@dataclass
class _Batch:
    after: int
    count: int
    ops: list[dict]
    body: bytes


def _prepare(ledger: Ledger, after: int, count: int, max_bytes: int, epoch: str) -> _Batch:
    ops, encoded = _read_batch(ledger, after, count, max_bytes)
    return _Batch(after, count, ops, wire.encode_push_body(after, epoch, encoded) if ops else b"")


def _push(ledger, client, limits: BatchLimits, progress, result: SyncResult, epoch: str, start: int) -> None:
    """Send batches in order; while the centre works on one, the next is read and compressed in a helper
    thread (read-only: a batch's answers are still committed before the next batch is sent)."""
    after = start
    count = limits.max_count
    stalls = 0
    to_send = _to_send(ledger, after)
    gap_resends = 0
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-prefetch") as pool:
        upcoming = None
        while True:
            batch = upcoming.result() if upcoming is not None else None
            upcoming = None
            # An empty prefetch is read again: storing the last answers may have re-offered records.
            if batch is None or batch.after != after or batch.count != count or not batch.ops:
                batch = _prepare(ledger, after, count, limits.max_bytes, epoch)
            ops = batch.ops
            if not ops:
                # Nothing to send: still remember the epoch we are in step with.
                with ledger.write() as s:
                    _set_cursor(s, CURSOR_EPOCH, epoch)
                    _set_cursor(s, CURSOR_PUSHED, after)
                return
            next_count = min(limits.max_count, count * 2)
            upcoming = pool.submit(_prepare, ledger, ops[-1]["seq"], next_count, limits.max_bytes, epoch)
            kill_point("before_push_send")
            try:
                reply = client.push(after, epoch, ops, body=batch.body)
            except errors.CentreTimeout:
                stalls += 1
                if stalls > MAX_STALLS:
                    raise
                count = max(limits.min_count, len(ops) // 2)
                result.resent_batches += 1
                log.warning("push stalled; resending with batches of %s", count)
                continue
            except SequenceGapAnswer as gap:
                gap_resends += 1
                if gap.expected_seq - 1 >= after or gap_resends > 3:
                    raise errors.CentreAnswerInvalid(
                        f"市中心要求从第 {gap.expected_seq} 条重新发送，与本站记录不符。" + errors.LOCAL_DATA_SAFE
                    ) from None
                after = gap.expected_seq - 1
                to_send = _to_send(ledger, after)
                continue
            if reply["epoch"] != epoch:
                raise errors.CentreAnswerInvalid(
                    "市中心在同步过程中被恢复或重置，请重新同步。" + errors.LOCAL_DATA_SAFE
                )
            kill_point("after_push_reply")
            _store_answers(ledger, ops, reply, epoch)
            result.batches += 1
            for r in reply["answers"]:
                result.sent += 1
                setattr(result, r["status"], getattr(result, r["status"]) + 1)
            after = ops[-1]["seq"]
            count = next_count
            if progress:
                progress(SyncProgress("push", result.sent, to_send, result.received, result.rejected))


def _store_answers(ledger: Ledger, ops: list[dict], reply: dict, epoch: str) -> None:
    """The centre's answers and the acknowledged cursor, in ONE local transaction.

    A batch is a run of consecutive outbox rows, so one range update marks them applied and only the
    duplicates and rejections need a row each.
    """
    now = ledger.now()
    others = [
        {
            "seq": a["seq"],
            "status": a["status"],
            "reject_code": a["code"] if a["status"] == wire.STATUS_REJECTED else "",
            "reject_message": a["message"] if a["status"] == wire.STATUS_REJECTED else "",
        }
        for a in reply["answers"]
        if a["status"] != wire.STATUS_APPLIED
    ]
    # Only while some record is rejected can a batch supersede or re-offer anything.
    has_rejections = _rejections_waiting(ledger)
    with ledger.write() as s:
        s.execute(
            update(OutboxEntry)
            .where(OutboxEntry.seq.between(ops[0]["seq"], ops[-1]["seq"]))
            .values(status=wire.STATUS_APPLIED, acked_at=now, reject_code="", reject_message="")
            .execution_options(synchronize_session=False)
        )
        if others:
            s.execute(update(OutboxEntry), others)
        if others or has_rejections:
            resend.after_answers(s, ledger, ops, reply["answers"])
        _set_cursor(s, CURSOR_PUSHED, ops[-1]["seq"])
        _set_cursor(s, CURSOR_EPOCH, epoch)


def _rejections_waiting(ledger: Ledger) -> bool:
    with ledger.read() as s:
        return s.scalar(select(OutboxEntry.seq).where(OutboxEntry.status == wire.STATUS_REJECTED).limit(1)) is not None


def _pull(ledger, client, limits: BatchLimits, progress, result: SyncResult, epoch: str, since: int) -> None:
    while True:
        page = client.pull(since, limits.pull_page)
        if page["epoch"] != epoch:
            raise errors.CentreAnswerInvalid("市中心在同步过程中被恢复或重置，请重新同步。" + errors.LOCAL_DATA_SAFE)
        changes = page["changes"]
        if changes:
            try:
                with ledger.write() as s:
                    counts = apply_changes(s, ledger, changes, epoch)
                    _set_cursor(s, CURSOR_PULLED, page["next_since"])
                    _set_cursor(s, CURSOR_EPOCH, epoch)
            finally:
                ledger.calendar_changed()
                ledger.reference_changed()
            result.pulled.add(counts)
            result.received += len(changes)
        else:
            with ledger.write() as s:
                _set_cursor(s, CURSOR_PULLED, page["next_since"])
                _set_cursor(s, CURSOR_EPOCH, epoch)
        since = page["next_since"]
        if progress:
            progress(SyncProgress("pull", result.sent, result.sent, result.received, result.rejected))
        if not page["more"]:
            return

"""A TCP proxy for fault tests: sits between the station client and the centre on loopback and can drop
connections, truncate replies, delay replies, hold replies until released, or stop forwarding an upload
part-way. Counts the bytes that cross it in each direction."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Faults:
    drop: bool = False  # close every new connection at once
    truncate_reply_after: int | None = None  # forward this many reply bytes, then cut the connection
    delay_reply: float = 0.0  # wait before forwarding each reply chunk
    delay_first_reply_only: bool = True
    hold_replies: threading.Event | None = None  # replies wait until this event is set
    stall_upload_after: int | None = None  # forward this many request bytes, then forward nothing more
    # Reply faults (truncate / delay / hold) only start once this many request bytes have gone up on the
    # connection, so the small hello exchange passes and the push reply is the one that suffers.
    reply_faults_after_upload: int = 0


@dataclass
class TcpProxy:
    target_port: int
    faults: Faults = field(default_factory=Faults)
    bytes_up: int = 0
    bytes_down: int = 0
    connections: int = 0
    upload_stalled: threading.Event = field(default_factory=threading.Event)
    reply_held: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._server = socket.socket()
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(64)
        self.port = self._server.getsockname()[1]
        self._lock = threading.Lock()
        self._closing = False
        self._delayed_once = False
        self._sockets: list[socket.socket] = []
        self._up_per_socket: dict[int, int] = {}
        threading.Thread(target=self._accept_loop, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._closing = True
        self._server.close()
        for s in list(self._sockets):
            _close(s)

    def _accept_loop(self) -> None:
        while not self._closing:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            with self._lock:
                self.connections += 1
            if self.faults.drop:
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                _close(client)
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
                upstream.settimeout(None)
            except OSError:
                _close(client)
                continue
            self._sockets += [client, upstream]
            threading.Thread(target=self._pump_up, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump_down, args=(upstream, client), daemon=True).start()

    def _pump_up(self, src: socket.socket, dst: socket.socket) -> None:
        sent = 0
        self._up_per_socket[id(dst)] = 0
        try:
            while data := src.recv(65536):
                limit = self.faults.stall_upload_after
                if limit is not None and sent + len(data) >= limit:
                    dst.sendall(data[: max(0, limit - sent)])
                    with self._lock:
                        self.bytes_up += max(0, limit - sent)
                    self.upload_stalled.set()
                    while src.recv(65536):  # swallow the rest until the client goes away
                        pass
                    break
                dst.sendall(data)
                sent += len(data)
                self._up_per_socket[id(dst)] = sent
                with self._lock:
                    self.bytes_up += len(data)
        except OSError:
            pass
        _close(dst)
        _close(src)

    def _pump_down(self, src: socket.socket, dst: socket.socket) -> None:
        forwarded = 0
        try:
            while data := src.recv(65536):
                f = self.faults
                if self._up_per_socket.get(id(src), 0) < f.reply_faults_after_upload:
                    dst.sendall(data)
                    with self._lock:
                        self.bytes_down += len(data)
                    continue
                if f.hold_replies is not None and not f.hold_replies.is_set():
                    self.reply_held.set()
                    f.hold_replies.wait()
                if f.delay_reply and not (f.delay_first_reply_only and self._delayed_once):
                    self._delayed_once = True
                    time.sleep(f.delay_reply)
                if f.truncate_reply_after is not None and forwarded + len(data) > f.truncate_reply_after:
                    dst.sendall(data[: f.truncate_reply_after - forwarded])
                    break
                dst.sendall(data)
                forwarded += len(data)
                with self._lock:
                    self.bytes_down += len(data)
        except OSError:
            pass
        _close(dst)
        _close(src)


def _close(s: socket.socket) -> None:
    with contextlib.suppress(OSError):
        s.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        s.close()

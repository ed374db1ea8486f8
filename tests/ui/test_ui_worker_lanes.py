"""Background work runs on its own lanes (never the process-wide pool): ledger writes one at a time on a
dedicated thread, network work apart so a stalled sync never delays a save, and every result reaches the
widgets on the GUI thread."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThread, QThreadPool
from PySide6.QtWidgets import QApplication, QLabel
from ui_helpers import fill_valid_reception

from heshi_station.ledger import receptions
from heshi_station.ui.pages.reception_page import ReceptionPage
from heshi_station.ui.ui_context import Lane


def test_a_stalled_network_task_never_delays_a_save(qtbot, ctx, basics, ledger) -> None:
    release = threading.Event()
    network_done: list[bool] = []
    try:
        for _ in range(3):  # more stalled calls than the network lane has threads
            ctx.run_task(lambda: release.wait(60), network_done.append, lane=Lane.NETWORK)
        page = ReceptionPage(ctx)
        qtbot.addWidget(page)
        fill_valid_reception(page, basics)
        page.save()
        qtbot.waitUntil(lambda: page.last_saved is not None, timeout=20_000)
        assert not release.is_set() and network_done == []  # saved while the network was still stuck
        assert len(receptions.list_receptions(ledger)) == 1
        assert QThreadPool.globalInstance().activeThreadCount() == 0
    finally:
        release.set()
    qtbot.waitUntil(lambda: len(network_done) == 3, timeout=20_000)


def test_results_and_failures_reach_widgets_on_the_gui_thread(qtbot, ctx) -> None:
    gui = QApplication.instance().thread()
    label = QLabel()
    qtbot.addWidget(label)
    workers: list[int] = []
    seen: list[tuple[str, bool]] = []

    def work(value: str) -> str:
        workers.append(threading.get_ident())
        return value

    def shown(value: str) -> None:
        seen.append((value, QThread.currentThread() is gui))
        label.setText(label.text() + value)

    def boom() -> None:
        raise ValueError("坏了")

    for lane in Lane:
        ctx.run_task(lambda lane=lane: work(lane.value), shown, lane=lane)
    ctx.run_task(boom, None, lambda exc: seen.append((str(exc), QThread.currentThread() is gui)))
    qtbot.waitUntil(lambda: len(seen) == 4, timeout=10_000)
    assert all(on_gui for _, on_gui in seen)
    assert sorted(v for v, _ in seen) == sorted(["write", "read", "network", "坏了"])
    assert threading.main_thread().ident not in workers
    assert sorted(label.text()) == sorted("writereadnetwork")


def test_ledger_writes_run_one_at_a_time_in_the_order_asked(qtbot, ctx) -> None:
    running, most, order = [0], [0], []
    lock = threading.Lock()

    def write(i: int) -> int:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.02)
        order.append(i)
        with lock:
            running[0] -= 1
        return i

    done: list[int] = []
    for i in range(6):
        ctx.run_task(lambda i=i: write(i), done.append, changes_ledger=True)
    qtbot.waitUntil(lambda: len(done) == 6, timeout=10_000)
    assert most[0] == 1 and order == list(range(6)) and done == list(range(6))
    assert ctx.pools[Lane.WRITE] is not QThreadPool.globalInstance()

"""CPU seconds of processes, read from Linux ``/proc``: what each side of a benchmark spent, which a shared
machine disturbs far less than wall time. Used by ``bench_sync.py`` and ``bench_centre_load.py``."""

from __future__ import annotations

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
_ACTIVITY_COLUMNS = ("application_name", "datname")


def proc_stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, user + system CPU seconds) of a live process, or None where unreadable."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[1].split()  # the name in parentheses may hold spaces
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far; 0 where unreadable."""
    st = proc_stat(pid)
    return st[1] if st is not None else 0.0


def process_tree_cpu(root: int) -> dict[int, float]:
    """CPU seconds of ``root`` and every live descendant (e.g. uvicorn's worker processes)."""
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (st := proc_stat(int(entry.name))) is not None:
            stats[int(entry.name)] = st
    tree, grew = {root}, True
    while grew:
        grew = False
        for pid, (ppid, _cpu) in stats.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return {pid: stats[pid][1] for pid in tree if pid in stats}


def backend_cpu(url: str, column: str, value: str) -> dict[int, float]:
    """CPU seconds so far of the PostgreSQL backends whose ``pg_stat_activity.<column>`` is ``value``
    (``application_name`` or ``datname``), the asking connection left out: pid -> seconds."""
    import psycopg

    if column not in _ACTIVITY_COLUMNS:
        raise ValueError(f"pg_stat_activity column {column!r}")
    with psycopg.connect(url) as conn:
        pids = [
            pid
            for (pid,) in conn.execute(
                f"select pid from pg_stat_activity where {column} = %s and pid <> pg_backend_pid()", (value,)
            )
        ]
    return {pid: st[1] for pid in pids if (st := proc_stat(pid)) is not None}

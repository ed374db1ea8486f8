"""Window speed and memory on a large ledger, next to a bare PySide6 window. Prints figures; asserts nothing.

    uv run python bench/bench_ui.py [--db bench/out/demo-200k.sqlite3] [--scale 100000] [--runs 3]
        [--filter-reps 10] [--window-only] [--pragmas 256/32 0/16]

Without an existing --db file it generates one with the demo generator (100,000 receptions take ~35 min on a
busy 2-core machine: pass a smaller --scale and say so when quoting the figures). Measures:
- cold start: process start → main window shown, median of --runs after one warm-up run of each (which
  also writes the .pyc files an installed program has), next to a bare PySide6 process showing one
  QLabel (goal ≤ 2.0×). The app starts as ``run()`` does: the window first (``start_window``), the
  ledger after (``finish_start``); the time until the ledger is open and the first page shown is quoted too;
- resident memory (VmRSS) at that moment, app vs bare, and after every page has been opened (goal
  ≤ bare + 250 MB on a 20,000-reception ledger), with the private part (RssAnon) and the file-backed part
  (RssFile: libraries, and the ledger file where SQLite memory-maps it — ``db/engine.py`` mmap_size — whose
  pages count once per connection mapping them) apart;
- ``--pragmas 256/32 0/16 …``: only that memory and the time to open every page, for each ``mmap MiB/cache
  MiB`` setting, runs interleaved (the child processes read HESHI_BENCH_MMAP_MIB / HESHI_BENCH_CACHE_MIB,
  which the page and filter timings below honour too, to compare settings in the window);
- page switch: first open (page built) and later switches;
- filtering the opinion list as the clerk types a search word, one character at a time (with
  ``--filter-reps N`` N more times each, for a p95 and the GUI thread's CPU time), and changing the state /
  overdue filters; fetching the next page while scrolling.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = ROOT / "bench" / "out" / "demo-200k.sqlite3"

BARE = r"""
import sys, time
t0 = time.perf_counter()
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1])
label = QLabel("代表联络站台账")
label.show()
def report():
    fields = ("VmRSS", "RssAnon", "RssFile")
    st = {l.split(":")[0]: int(l.split()[1]) for l in open("/proc/self/status") if l.startswith(fields)}
    print(
        f"shown_after_s={time.perf_counter() - t0:.3f} rss_kb={st['VmRSS']} anon_kb={st['RssAnon']} "
        f"file_kb={st['RssFile']}",
        flush=True,
    )
    app.quit()
QTimer.singleShot(0, report)
app.exec()
"""

APP = r"""
import sys, time
t0 = time.perf_counter()
import argparse, os
# --pragmas: a trade-off experiment, not a setting of the app. Imported only then: the engine module brings
# SQLAlchemy (~0.2 s), which the app itself imports only after the window is shown.
if os.environ.get("HESHI_BENCH_MMAP_MIB") or os.environ.get("HESHI_BENCH_CACHE_MIB"):
    from heshi_station.db import engine as db_engine
    if os.environ.get("HESHI_BENCH_MMAP_MIB"):
        db_engine.MMAP_BYTES = int(os.environ["HESHI_BENCH_MMAP_MIB"]) * 1024 * 1024
    if os.environ.get("HESHI_BENCH_CACHE_MIB"):
        db_engine.CACHE_KIB = int(os.environ["HESHI_BENCH_CACHE_MIB"]) * 1024
from heshi_station.ui import app as ui_app
from PySide6.QtCore import QTimer
def rss(field="VmRSS"):
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith(field + ":"))
def pss():  # shared pages divided among their mappings: a file page mapped by three connections counts once
    return next(int(l.split()[1]) for l in open("/proc/self/smaps_rollup") if l.startswith("Pss:"))
def ledger_maps():
    return sum(1 for l in open("/proc/self/maps") if l.rstrip().endswith(os.path.basename(sys.argv[1])))
def cpu_s():
    t = os.times()
    return t.user + t.system
qapp = ui_app.make_application()
args = argparse.Namespace(demo=False, db=sys.argv[1])
window = ui_app.start_window(args, ui_app.UiSettings())  # as run() does: the window first, the ledger after
def shown():
    print(f"shown_after_s={time.perf_counter() - t0:.3f} rss_kb={rss()}", flush=True)
def finish():
    assert ui_app.finish_start(window, args)
    qapp.processEvents()
    print(f"ready_after_s={time.perf_counter() - t0:.3f} ready_rss_kb={rss()}", flush=True)
    t1, c1 = time.perf_counter(), cpu_s()
    for key in window.page_keys():
        window.open_page(key)
        qapp.processEvents()
    window.ctx.wait_for_done(60_000)
    qapp.processEvents()
    print(
        f"all_pages_s={time.perf_counter() - t1:.3f} all_pages_cpu_s={cpu_s() - c1:.3f} all_pages_rss_kb={rss()} "
        f"all_pages_anon_kb={rss('RssAnon')} all_pages_file_kb={rss('RssFile')} all_pages_pss_kb={pss()} "
        f"ledger_maps={ledger_maps()}",
        flush=True,
    )
    window.close()
    qapp.quit()
QTimer.singleShot(0, shown)
QTimer.singleShot(0, finish)
qapp.exec()
window.ctx.wait_for_done(60_000)  # as the app does: no task may outlive the QApplication
"""


def _child_env(tmp: str) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"), HESHI_DATA_DIR=tmp)
    env["HOME"] = tmp  # QSettings of the bench, not the user's
    # An installed program starts from compiled bytecode; with PYTHONDONTWRITEBYTECODE set (as on some dev
    # and CI machines) every start would recompile ~1,000 modules (~4 s here) and measure that instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _run(code: str, args: list[str], env: dict[str, str]) -> tuple[float, dict[str, float]]:
    """Wall time from process launch to the 'shown' line, and the key=value figures printed."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    shown_at = None
    figures: dict[str, float] = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        if shown_at is None and "shown_after_s=" in line:
            shown_at = time.perf_counter() - start
        for part in line.split():
            if "=" in part:
                k, v = part.split("=", 1)
                figures[k] = float(v)
    proc.wait(timeout=600)
    if proc.returncode != 0 or shown_at is None:
        raise SystemExit(f"child failed ({proc.returncode}): {proc.stderr.read() if proc.stderr else ''}")
    return shown_at, figures


def cold_start(db: Path, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = _child_env(tmp)
        _run(BARE, [], env)  # warm the OS file cache for both, fairly
        _run(APP, [str(db)], env)
        bare = [_run(BARE, [], env) for _ in range(runs)]
        app = [_run(APP, [str(db)], env) for _ in range(runs)]
    bare_s = statistics.median(t for t, _ in bare)
    app_s = statistics.median(t for t, _ in app)
    bare_mb = statistics.median(f["rss_kb"] for _, f in bare) / 1024
    app_mb = statistics.median(f["rss_kb"] for _, f in app) / 1024
    all_mb = statistics.median(f["all_pages_rss_kb"] for _, f in app) / 1024
    ready_s = statistics.median(f["ready_after_s"] for _, f in app)
    bare_anon = statistics.median(f["anon_kb"] for _, f in bare) / 1024
    all_anon = statistics.median(f["all_pages_anon_kb"] for _, f in app) / 1024
    bare_file = statistics.median(f["file_kb"] for _, f in bare) / 1024
    all_file = statistics.median(f["all_pages_file_kb"] for _, f in app) / 1024
    pages_s = statistics.median(f["all_pages_s"] for _, f in app)
    print(
        f"cold start to window shown: app {app_s:.2f} s, bare PySide6 label {bare_s:.2f} s, "
        f"ratio {app_s / bare_s:.2f}x (goal <= 2.0x)  [median of {runs}]; ledger open and first page shown "
        f"{ready_s:.2f} s after process start (in-process clock)"
    )
    print(
        f"resident memory when shown: app {app_mb:.0f} MB, bare {bare_mb:.0f} MB, "
        f"difference {app_mb - bare_mb:.0f} MB; after opening every page {all_mb:.0f} MB "
        f"(+{all_mb - bare_mb:.0f} MB, goal <= +250 MB; every page opened in {pages_s:.2f} s): private memory "
        f"(RssAnon) {all_anon:.0f} MB (+{all_anon - bare_anon:.0f} MB over the bare label's {bare_anon:.0f} MB), "
        f"file pages (RssFile) {all_file:.0f} MB (+{all_file - bare_file:.0f} MB over {bare_file:.0f} MB)"
    )


def pragma_tradeoff(db: Path, configs: list[str], runs: int) -> None:
    """Memory and page-opening time of the app for several ``mmap MiB/cache MiB`` settings, runs interleaved
    (config A, B, …, A, B, …) so the shared machine's load falls on each alike; one line per run."""
    with tempfile.TemporaryDirectory() as tmp:
        env = _child_env(tmp)
        _run(BARE, [], env)
        _run(APP, [str(db)], env)  # warm the OS file cache
        bare = [_run(BARE, [], env)[1] for _ in range(runs)]
        bare_kb = statistics.median(f["rss_kb"] for f in bare)
        bare_anon = statistics.median(f["anon_kb"] for f in bare)
        bare_file = statistics.median(f["file_kb"] for f in bare)
        print(
            f"bare PySide6 label: VmRSS {bare_kb / 1024:.0f} MB (RssAnon {bare_anon / 1024:.0f}, "
            f"RssFile {bare_file / 1024:.0f}); figures below are over it"
        )
        results: dict[str, list[dict[str, float]]] = {c: [] for c in configs}
        for run in range(runs):
            for config in configs:
                mmap_mib, cache_mib = config.split("/")
                cenv = dict(env, HESHI_BENCH_MMAP_MIB=mmap_mib, HESHI_BENCH_CACHE_MIB=cache_mib)
                f = _run(APP, [str(db)], cenv)[1]
                results[config].append(f)
                print(
                    f"run {run + 1} mmap {mmap_mib} MiB / cache {cache_mib} MiB: every page opened in "
                    f"{f['all_pages_s']:.2f} s (CPU {f['all_pages_cpu_s']:.2f} s); VmRSS "
                    f"+{(f['all_pages_rss_kb'] - bare_kb) / 1024:.0f} MB, RssAnon "
                    f"+{(f['all_pages_anon_kb'] - bare_anon) / 1024:.0f} MB, RssFile "
                    f"+{(f['all_pages_file_kb'] - bare_file) / 1024:.0f} MB, "
                    f"Pss {f['all_pages_pss_kb'] / 1024:.0f} MB; ledger mapped "
                    f"{f['ledger_maps']:.0f}x; load {os.getloadavg()[0]:.2f}",
                    flush=True,
                )
    for config, fs in results.items():
        med = {k: statistics.median(f[k] for f in fs) for k in fs[0]}
        print(
            f"median mmap/cache {config} MiB: pages {med['all_pages_s']:.2f} s (CPU {med['all_pages_cpu_s']:.2f} s), "
            f"VmRSS +{(med['all_pages_rss_kb'] - bare_kb) / 1024:.0f} MB (goal <= +250), "
            f"RssAnon +{(med['all_pages_anon_kb'] - bare_anon) / 1024:.0f} MB, "
            f"RssFile +{(med['all_pages_file_kb'] - bare_file) / 1024:.0f} MB, "
            f"Pss {med['all_pages_pss_kb'] / 1024:.0f} MB"
        )


def in_process(db: Path, filter_reps: int = 1) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tmp = tempfile.mkdtemp()
    os.environ["HESHI_DATA_DIR"] = tmp
    os.environ["HOME"] = tmp
    import argparse as _argparse

    from heshi_station.db import engine as db_engine
    from heshi_station.ledger import queries
    from heshi_station.ui import app as ui_app

    if os.environ.get("HESHI_BENCH_MMAP_MIB"):  # as in the child processes: to compare a setting in the window
        db_engine.MMAP_BYTES = int(os.environ["HESHI_BENCH_MMAP_MIB"]) * 1024 * 1024
    if os.environ.get("HESHI_BENCH_CACHE_MIB"):
        db_engine.CACHE_KIB = int(os.environ["HESHI_BENCH_CACHE_MIB"]) * 1024
    qapp = ui_app.make_application()
    window = ui_app.build_main_window(_argparse.Namespace(demo=False, db=str(db)))
    window.resize(1280, 800)
    window.show()
    qapp.processEvents()
    total = queries.count_opinions(window.ctx.ledger)
    print(
        f"ledger: {db} — {total} opinions; mmap_size {db_engine.MMAP_BYTES >> 20} MiB, "
        f"cache_size {db_engine.CACHE_KIB >> 10} MiB; load {os.getloadavg()[0]:.2f}"
    )

    def timed(fn) -> float:
        t = time.perf_counter()
        fn()
        qapp.processEvents()
        return (time.perf_counter() - t) * 1000

    keys = window.page_keys()
    first = {k: timed(lambda k=k: window.open_page(k)) for k in keys}
    again = {k: statistics.median(timed(lambda k=k: window.open_page(k)) for _ in range(3)) for k in keys}
    print("page switch, first open (builds the page) ms: " + ", ".join(f"{k} {v:.0f}" for k, v in first.items()))
    print("page switch, later ms: " + ", ".join(f"{k} {v:.0f}" for k, v in again.items()))

    page = window.open_page("opinions")
    qapp.processEvents()
    word = "道路坑洼"
    per_key = []
    for i in range(1, len(word) + 1):
        page.search.setText(word[:i])
        per_key.append((word[:i], timed(page.apply_filter), page.model.total))
    page.search.clear()
    print(
        "filter as the clerk types (search box, each prefix) ms: "
        + ", ".join(f"“{t}” {ms:.0f} ({n} hits)" for t, ms, n in per_key)
    )
    if filter_reps > 1:  # the same filters again, for a p95 in the window (and the GUI thread's CPU beside it)
        walls: list[float] = []
        cpus: list[float] = []
        for _ in range(filter_reps):
            for i in range(1, len(word) + 1):
                page.search.setText(word[:i])
                c = time.thread_time()
                walls.append(timed(page.apply_filter))
                cpus.append((time.thread_time() - c) * 1000)
        page.search.clear()
        q = statistics.quantiles
        print(
            f"the {len(walls)} prefix filters again: p50 {statistics.median(walls):.0f} ms, p95 "
            f"{q(walls, n=20, method='inclusive')[18]:.0f} ms (goal <= 100 ms); GUI thread CPU p50 "
            f"{statistics.median(cpus):.0f} ms, p95 {q(cpus, n=20, method='inclusive')[18]:.0f} ms; "
            f"load {os.getloadavg()[0]:.2f}"
        )
    for label, combo, index in (
        ("state=未办结", page.state, 1),
        ("overdue=已超期", page.overdue, 3),
        ("overdue=严重超期", page.overdue, 4),
        ("month=latest", page.month, 1),
    ):
        ms = timed(lambda c=combo, i=index: c.setCurrentIndex(i))
        print(f"filter {label}: {ms:.0f} ms ({page.model.total} rows)")
        combo.setCurrentIndex(0)
    ms = timed(page.apply_filter)
    fetch = []
    for _ in range(5):
        fetch.append(timed(page.model.fetchMore))
    print(
        f"unfiltered list: {ms:.0f} ms; next page while scrolling (200 rows): median {statistics.median(fetch):.0f} ms"
    )
    window.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--filter-reps", type=int, default=1, help="repeat the typed filters for a p95")
    parser.add_argument("--window-only", action="store_true", help="skip the cold start and memory runs")
    parser.add_argument(
        "--pragmas",
        nargs="+",
        metavar="MMAP/CACHE",
        help="only compare memory and page opening for these 'mmap MiB/cache MiB' settings (e.g. 256/32 0/32)",
    )
    args = parser.parse_args()
    if not args.db.exists():
        args.db.parent.mkdir(parents=True, exist_ok=True)
        print(f"generating {args.scale} demo receptions into {args.db} (slow) …", flush=True)
        subprocess.run(
            [sys.executable, "-m", "heshi_station.cli", "demo", "--db", str(args.db), "--scale", str(args.scale)],
            check=True,
            cwd=ROOT,
        )
    if args.pragmas:
        pragma_tradeoff(args.db, args.pragmas, args.runs)
        return 0
    if not args.window_only:
        cold_start(args.db, args.runs)
    in_process(args.db, args.filter_reps)
    return 0


if __name__ == "__main__":
    sys.exit(main())

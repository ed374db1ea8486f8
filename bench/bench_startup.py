"""Startup time of the station program, frozen (PyInstaller one-folder) next to unfrozen (Python + venv).

    uv run python bench/bench_startup.py [--runs 5]

Measures wall-clock time of whole processes (median of N runs, first run reported separately as "cold"):
- ``--help``: interpreter/bootloader start and importing every command module;
- ``check --db demo.sqlite3``: the above plus opening a 600-reception ledger and ``integrity_check``;
- ``--self-test``: fresh ledger + migrations + reception + PDF + backup + Qt offscreen.
The frozen program is ``dist/heshi-station/heshi-station`` (build it with scripts/build_installer.py); it is
skipped with a note when absent. Prints figures only; nothing is asserted.
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

REPO = Path(__file__).resolve().parents[1]
FROZEN = REPO / "dist" / "heshi-station" / ("heshi-station.exe" if os.name == "nt" else "heshi-station")


def timed(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="heshi-bench-") as tmp:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HESHI_DATA_DIR": tmp}
        demo = Path(tmp) / "demo.sqlite3"
        subprocess.run(
            [sys.executable, "-m", "heshi_station.cli", "demo", "--db", str(demo), "--scale", "600"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        programs = {"unfrozen": [sys.executable, "-m", "heshi_station.cli"]}
        if FROZEN.exists():
            programs["frozen"] = [str(FROZEN)]
        else:
            print(f"(no frozen build at {FROZEN}: run scripts/build_installer.py first)")
        cases = {"--help": ["--help"], "check --db demo": ["check", "--db", str(demo)], "--self-test": ["--self-test"]}
        print(f"{'case':<18}{'program':<10}{'cold s':>8}{'median s':>10}{'min s':>8}  (runs={args.runs})")
        for case, extra in cases.items():
            for name, base in programs.items():
                times = [timed(base + extra, env) for _ in range(args.runs)]
                warm = times[1:] or times
                print(f"{case:<18}{name:<10}{times[0]:>8.2f}{statistics.median(warm):>10.2f}{min(warm):>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Build the one-folder program with PyInstaller, smoke-test it, and (on Linux) pack the tarball.

    uv run python scripts/build_installer.py            # build + frozen --self-test + tarball
    uv run python scripts/build_installer.py --no-build # only test/pack an existing dist/heshi-station

Steps: ``pyinstaller --noconfirm --clean build_installer.spec``; then ``dist/heshi-station/heshi-station
--self-test`` with ``QT_QPA_PLATFORM=offscreen`` and a throw-away data folder (exit code must be 0); then on
Linux ``dist/heshi-station-<version>-linux-<arch>.tar.gz`` holding the program folder, the .desktop file,
the icon and ``install.sh``. Prints the build time, the folder size (goal ≤ 150 MB) and the tarball size.
On Windows, feed ``dist/heshi-station`` to Inno Setup: ``iscc /DAppVersion=<version> installer/heshi-station.iss``.
Exit code: 0 when everything worked.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from heshi_station.version import app_version  # noqa: E402

DIST = REPO / "dist"
APP_DIR = DIST / "heshi-station"
SIZE_GOAL_MB = 150


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def executable() -> Path:
    return APP_DIR / ("heshi-station.exe" if os.name == "nt" else "heshi-station")


def build() -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", str(REPO / "build_installer.spec")],
        cwd=REPO,
        check=True,
    )
    return time.perf_counter() - started


def smoke_test() -> int:
    with tempfile.TemporaryDirectory(prefix="heshi-smoke-") as tmp:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HESHI_DATA_DIR": tmp}
        env.pop("HESHI_RESOURCES", None)  # the frozen program must find its own bundled resources
        result = subprocess.run([str(executable()), "--self-test"], env=env, cwd=tmp, check=False, timeout=300)
    return result.returncode


def linux_tarball(version: str) -> Path:
    arch = platform.machine() or "x86_64"
    name = f"heshi-station-{version}-linux-{arch}"
    target = DIST / f"{name}.tar.gz"
    linux = REPO / "packaging" / "linux"
    with tarfile.open(target, "w:gz") as tar:
        tar.add(APP_DIR, arcname=f"{name}/heshi-station")
        tar.add(linux / "heshi-station.desktop", arcname=f"{name}/heshi-station.desktop")
        tar.add(linux / "install.sh", arcname=f"{name}/install.sh")
        tar.add(REPO / "resources" / "icons" / "heshi-station.svg", arcname=f"{name}/heshi-station.svg")
        tar.add(REPO / "resources" / "icons" / "heshi-station-256.png", arcname=f"{name}/heshi-station.png")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="build, smoke-test and pack the station program")
    parser.add_argument("--no-build", action="store_true", help="reuse dist/heshi-station")
    parser.add_argument("--no-tarball", action="store_true")
    args = parser.parse_args(argv)
    version = app_version()
    seconds = None if args.no_build else build()
    if not executable().exists():
        print(f"missing {executable()}", file=sys.stderr)
        return 1
    size_mb = folder_size(APP_DIR) / 1e6
    print(f"version {version}")
    if seconds is not None:
        print(f"build time: {seconds:.0f} s")
    print(f"one-folder size: {size_mb:.1f} MB ({folder_size(APP_DIR) / 2**20:.1f} MiB), goal <= {SIZE_GOAL_MB} MB")
    code = smoke_test()
    print(f"frozen --self-test exit code: {code}")
    if code != 0:
        return 1
    if sys.platform.startswith("linux") and not args.no_tarball:
        tarball = linux_tarball(version)
        print(f"tarball: {tarball.relative_to(REPO)} ({tarball.stat().st_size / 1e6:.1f} MB)")
    if size_mb > SIZE_GOAL_MB:
        print(f"WARNING: the program folder is larger than {SIZE_GOAL_MB} MB")
    return 0


if __name__ == "__main__":
    shutil.rmtree(REPO / "build" / "build_installer", ignore_errors=True)
    sys.exit(main())

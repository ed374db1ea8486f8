"""The packaging files stay consistent with the program (they cannot all be built here: Inno Setup is Windows-only)."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

from platformdirs import user_data_dir

from heshi_station.paths import APP_NAME
from heshi_station.version import app_version

REPO = Path(__file__).resolve().parents[1]
ISS = REPO / "installer" / "heshi-station.iss"


def iss_text() -> str:
    raw = ISS.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Inno Setup needs UTF-8 with BOM for the Chinese text"
    return raw.decode("utf-8-sig")


def test_inno_setup_installs_per_user_and_never_deletes_the_ledger():
    text = iss_text()
    assert re.search(r"^PrivilegesRequired=lowest$", text, re.M)
    sections = [line.strip() for line in text.splitlines() if line.startswith("[")]
    assert "[UninstallDelete]" not in sections and "[Setup]" in sections
    install_dir = re.search(r"^DefaultDirName=(.+)$", text, re.M).group(1)
    assert install_dir == r"{localappdata}\Programs\heshi-station"
    # The data folder (platformdirs on Windows: %LOCALAPPDATA%\heshi-station) is not the install folder
    # and nothing in the script names it as a target.
    assert Path(user_data_dir(APP_NAME, appauthor=False)).name == APP_NAME
    for line in section_lines(text, "InstallDelete") + section_lines(text, "Files"):
        assert "{app}" in line and "{localappdata}\\heshi-station" not in line


def section_lines(text: str, section: str) -> list[str]:
    """The entry lines (not comments) of one [Section] of an .iss file."""
    current, found = None, []
    for line in text.splitlines():
        if line.startswith("["):
            current = line.strip()[1:-1]
        elif current == section and line.strip() and not line.startswith(";"):
            found.append(line)
    return found


def test_inno_setup_shows_the_version_and_has_both_shortcuts():
    text = iss_text()
    for key in (
        "AppVersion={#AppVersion}",
        "AppVerName=",
        "VersionInfoVersion={#AppVersion}",
        "OutputBaseFilename=heshi-station-setup-{#AppVersion}",
    ):
        assert key in text
    assert "{autoprograms}\\{#AppName}" in text and "{autodesktop}\\{#AppName}" in text
    assert (ISS.parent / "..\\resources\\icons\\heshi-station.ico".replace("\\", "/")).resolve().exists()
    assert app_version() != "0+unknown"


def test_linux_desktop_file_and_icons():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(REPO / "packaging" / "linux" / "heshi-station.desktop", encoding="utf-8")
    d = entry["Desktop Entry"]
    assert d["Type"] == "Application" and d["Exec"] == "heshi-station" and d["Icon"] == "heshi-station"
    assert d["Name[zh_CN]"] == "代表联络站台账" and d["Terminal"] == "false"
    icons = REPO / "resources" / "icons"
    assert (icons / "heshi-station.svg").read_text(encoding="utf-8").startswith("<svg")
    assert (icons / "heshi-station-256.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_spec_bundles_resources_and_migrations():
    spec = (REPO / "build_installer.spec").read_text(encoding="utf-8")
    assert '(str(ROOT / "resources"), "resources")' in spec
    assert '"heshi_station/db/migrations"' in spec
    assert "console=False" in spec and "COLLECT(" in spec
    migrations = REPO / "heshi_station" / "db" / "migrations"
    assert (migrations / "script.py.mako").exists() and list((migrations / "versions").glob("0*.py"))

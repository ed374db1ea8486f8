"""Backups of the station ledger (no Qt): automatic and manual backups, rotation and restore.

See ``service`` (taking backups), ``store`` (names, listing, rotation) and ``restore``.
"""

from heshi_station.backup.restore import BackupCheck, DifferentStation, RestoreResult, inspect_backup, restore
from heshi_station.backup.service import (
    AutoBackupResult,
    auto_backup,
    backup_file,
    backup_folder,
    default_backup_folder,
    set_backup_folder,
    take_backup,
)
from heshi_station.backup.store import BackupInfo, list_backups, rotate

__all__ = [
    "AutoBackupResult",
    "BackupCheck",
    "BackupInfo",
    "DifferentStation",
    "RestoreResult",
    "auto_backup",
    "backup_file",
    "backup_folder",
    "default_backup_folder",
    "inspect_backup",
    "list_backups",
    "restore",
    "rotate",
    "set_backup_folder",
    "take_backup",
]

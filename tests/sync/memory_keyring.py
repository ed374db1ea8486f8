"""An in-memory keyring backend for tests (a real ``keyring.backend.KeyringBackend``).

``install()`` sets it with ``keyring.set_keyring``; ``HESHI_TEST_KEYRING`` (JSON {username: token}) seeds
it in a station subprocess, so no test ever touches the machine's real keyring or writes a token to disk.
"""

from __future__ import annotations

import json
import os

import keyring
from keyring.backend import KeyringBackend

SEED_ENV = "HESHI_TEST_KEYRING"


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}
        for user, secret in json.loads(os.environ.get(SEED_ENV, "{}")).items():
            self.secrets[("heshi-station-sync", user)] = secret

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if self.secrets.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


def install() -> MemoryKeyring:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend

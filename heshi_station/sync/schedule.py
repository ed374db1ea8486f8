"""When to try syncing by itself (auto-sync), without Qt: a cheap reachability probe and a backoff.

Guarantees:
- the probe sends no token and no data (``GET /api/v1/health``) and never raises;
- ``ProbeBackoff`` waits ``base`` seconds after a success and grows exponentially (with jitter, capped)
  after each failure, so an offline station does not hammer the network or the centre;
- ``should_sync`` is the one rule: auto-sync on, centre reachable, records waiting (or a pull due), and no
  sync already running.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


def probe(centre_url: str, timeout: float = 3.0) -> bool:
    """Whether the centre answers its health check right now."""
    # Imported here: the window loads this module at start, and requests is only needed once probing.
    import requests

    from heshi_station.sync.client import check_address

    try:
        url = check_address(centre_url)
        r = requests.get(url + "/api/v1/health", timeout=(timeout, timeout))
        return r.ok
    except Exception:
        return False


@dataclass
class ProbeBackoff:
    base: float = 60.0
    factor: float = 2.0
    cap: float = 1800.0
    jitter: float = 0.2
    failures: int = 0
    rng: random.Random = field(default_factory=random.Random)

    def succeeded(self) -> None:
        self.failures = 0

    def failed(self) -> None:
        self.failures += 1

    def next_delay(self) -> float:
        """Seconds until the next probe."""
        delay = min(self.cap, self.base * self.factor**self.failures)
        return delay * (1 + self.rng.uniform(-self.jitter, self.jitter))


def should_sync(*, enabled: bool, reachable: bool, pending: int, pull_due: bool, busy: bool) -> bool:
    return enabled and reachable and not busy and (pending > 0 or pull_due)

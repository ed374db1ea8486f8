"""Child process of the crash test: registers receptions (and handling steps) in a loop forever.

Usage: python tests/crash_writer.py DB_PATH SEED   (or ``run(path, seed, emit)`` in a forked child, which
spares the test the ~1-7 s of imports per round on a busy machine)

After each operation RETURNS (i.e. after its transaction committed) it prints one line and flushes:
``R <reception id>`` for a registered reception, ``S <opinion id> <state>`` for a handling step.
The parent kills this process with SIGKILL at random moments and then checks that every reported record
is in the file and that nothing is half-written.
"""

from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta

from heshi_station.ledger import opinions, receptions, reference_data
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.dto import OpinionInput, ReceptionInput, VisitorInput

NOW = datetime(2026, 11, 20, 10, 0).astimezone()


def main() -> None:
    run(sys.argv[1], int(sys.argv[2]), lambda line: print(line, flush=True))


def run(path: str, seed: int, emit) -> None:
    """The writer loop; ``emit(line)`` must have handed the line to the OS before it returns."""
    rng = random.Random(seed)
    led = Ledger.open(path, clock=lambda: NOW, actor="崩溃测试")
    deputies = [d.id for d in reference_data.list_deputies(led)]
    units = [u.id for u in reference_data.list_units(led)]
    categories = [c.id for c in reference_data.list_categories(led)]
    emit("READY")
    n = 0
    while True:
        n += 1
        when = NOW - timedelta(days=rng.randint(0, 60), minutes=rng.randint(0, 600))
        ops = [
            OpinionInput(
                content=f"第{seed}轮第{n}次接待的第{i + 1}条意见：路灯损坏",
                route=rng.choice(("transfer", "station", "on_spot")),
                lead_unit_id=rng.choice(units),
                answer="已当场解释",
            )
            for i in range(rng.randint(0, 3))
        ]
        rec = receptions.register_reception(
            led,
            ReceptionInput(
                received_at=when,
                way="at_station",
                matter=f"第{seed}轮第{n}次接待：村里路灯坏了很久",
                visitors=[
                    VisitorInput(name=f"来访人{j}", phone=f"1990000{rng.randrange(10**4):04d}", group_size=j + 1)
                    for j in range(rng.randint(1, 3))
                ],
                deputy_ids=rng.sample(deputies, 2),
                category_id=rng.choice(categories),
                opinions=ops,
            ),
        )
        emit(f"R {rec.id}")
        for oid in rec.opinion_ids:
            if rng.random() < 0.5:
                try:
                    st = opinions.accept(led, oid, when=when)
                except Exception:  # not every route can be accepted; the step is simply skipped
                    continue
                emit(f"S {oid} {st.state}")


if __name__ == "__main__":
    main()

"""A typical starting set of handling units and categories for a new 街道 or 乡镇 station.

The set is data (``starting_sets.json`` next to this module); ``load_starting_set`` writes it through the
ordinary ``reference_data`` operations (so every row gets its audit and outbox entry) in ONE transaction:
either the whole set is in the ledger afterwards, or nothing of it. Names already in the ledger are kept
as they are and skipped, so loading twice adds nothing. ``{district}``/``{township}`` in a unit name are
filled from the station (e.g. “东风镇人民政府”), with a plain fallback (“县”, “本镇”) when the station form
left them empty.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from heshi_station.ledger import reference_data
from heshi_station.ledger.context import Ledger
from heshi_station.ledger.errors import ValidationFailed

STREET = "street"
TOWNSHIP = "township"


@dataclass(frozen=True)
class StartingSetReport:
    kind: str
    label: str
    units_added: int
    categories_added: int
    skipped: int  # names already in the ledger

    def sentence(self) -> str:
        text = f"已载入{self.label}的典型基础数据：办理单位 {self.units_added} 个，意见类别 {self.categories_added} 个"
        return text + (f"（已有的 {self.skipped} 项保持不变）。" if self.skipped else "。")


@cache
def starting_sets() -> dict[str, dict]:
    """The bundled sets by kind (``street``, ``township``)."""
    text = resources.files("heshi_station.ledger").joinpath("starting_sets.json").read_text(encoding="utf-8")
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}


def set_label(kind: str) -> str:
    return starting_sets()[kind]["label"]


def planned(ledger: Ledger, kind: str) -> tuple[list[tuple[str, str]], list[tuple[str, int]]]:
    """The units (name, kind) and categories (name, working days) the set gives this station."""
    sets = starting_sets()
    if kind not in sets:
        raise ValidationFailed.single("kind", "典型基础数据", "请选择：" + "、".join(s["label"] for s in sets.values()))
    data = sets[kind]
    station = reference_data.get_station(ledger)
    names = {
        "district": (station.district if station else "").strip() or data["district_fallback"],
        "township": (station.township if station else "").strip() or data["township_fallback"],
    }
    units = [(name.format(**names), unit_kind) for name, unit_kind in data["units"]]
    return units, [(name, int(days)) for name, days in data["categories"]]


def load_starting_set(ledger: Ledger, kind: str) -> StartingSetReport:
    """Add the ``kind`` set's units and categories the ledger lacks, in one transaction."""
    units, categories = planned(ledger, kind)
    have_units = {u.name for u in reference_data.list_units(ledger)}
    have_categories = {c.name for c in reference_data.list_categories(ledger)}
    added_units = added_categories = 0
    with ledger.batch():  # one transaction: a failure leaves nothing of the set behind
        for name, unit_kind in units:
            if name not in have_units:
                reference_data.save_unit(ledger, name, unit_kind)
                added_units += 1
        for name, days in categories:
            if name not in have_categories:
                reference_data.save_category(ledger, name, days)
                added_categories += 1
    skipped = len(units) + len(categories) - added_units - added_categories
    return StartingSetReport(kind, set_label(kind), added_units, added_categories, skipped)

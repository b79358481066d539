"""What failing a checklist item looks like at a school, for the demo: places per area and findings per item.

The words are data (hazards/data/demo_findings.json): places per area with the kind of school that has them,
and per item how often it fails, its rectification measure and its findings, each at some of those places.
"""

from __future__ import annotations

import json
import random
from bisect import bisect
from collections.abc import Callable
from itertools import accumulate
from pathlib import Path
from typing import Any, NamedTuple

# Where hazards are found, per area. A place suits only some schools (see FITS): a dormitory only a boarding
# school, a chemistry lab only a school with secondary grades, a nap room only a kindergarten.
ANY, CAMPUS, SCHOOL, KG, BOARDING, CHEM, SCIENCE, LAB, BUS, RURAL = (
    "any", "campus", "school", "kg", "boarding", "chem", "science", "lab", "bus", "rural",
)  # fmt: skip
CHEM_KINDS = frozenset({"junior", "senior", "nine_year", "twelve_year", "vocational", "university"})
SCIENCE_KINDS = frozenset({"primary", "nine_year", "twelve_year", "special"})
FITS: dict[str, Callable[[Any], bool]] = {
    ANY: lambda s: True,
    CAMPUS: lambda s: s.kind != "training_institution",  # a campus of its own, with a kitchen
    SCHOOL: lambda s: s.kind not in ("kindergarten", "training_institution"),  # classroom blocks, a playground
    KG: lambda s: s.kind == "kindergarten",
    BOARDING: lambda s: s.is_boarding,
    CHEM: lambda s: s.kind in CHEM_KINDS,
    SCIENCE: lambda s: s.kind in SCIENCE_KINDS,
    LAB: lambda s: s.kind in CHEM_KINDS or s.kind in SCIENCE_KINDS,
    BUS: lambda s: s.uses_school_bus,
    RURAL: lambda s: s.is_rural,
}
_DATA = json.loads((Path(__file__).resolve().parent.parent / "data" / "demo_findings.json").read_text("utf-8"))
PLACES: dict[str, dict[str, str]] = _DATA["places"]
FINDINGS: dict[str, tuple[float, str, tuple[tuple[tuple[str, ...], str], ...]]] = {
    code: (row["weight"], row["measures"], tuple((tuple(where), text) for where, text in row["found"]))
    for code, row in _DATA["findings"].items()
}


class Profile(NamedTuple):
    """What decides which items apply to a school and where it can fail them (what ChecklistItem.applies_to reads)."""

    kind: str
    is_boarding: bool
    uses_school_bus: bool
    is_rural: bool
    is_private: bool
    is_small: bool


PROFILE_FIELDS = (
    "school__kind",
    "school__is_boarding",
    "school__uses_school_bus",
    "school__is_rural",
    "school__is_private",
    "school__is_small",
)


def profile_of(values: tuple) -> Profile:
    kind, *flags = values
    return Profile(kind or "", *(bool(flag) for flag in flags))


class Findings:
    """What failing each item looks like at a kind of school, worked out once per profile (not per hazard).

    A row is (item id, area, major criterion, place, description, measures); the draw weights each item by
    how often it fails, shared among its findings.
    """

    def __init__(self, items: list[Any]) -> None:
        self.items = items
        self._tables: dict[Profile, tuple[list[tuple], list[float], float]] = {}
        self._found: dict[tuple[int, Profile], list[tuple[str, str, str]]] = {}

    def of_item(self, item: Any, profile: Profile) -> list[tuple[str, str, str]]:
        """(place, description, measures) this item can be failed with at such a school; empty if none fits."""
        key = (item.pk, profile)
        if key not in self._found:
            self._found[key] = _findings(item, profile) if item.applies_to(profile) else []
        return self._found[key]

    def table(self, profile: Profile) -> tuple[list[tuple], list[float], float]:
        if profile not in self._tables:
            rows: list[tuple] = []
            weights: list[float] = []
            for item in self.items:
                found = self.of_item(item, profile)
                weight = FINDINGS[item.code][0] if item.code in FINDINGS else 1.0
                for place, text, measures in found:
                    rows.append((item.pk, str(item.area), item.is_major_criterion, place, text, measures))
                    weights.append(weight / len(found))
            self._tables[profile] = (rows, list(accumulate(weights)), sum(weights))
        return self._tables[profile]

    def draw(self, table: tuple[list[tuple], list[float], float], rng: random.Random) -> tuple:
        rows, bounds, total = table
        return rows[min(bisect(bounds, rng.random() * total), len(rows) - 1)]


def _findings(item: Any, profile: Profile) -> list[tuple[str, str, str]]:
    places = PLACES.get(str(item.area), {})
    kindergarten = profile.kind == "kindergarten"
    words = {"pupil": "幼儿" if kindergarten else "学生", "head": "园长" if kindergarten else "校长"}
    if item.code in FINDINGS:
        _weight, measures, found = FINDINGS[item.code]
        return [
            (place, text.format(**words), measures.format(**words))
            for where, text in found
            for place in where
            if FITS[places[place]](profile)
        ]
    # An item the demo has no words for (a region's own checklist): name the check it failed.
    check = item.text.strip().rstrip("。；;，,")
    fitting = [place for place, fits in places.items() if FITS[fits](profile)][:3]
    return [(place, f"现场检查不符合“{check}”的要求", "按检查要求立即整改，落实专人负责") for place in fitting]

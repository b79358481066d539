"""One map (一张图): the boundaries of a node, its regions coloured by a figure, its schools as coloured points.

Boundaries come from packaged GeoJSON (data/geo, see data/LICENSES.md), so the
map works on an intranet with no internet access.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db.models import Count
from django.db.models.functions import Substr

from safecampus.orgs.models import Level, OrgUnit

from .registry import map_figures, map_layers, node_figures, school_colours

GEO = Path(__file__).resolve().parent / "data" / "geo"


@lru_cache(maxsize=64)
def _geo_file(code: str) -> dict[str, Any] | None:
    path = GEO / f"{code}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def boundaries(org: OrgUnit) -> dict[str, Any] | None:
    """GeoJSON of the node's regions: a province by city, a city by county, a county as its own outline."""
    code = org.division_code or ""
    if org.level in (Level.PROVINCE, Level.CITY):
        return _geo_file(code)
    if org.level == Level.COUNTY and len(code) == 6:
        city = _geo_file(code[:4] + "00")
        if city:
            features = [f for f in city["features"] if f["properties"].get("adcode") == code]
            return {"type": "FeatureCollection", "features": features} if features else None
    return None


def school_counts(org: OrgUnit, children: list[OrgUnit]) -> dict[int, int]:
    length = len(org.path) + OrgUnit.steplen
    by_prefix = {child.path: child.pk for child in children}
    rows = (
        OrgUnit.objects.within(org.path)
        .filter(level=Level.SCHOOL, is_active=True)
        .annotate(prefix=Substr("path", 1, length))
        .order_by()
        .values("prefix")
        .annotate(n=Count("pk"))
    )
    return {by_prefix[row["prefix"]]: row["n"] for row in rows if row["prefix"] in by_prefix}


STATES = ("red", "orange", "yellow", "green")
LAYER_LIST = 200  # a layer's schools listed beside the map, with links (the map draws them all)


def school_states(org: OrgUnit, today: date) -> dict[int, int]:
    """Each school's colour under `org` (0 red … 3 green, the worst any app gives it; schools not listed: green)."""
    worst: dict[int, int] = {}
    for layer in school_colours:
        for school_id, state in layer.states(org, today).items():
            worst[school_id] = min(state, worst.get(school_id, 3))
    return worst


def map_data(org: OrgUnit, today: date, figure: str, layer: str = "") -> dict[str, Any]:
    """Everything the map page draws: regions with their figure, and every school as a point (with a layer, only
    the layer's schools)."""
    known = {item.key: item for item in map_figures}
    chosen = known.get(figure) or next(iter(known.values()))
    children = list(OrgUnit.objects.within(org.path).filter(depth=org.depth + 1).order_by("code"))
    regions_below = [child for child in children if child.level != Level.SCHOOL]
    figures = node_figures(regions_below, today)
    counts = school_counts(org, regions_below)
    regions = []
    for child in regions_below:
        value = chosen.compute(figures[child.pk], counts.get(child.pk, 0))
        regions.append(
            {
                "id": child.pk,
                "name": child.name,
                "adcode": child.division_code,
                "value": value,
                "schools": counts.get(child.pk, 0),
            }
        )
    states = school_states(org, today)
    points = []
    tally = dict.fromkeys(STATES, 0)
    unplaced = 0
    schools = OrgUnit.objects.within(org.path).filter(level=Level.SCHOOL, is_active=True)
    shown = map_layers.get(layer)
    listed: list[list[Any]] = []
    if shown is not None:
        schools = schools.filter(pk__in=sorted(shown.schools(org, today)))
    for pk, name, lng, lat in schools.values_list("pk", "name", "lng", "lat").order_by("path"):
        if shown is not None and len(listed) < LAYER_LIST:
            listed.append([pk, name, shown.url(pk)])
        state = states.get(pk, 3)
        tally[STATES[state]] += 1
        if lng is None or lat is None:
            unplaced += 1  # counted in the legend, but there is nowhere to draw it
        else:
            points.append([lng, lat, pk, name, state])
    return {
        "org": {"id": org.pk, "name": org.name, "level": org.level},
        "figure": {"key": chosen.key, "label": str(chosen.label)},
        "good_high": chosen.good_high,
        "regions": regions,
        "schools": points,
        "states": tally,
        "unplaced": unplaced,
        "layer": (
            {"key": shown.key, "label": str(shown.label), "count": sum(tally.values()), "schools": listed}
            if shown
            else None
        ),
    }

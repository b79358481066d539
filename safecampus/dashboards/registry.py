"""What the apps contribute to "one network, one map": figures, dashboard panels, map figures and layers, warnings,
review parts.

The dashboards app reads counters (core.counting) and these declarations; it
imports no domain app. Each app declares its contributions in its own
dashboard.py (found at start-up, core.registry). All figures come from the
counter store, so every view of a node costs a few indexed reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from safecampus.core.registry import Registry

NodeFigures = dict[int, dict[str, Any]]


@dataclass(frozen=True)
class Figures:
    """Figures of several nodes at once, from the counters: {org id: {name: value}} (a few queries in all)."""

    key: str
    compute: Callable[[list[Any], date], NodeFigures]
    order: int = 0


@dataclass(frozen=True)
class Panel:
    """A section of a node's dashboard: its template, the node-only data it shows, what it adds to the API."""

    key: str
    template: str
    order: int = 0
    extra: Callable[[Any, date], dict[str, Any]] | None = None  # cached with the rest of the dashboard
    api: Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]] | None = None  # (figures, extra) → top-level keys
    card: str = ""  # its lines on a school's card on the map, if any


@dataclass(frozen=True)
class Column:
    """A column of the children table: the figure it shows, sortable; the cell template may link the rows behind."""

    key: str
    label: Any
    template: str
    order: int = 0


@dataclass(frozen=True)
class MapFigure:
    """A figure the map colours regions by, from a region's figures and its number of schools."""

    key: str
    label: Any
    compute: Callable[[dict[str, Any], int], float | None]
    good_high: bool = False  # a high value is good (a rate), so the colour ramp turns around
    order: int = 0


@dataclass(frozen=True)
class SchoolColour:
    """How a school shows on the map: `states(node, today)` gives {school id: 0 red … 3 green} for the schools that
    are not green; a school takes the worst colour any app gives it."""

    key: str
    states: Callable[[Any, date], dict[int, int]]
    order: int = 0


@dataclass(frozen=True)
class MapLayer:
    """A set of schools the map can show on their own (e.g. schools without a full-time guard): `schools(node,
    today)` gives their ids; each point keeps its colour, and its card links to the records behind it."""

    key: str
    label: Any
    schools: Callable[[Any, date], set[int]]
    url: Callable[[int], str]  # (school id) → the records behind its place in the layer
    order: int = 0


@dataclass(frozen=True)
class WarningPart:
    """One part of a school's warning score: a count per school from its counters, times a weight (a rule row
    `warning.weight.<key>`), with a link to the records behind the count."""

    key: str
    label: Any
    counts: Callable[[Any, date, int], dict[int, int]]  # (node, today, soon days) → {school id: count}
    url: Callable[[int, date, int], str]  # (school id, today, soon days) → the records behind it
    order: int = 0


@dataclass(frozen=True)
class ReviewPart:
    """One part of the bimonthly review's score: a percentage per unit from the period's figures (None: nothing
    to measure, left out of the mean). Its weight is the rule row `review.weight.<key>`."""

    key: str
    label: Any
    value: Callable[[dict[str, Any]], float | None]
    order: int = 0


@dataclass(frozen=True)
class ReviewFigures:
    """The figures of a review period per unit, and the records worth naming in it (e.g. major hazards)."""

    key: str
    compute: Callable[[list[Any], Any, date], NodeFigures]  # (units, period, today)
    notable: Callable[[Any, Any, int], list[dict[str, Any]]] | None = None  # (node, period, limit) → plain rows
    head: str = ""  # templates: its header cells of the ranking, its cells of a row `r`, its notable records
    cells: str = ""
    notables: str = ""
    order: int = 0


figures: Registry[Figures] = Registry("figures")
panels: Registry[Panel] = Registry("dashboard panels")
columns: Registry[Column] = Registry("dashboard columns")
map_figures: Registry[MapFigure] = Registry("map figures")
school_colours: Registry[SchoolColour] = Registry("school colours")
map_layers: Registry[MapLayer] = Registry("map layers")
warning_parts: Registry[WarningPart] = Registry("warning parts")
review_parts: Registry[ReviewPart] = Registry("review parts")
review_figures: Registry[ReviewFigures] = Registry("review figures")


def node_figures(orgs: list[Any], today: date) -> NodeFigures:
    """Every app's figures of these nodes, merged per node."""
    merged: NodeFigures = {org.pk: {} for org in orgs}
    for group in figures:
        for org_id, values in group.compute(orgs, today).items():
            merged.setdefault(org_id, {}).update(values)
    return merged


def percent(part: int, whole: int) -> float | None:
    """part of whole in %, one decimal; None when there is nothing to measure."""
    return round(part * 100 / whole, 1) if whole else None

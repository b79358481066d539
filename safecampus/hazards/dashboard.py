"""What the hazard loop contributes to the dashboards (dashboards.registry): its figures, its panels, the columns
of the children table, the map's figures and school colours, warning parts and review parts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.dashboards.registry import (
    Column,
    Figures,
    MapFigure,
    Panel,
    ReviewFigures,
    ReviewPart,
    SchoolColour,
    WarningPart,
    columns,
    figures,
    map_figures,
    panels,
    percent,
    review_figures,
    review_parts,
    school_colours,
    warning_parts,
)

from .figures import (
    hazard_figures,
    notable_hazards,
    period_figures,
    school_colour,
    school_counts,
    task_period,
    top_categories,
    trend,
)

figures.register("hazards", Figures("hazards", hazard_figures, order=10))


def _node_extra(org: Any, today: date) -> dict[str, Any]:
    first, last = task_period(today)
    months = trend(org, today)
    chart = {
        "months": [m["month"] for m in months],
        "found": [m["found"] for m in months],
        "closed": [m["closed"] for m in months],
        "labels": {"found": str(_("Hazards found")), "closed": str(_("Hazards closed"))},
    }
    return {"trend": months, "chart": chart, "categories": top_categories(org), "period": [first, last]}


def _api(values: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "trend": [{"month": m["month"], "found": m["found"], "closed": m["closed"]} for m in extra["trend"]],
        "top_categories": extra["categories"],
    }


panels.register(
    "hazards",
    Panel(
        "hazards",
        "hazards/dashboard/_panel.html",
        order=10,
        extra=_node_extra,
        api=_api,
        card="hazards/dashboard/_card.html",
    ),
)
for order, (key, label, template) in enumerate(
    [
        ("open_major", _("Open major"), "hazards/dashboard/_open_major.html"),
        ("open_general", _("Open general"), "hazards/dashboard/_open_general.html"),
        ("overdue", _("Overdue"), "hazards/dashboard/_overdue.html"),
        ("listed_open", _("Listed"), "hazards/dashboard/_listed.html"),
        ("rectification_rate", _("On time"), "hazards/dashboard/_rate.html"),
        ("completeness", _("Inspections done"), "hazards/dashboard/_completeness.html"),
    ]
):
    columns.register(key, Column(key, label, template, order=10 + order))


def _per_100(*keys: str) -> Any:
    return lambda values, schools: round(sum(values[k] for k in keys) * 100 / schools, 1) if schools else None


for order, item in enumerate(
    [
        MapFigure("open_major_per_100", _("Open major hazards per 100 schools"), _per_100("open_major")),
        MapFigure("overdue_per_100", _("Overdue hazards per 100 schools"), _per_100("overdue")),
        MapFigure("open_per_100", _("Open hazards per 100 schools"), _per_100("open_major", "open_general")),
        MapFigure("rectification_rate", _("Closed on time this year (%)"), lambda v, n: v["rectification_rate"], True),
        MapFigure("completeness", _("Inspections done (%)"), lambda v, n: v["completeness"], True),
    ]
):
    map_figures.register(item.key, MapFigure(item.key, item.label, item.compute, item.good_high, order))


def _colours(org: Any, today: date) -> dict[int, int]:
    return {pk: colour for pk, values in school_counts(org, today).items() if (colour := school_colour(values)) < 3}


school_colours.register("hazards", SchoolColour("hazards", _colours))


def _counts_once(org: Any, today: date, soon: int) -> dict[int, dict[str, int]]:
    """The per-school counts of one warning list, read once for all of its hazard parts."""
    memo = org.__dict__.setdefault("_hazard_school_counts", {})
    if (today, soon) not in memo:
        memo[(today, soon)] = school_counts(org, today, soon)
    return memo[(today, soon)]


def _count(key: str) -> Any:
    return lambda org, today, soon: {pk: v[key] for pk, v in _counts_once(org, today, soon).items() if v.get(key)}


def _link(view: str, query: Any) -> Any:
    return lambda school_id, today, soon: f"{reverse(view, args=[school_id])}?{urlencode(query(today, soon))}"


for order, part in enumerate(
    [
        WarningPart(
            "overdue_major",
            _("Overdue major hazards"),
            _count("overdue_major"),
            _link("hazards:ledger", lambda today, soon: {"overdue": "true", "level": "major"}),
        ),
        WarningPart(
            "overdue_general",
            _("Overdue general hazards"),
            _count("overdue_general"),
            _link("hazards:ledger", lambda today, soon: {"overdue": "true", "level": "general"}),
        ),
        WarningPart(
            "listed_due_soon",
            _("Listed hazards near their deadline"),
            _count("listed_due_soon"),
            _link(
                "hazards:ledger",
                lambda today, soon: {
                    "listed": "true",
                    "state": "open",
                    "deadline_from": today.isoformat(),
                    "deadline_to": (today + timedelta(days=soon)).isoformat(),
                },
            ),
        ),
        WarningPart(
            "tasks_overdue",
            _("Inspections not done by their due date"),
            _count("tasks_overdue"),
            _link(
                "hazards:tasks",
                lambda today, soon: {"state": "missing", "due_to": (today - timedelta(days=1)).isoformat()},
            ),
        ),
    ]
):
    warning_parts.register(part.key, WarningPart(part.key, part.label, part.counts, part.url, 10 + order))

review_figures.register(
    "hazards",
    ReviewFigures(
        "hazards",
        period_figures,
        notable_hazards,
        head="hazards/review/_head.html",
        cells="hazards/review/_cells.html",
        notables="hazards/review/_notable.html",
        order=10,
    ),
)
for order, part in enumerate(
    [
        ReviewPart(
            "rectification", _("Closed on time"), lambda f: percent(f["closed_on_time"], f["closed"] + f["overdue_now"])
        ),
        ReviewPart(
            "not_overdue",
            _("Open hazards not overdue"),
            lambda f: percent(f["open_now"] - f["overdue_now"], f["open_now"]),
        ),
        ReviewPart("completeness", _("Inspections done"), lambda f: percent(f["tasks_done"], f["tasks_due"])),
        ReviewPart("timeliness", _("Inspections done on time"), lambda f: percent(f["tasks_on_time"], f["tasks_due"])),
    ]
):
    review_parts.register(part.key, ReviewPart(part.key, part.label, part.value, order))

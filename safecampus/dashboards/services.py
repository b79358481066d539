"""Dashboard figures of a node, read from the counter store (a handful of rows per node)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import Q, Sum

from safecampus.orgs.models import OrgUnit

from .models import Counter

KEY_METRICS = ["hazard.open.general", "hazard.open.major", "hazard.listed_open", "hazard.closed_days_total"]


def node_and_children(org: OrgUnit, today: date) -> tuple[list[OrgUnit], dict[int, dict[str, Any]]]:
    """A node's direct children (within its subtree, by code) and the figures of the node and each child."""
    children = list(OrgUnit.objects.within(org.path).filter(depth=org.depth + 1).order_by("code"))
    return children, kpis_for([org, *children], today)


def kpis_for(orgs: list[OrgUnit], today: date) -> dict[int, dict[str, Any]]:
    """The main figures of several nodes at once (two queries, whatever the number of records)."""
    ids = [org.pk for org in orgs]
    year = today.year
    plain: dict[int, dict[str, int]] = defaultdict(dict)
    rows = Counter.objects.filter(org_id__in=ids, day__isnull=True).filter(
        Q(metric__in=KEY_METRICS) | Q(metric__startswith="hazard.found") | Q(metric__startswith="hazard.closed")
    )
    for org_id, metric, value in rows.values_list("org_id", "metric", "value"):
        plain[org_id][metric] = value
    late = Counter.objects.filter(org_id__in=ids, metric__startswith="hazard.open_deadline.", day__lt=today)
    overdue = {row["org_id"]: row["total"] for row in late.values("org_id").annotate(total=Sum("value"))}
    result = {}
    for org_id in ids:
        figures = plain.get(org_id, {})
        closed_all = sum(v for k, v in figures.items() if k.startswith("hazard.closed") and k[13:].isdigit())
        closed_year = figures.get(f"hazard.closed{year}", 0)
        on_time = figures.get(f"hazard.closed{year}.on_time", 0)
        late_now = overdue.get(org_id, 0)
        stock = cleared = increment = 0
        for key, value in figures.items():
            if not key.startswith("hazard.found") or "." not in key[12:]:
                continue
            found_part, rest = key[12:].split(".", 1)
            if not found_part.isdigit():
                continue
            found = int(found_part)
            if rest == "open" or (rest.startswith("closed") and rest[6:].isdigit()):
                closed = None if rest == "open" else int(rest[6:])
                if found < year and (closed is None or closed >= year):
                    stock += value
                if found < year and closed == year:
                    cleared += value
                if found == year:
                    increment += value
        due = closed_year + late_now
        result[org_id] = {
            "open_general": figures.get("hazard.open.general", 0),
            "open_major": figures.get("hazard.open.major", 0),
            "overdue": late_now,
            "listed_open": figures.get("hazard.listed_open", 0),
            "closed_this_year": closed_year,
            "closed_on_time_this_year": on_time,
            "rectification_rate": round(on_time * 100 / due, 1) if due else None,
            "average_days_to_close": round(figures.get("hazard.closed_days_total", 0) / closed_all, 1)
            if closed_all
            else None,
            "stock": stock,
            "stock_cleared": cleared,
            "increment": increment,
        }
    return result

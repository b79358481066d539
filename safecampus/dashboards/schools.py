"""Figures of every school under a node, read from the schools' own counters (for the map and warnings)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.db.models import Sum

from safecampus.core.models import Counter
from safecampus.core.paths import subtree_q
from safecampus.orgs.models import Level, OrgUnit

FIELDS = (
    "open_general",
    "open_major",
    "overdue_general",
    "overdue_major",
    "listed_overdue",
    "listed_due_soon",
    "tasks_overdue",
    "incident_late",
    "incident_omitted",
)
# The colour of a school on the map, worst first.
STATES = ("red", "orange", "yellow", "green")


def _school_counters(org: OrgUnit) -> Any:
    return Counter.objects.filter(subtree_q("org__path", org.path), org__level=Level.SCHOOL)


def school_figures(org: OrgUnit, today: date, soon_days: int = 7) -> dict[int, dict[str, int]]:
    """Per school id: open, overdue, listed-overdue/due-soon hazards and overdue inspections (only schools with any)."""
    result: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FIELDS, 0))
    counters = _school_counters(org)
    plain = counters.filter(metric__in=("hazard.open.general", "hazard.open.major"), day__isnull=True, value__gt=0)
    for org_id, metric, value in plain.values_list("org_id", "metric", "value"):
        result[org_id][f"open_{metric.rsplit('.', 1)[1]}"] = value
    names = {
        "hazard.open_deadline.general": "overdue_general",
        "hazard.open_deadline.major": "overdue_major",
        "hazard.listed_deadline": "listed_overdue",
        "task.due": "tasks_overdue",
    }
    past = counters.filter(metric__in=[*names, "task.done"], day__lt=today).values("org_id", "metric")
    for row in past.annotate(total=Sum("value")):
        if row["metric"] == "task.done":
            result[row["org_id"]]["tasks_overdue"] -= row["total"]
        else:
            result[row["org_id"]][names[row["metric"]]] += row["total"]
    soon = counters.filter(metric="hazard.listed_deadline", day__gte=today, day__lte=today + timedelta(days=soon_days))
    for row in soon.values("org_id").annotate(total=Sum("value")):
        result[row["org_id"]]["listed_due_soon"] = row["total"]
    faults = {f"incident.y{today.year}.fault.{fault}": f"incident_{fault}" for fault in ("late", "omitted")}
    incident_rows = counters.filter(metric__in=list(faults), day__isnull=True, value__gt=0)
    for org_id, metric, value in incident_rows.values_list("org_id", "metric", "value"):
        result[org_id][faults[metric]] = value
    return {org_id: figures for org_id, figures in result.items() if any(figures.values())}


def school_state(figures: dict[str, int] | None) -> str:
    """Red: open major or overdue listed; orange: overdue; yellow: open; green: nothing open."""
    if not figures:
        return "green"
    if figures["open_major"] or figures["listed_overdue"]:
        return "red"
    if figures["overdue_general"] or figures["overdue_major"]:
        return "orange"
    if figures["open_general"]:
        return "yellow"
    return "green"

"""What incidents add to the counter store (core.counting)."""

from __future__ import annotations

from collections import Counter as Tally
from typing import Any

from safecampus.core.counting import CountedKind, month_of, register

from .models import Incident, IncidentState

INCIDENT_FIELDS = (
    "org_path",
    "occurred_at",
    "category",
    "grade",
    "state",
    "deaths",
    "student_deaths",
    "is_late",
    "is_omitted",
    "is_false",
    "is_concealed",
)
FAULTS = ("late", "omitted", "false", "concealed")


def incident_keys(incident: Any) -> Tally:
    """Incidents count by the month they occurred (double decline compares year to date) and by year."""
    keys: Tally = Tally()
    month = month_of(incident.occurred_at)
    year = month.year
    keys[("incident.month", month)] += 1
    keys[("incident.deaths_month", month)] += incident.deaths
    keys[("incident.student_deaths_month", month)] += incident.student_deaths
    keys[(f"incident.y{year}.category.{incident.category}", None)] += 1
    keys[(f"incident.y{year}.grade.{incident.grade}", None)] += 1
    keys[(f"incident.y{year}.deaths", None)] += incident.deaths
    for fault in FAULTS:
        if getattr(incident, f"is_{fault}"):
            keys[(f"incident.y{year}.fault.{fault}", None)] += 1
    if incident.state != IncidentState.CLOSED:
        keys[("incident.open", None)] += 1
    return keys


INCIDENTS = register(
    CountedKind(key="incident", model=Incident, keys=incident_keys, fields=INCIDENT_FIELDS, prefixes=("incident.",))
)

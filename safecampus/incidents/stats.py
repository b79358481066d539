"""Incident statistics of a node from the counter store: this year to date against the same months last year."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Sum

from safecampus.core.models import Counter
from safecampus.orgs.models import OrgUnit

from .models import Category, Fault, Grade


def _sum(org: OrgUnit, metric: str, start: date, end: date) -> int:
    rows = Counter.objects.filter(org=org, metric=metric, day__gte=start, day__lte=end)
    return rows.aggregate(total=Sum("value"))["total"] or 0


def double_decline(org: OrgUnit, today: date) -> dict[str, Any]:
    """双下降: incidents and non-normal student deaths, January to this month, this year against last year."""
    this_start, this_end = date(today.year, 1, 1), today.replace(day=1)
    last_start, last_end = date(today.year - 1, 1, 1), this_end.replace(year=today.year - 1)
    now_count = _sum(org, "incident.month", this_start, this_end)
    last_count = _sum(org, "incident.month", last_start, last_end)
    now_deaths = _sum(org, "incident.student_deaths_month", this_start, this_end)
    last_deaths = _sum(org, "incident.student_deaths_month", last_start, last_end)
    return {
        "year": today.year,
        "through_month": today.month,
        "incidents": now_count,
        "incidents_last": last_count,
        "student_deaths": now_deaths,
        "student_deaths_last": last_deaths,
        "incidents_down": now_count < last_count or (now_count == 0 and last_count == 0),
        "deaths_down": now_deaths < last_deaths or (now_deaths == 0 and last_deaths == 0),
        "achieved": (now_count < last_count or now_count == last_count == 0)
        and (now_deaths < last_deaths or now_deaths == last_deaths == 0),
    }


def year_table(org: OrgUnit, year: int) -> dict[str, Any]:
    """Incidents by category and grade, deaths and faults, for one year and the one before."""
    metrics = Counter.objects.filter(org=org, day__isnull=True, metric__startswith=f"incident.y{year}.")
    figures = dict(metrics.values_list("metric", "value"))
    prefix = f"incident.y{year}."
    return {
        "categories": [(c.value, c.label, figures.get(f"{prefix}category.{c.value}", 0)) for c in Category],
        "grades": [(g.value, g.label, figures.get(f"{prefix}grade.{g.value}", 0)) for g in Grade],
        "deaths": figures.get(f"{prefix}deaths", 0),
        "faults": [(x.value, x.label, figures.get(f"{prefix}fault.{x.value}", 0)) for x in Fault],
    }

"""Dashboard figures of a node, read from the counter store (a handful of rows per node)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, Sum

from safecampus.core.models import Counter
from safecampus.orgs.models import OrgUnit

TASK_METRICS = ("task.due", "task.done", "task.on_time")
KEY_METRICS = [
    "hazard.open.general",
    "hazard.open.major",
    "hazard.open_dated.general",
    "hazard.open_dated.major",
    "hazard.listed_open",
    "hazard.closed_days_total",
]
DEADLINE_METRICS = ("hazard.open_deadline.general", "hazard.open_deadline.major")


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
    not_yet = Counter.objects.filter(org_id__in=ids, metric__in=DEADLINE_METRICS, day__gte=today)
    future = {row["org_id"]: row["total"] for row in not_yet.values("org_id").annotate(total=Sum("value"))}
    tasks: dict[int, dict[str, int]] = defaultdict(dict)
    ended = Counter.objects.filter(
        org_id__in=ids, metric__in=TASK_METRICS, day__gte=date(year, 1, 1), day__lt=today
    ).values("org_id", "metric")
    for row in ended.annotate(total=Sum("value")):
        tasks[row["org_id"]][row["metric"]] = row["total"]
    result = {}
    for org_id in ids:
        figures = plain.get(org_id, {})
        closed_all = sum(v for k, v in figures.items() if k.startswith("hazard.closed") and k[13:].isdigit())
        closed_year = figures.get(f"hazard.closed{year}", 0)
        on_time = figures.get(f"hazard.closed{year}.on_time", 0)
        dated = figures.get("hazard.open_dated.general", 0) + figures.get("hazard.open_dated.major", 0)
        late_now = dated - future.get(org_id, 0)
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
        task = tasks.get(org_id, {})
        tasks_due, tasks_done, tasks_on_time = (task.get(m, 0) for m in TASK_METRICS)
        result[org_id] = {
            "open_general": figures.get("hazard.open.general", 0),
            "open_major": figures.get("hazard.open.major", 0),
            "overdue": late_now,
            "listed_open": figures.get("hazard.listed_open", 0),
            "closed_this_year": closed_year,
            "closed_on_time_this_year": on_time,
            "rectification_due": due,
            "rectification_rate": percent(on_time, due),
            "average_days_to_close": round(figures.get("hazard.closed_days_total", 0) / closed_all, 1)
            if closed_all
            else None,
            "stock": stock,
            "stock_cleared": cleared,
            "increment": increment,
            "tasks_due": tasks_due,
            "tasks_done": tasks_done,
            "tasks_on_time": tasks_on_time,
            "completeness": percent(tasks_done, tasks_due),
            "timeliness": percent(tasks_on_time, tasks_due),
        }
    return result


def percent(part: int, whole: int) -> float | None:
    """part of whole in %, one decimal; None when there is nothing to measure."""
    return round(part * 100 / whole, 1) if whole else None


def task_period(today: date) -> tuple[date, date]:
    """The inspections counted for completeness: due this year, on a day that has ended."""
    return date(today.year, 1, 1), today - timedelta(days=1)


def month_starts(today: date, months: int = 12) -> list[date]:
    first = today.replace(day=1)
    starts = []
    for back in range(months - 1, -1, -1):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        starts.append(date(year, month + 1, 1))
    return starts


def trend(org: OrgUnit, today: date, months: int = 12) -> list[dict[str, Any]]:
    """Hazards found and closed in each of the last `months` months (one query)."""
    starts = month_starts(today, months)
    rows = Counter.objects.filter(
        org=org, metric__in=("hazard.found_month", "hazard.closed_month"), day__gte=starts[0]
    ).values_list("metric", "day", "value")
    found = {day: value for metric, day, value in rows if metric == "hazard.found_month"}
    closed = {day: value for metric, day, value in rows if metric == "hazard.closed_month"}
    return [
        {
            "month": start.strftime("%Y-%m"),
            "first": start,
            "last": month_starts(start.replace(day=28) + timedelta(days=4), 1)[0] - timedelta(days=1),
            "found": found.get(start, 0),
            "closed": closed.get(start, 0),
        }
        for start in starts
    ]


def top_categories(org: OrgUnit, limit: int = 5) -> list[dict[str, Any]]:
    """The categories with the most open hazards."""
    from safecampus.hazards.models import Area

    rows = (
        Counter.objects.filter(org=org, metric__startswith="hazard.open_area.", day__isnull=True, value__gt=0)
        .order_by("-value", "metric")
        .values_list("metric", "value")[:limit]
    )
    result = []
    for metric, value in rows:
        code = metric.rsplit(".", 1)[1]
        label = Area(code).label if code in Area.values else code
        result.append({"area": code, "label": str(label), "open": value})
    return result


def clear_to_zero_figures(org: OrgUnit, today: date) -> dict[str, Any]:
    """The ledger's clear-to-zero line (动态清零) from the counters, in the shape of hazards.stats.clear_to_zero."""
    figures = kpis_for([org], today)[org.pk]
    closed = Counter.objects.filter(
        org=org, metric=f"hazard.found{today.year}.closed{today.year}", day__isnull=True
    ).values_list("value", flat=True)
    stock, cleared = figures["stock"], figures["stock_cleared"]
    return {
        "year": today.year,
        "open_major": figures["open_major"],
        "stock": stock,
        "stock_cleared": cleared,
        "stock_cleared_rate": round(cleared * 100 / stock, 1) if stock else None,
        "increment": figures["increment"],
        "increment_closed": sum(closed),
    }

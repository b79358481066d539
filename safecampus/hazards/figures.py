"""Hazard and inspection figures of nodes, read from the counter store (what hazards.counted writes).

What the dashboards, the map, the warnings and the review show of the hazard
loop is computed here and declared to them in dashboard.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db.models import Sum

from safecampus.core.counting import dated_sums, figures
from safecampus.core.models import Counter
from safecampus.core.paths import subtree_q
from safecampus.dashboards.registry import percent
from safecampus.orgs.models import Level

from .models import Area

LEVELS = ("general", "major")
TASK_METRICS = ("task.due", "task.done", "task.on_time")
KEY_METRICS = [
    "hazard.open.general",
    "hazard.open.major",
    "hazard.open_dated.general",
    "hazard.open_dated.major",
    "hazard.listed_open",
    "hazard.closed_days_total",
]


def overdue_counts(org_ids: Iterable[int], today: date, levels: Iterable[str] = LEVELS) -> dict[int, int]:
    """Open hazards past their deadline on `today`, per node: open with a deadline − those due today or later.

    The counter side of the one definition of overdue (`hazards.models.hazards.overdue_q`): exact the moment a
    deadline passes, with no job.
    """
    ids, levels = list(org_ids), list(levels)
    dated = figures(ids, [f"hazard.open_dated.{level}" for level in levels])
    future = dated_sums(ids, [f"hazard.open_deadline.{level}" for level in levels], first=today)
    return {org: sum(dated.get(org, {}).values()) - sum(future.get(org, {}).values()) for org in ids}


def task_period(today: date) -> tuple[date, date]:
    """The inspections counted for completeness: due this year, on a day that has ended."""
    return date(today.year, 1, 1), today - timedelta(days=1)


def _stock(values: dict[str, int], year: int) -> tuple[int, int, int]:
    """Stock at 1 January, how much of it was cleared this year, and this year's increment."""
    stock = cleared = increment = 0
    for key, value in values.items():
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
    return stock, cleared, increment


def hazard_figures(orgs: list[Any], today: date) -> dict[int, dict[str, Any]]:
    """The hazard loop's main figures of several nodes (three queries, whatever the number of records)."""
    ids = [org.pk for org in orgs]
    year = today.year
    plain = figures(ids, KEY_METRICS, prefixes=("hazard.found", "hazard.closed"))
    late = overdue_counts(ids, today)
    ended = dated_sums(ids, TASK_METRICS, first=date(year, 1, 1), last=today - timedelta(days=1))
    past = dated_sums(ids, ("task.due", "task.done"), last=today - timedelta(days=1))
    result = {}
    for org_id in ids:
        values = plain.get(org_id, {})
        closed_all = sum(v for k, v in values.items() if k.startswith("hazard.closed") and k[13:].isdigit())
        closed_year = values.get(f"hazard.closed{year}", 0)
        on_time = values.get(f"hazard.closed{year}.on_time", 0)
        stock, cleared, increment = _stock(values, year)
        due = closed_year + late[org_id]
        tasks = ended.get(org_id, {})
        tasks_due, tasks_done, tasks_on_time = (tasks.get(m, 0) for m in TASK_METRICS)
        result[org_id] = {
            "open_general": values.get("hazard.open.general", 0),
            "open_major": values.get("hazard.open.major", 0),
            "overdue": late[org_id],
            "listed_open": values.get("hazard.listed_open", 0),
            "closed_this_year": closed_year,
            "closed_on_time_this_year": on_time,
            "rectification_due": due,
            "rectification_rate": percent(on_time, due),
            "average_days_to_close": round(values.get("hazard.closed_days_total", 0) / closed_all, 1)
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
            "tasks_overdue": past.get(org_id, {}).get("task.due", 0) - past.get(org_id, {}).get("task.done", 0),
        }
    return result


def month_starts(today: date, months: int = 12) -> list[date]:
    first = today.replace(day=1)
    starts = []
    for back in range(months - 1, -1, -1):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        starts.append(date(year, month + 1, 1))
    return starts


def trend(org: Any, today: date, months: int = 12) -> list[dict[str, Any]]:
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


def top_categories(org: Any, limit: int = 5) -> list[dict[str, Any]]:
    """The categories with the most open hazards."""
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


def clear_to_zero_figures(org: Any, today: date) -> dict[str, Any]:
    """The ledger's clear-to-zero line (动态清零) from the counters, in the shape of hazards.stats.clear_to_zero."""
    values = hazard_figures([org], today)[org.pk]
    closed = figures([org.pk], [f"hazard.found{today.year}.closed{today.year}"]).get(org.pk, {})
    stock, cleared = values["stock"], values["stock_cleared"]
    return {
        "year": today.year,
        "open_major": values["open_major"],
        "stock": stock,
        "stock_cleared": cleared,
        "stock_cleared_rate": round(cleared * 100 / stock, 1) if stock else None,
        "increment": values["increment"],
        "increment_closed": sum(closed.values()),
    }


# --- the schools under a node (map colours, warnings) ------------------------------------------------------


def _school_counters(org: Any) -> Any:
    return Counter.objects.filter(subtree_q("org__path", org.path), org__level=Level.SCHOOL)


def school_counts(org: Any, today: date, soon_days: int = 7) -> dict[int, dict[str, int]]:
    """Per school under `org` (only schools with any): open, overdue, listed overdue or due soon, overdue tasks."""
    result: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
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
    return {org_id: dict(values) for org_id, values in result.items() if any(values.values())}


def school_colour(values: dict[str, int] | None) -> int:
    """0 red: an open major hazard or an overdue listed one; 1 orange: overdue; 2 yellow: open; 3 green."""
    if not values:
        return 3
    if values.get("open_major") or values.get("listed_overdue"):
        return 0
    if values.get("overdue_general") or values.get("overdue_major"):
        return 1
    if values.get("open_general"):
        return 2
    return 3


# --- the bimonthly review -----------------------------------------------------------------------------------

MONTH_METRICS = ("hazard.found_month", "hazard.closed_month", "hazard.on_time_month")


def period_figures(orgs: list[Any], period: Any, today: date) -> dict[int, dict[str, Any]]:
    """Found, closed and closed on time in the period, inspections due in it, and the open and overdue now."""
    ids = [org.pk for org in orgs]
    now = hazard_figures(orgs, today)
    months = dated_sums(ids, MONTH_METRICS, first=period.first, last=period.last)
    tasks = dated_sums(ids, TASK_METRICS, first=period.first, last=min(period.last, today - timedelta(days=1)))
    result = {}
    for org_id in ids:
        got = {**months.get(org_id, {}), **tasks.get(org_id, {})}
        current = now[org_id]
        result[org_id] = {
            "found": got.get("hazard.found_month", 0),
            "closed": got.get("hazard.closed_month", 0),
            "closed_on_time": got.get("hazard.on_time_month", 0),
            "open_now": current["open_general"] + current["open_major"],
            "overdue_now": current["overdue"],
            "tasks_due": got.get("task.due", 0),
            "tasks_done": got.get("task.done", 0),
            "tasks_on_time": got.get("task.on_time", 0),
        }
    return result


def notable_hazards(org: Any, period: Any, limit: int) -> list[dict[str, Any]]:
    """The major hazards found in the period, the open ones first: plain rows, so a frozen review keeps them."""
    from django.db.models import Case, IntegerField, Value, When

    from .models import Hazard

    rows = (
        Hazard.objects.within(org.path)
        .exclude(state="draft")
        .filter(level="major", found_at__date__gte=period.first, found_at__date__lte=period.last)
        .select_related("school", "listed_by")
        .annotate(still_open=Case(When(state="closed", then=Value(1)), default=Value(0), output_field=IntegerField()))
        .order_by("still_open", "deadline", "pk")[:limit]
    )
    return [
        {
            "pk": h.pk,
            "number": h.number,
            "school": h.school.name,
            "place": h.place,
            "description": h.description,
            "found_at": h.found_at.isoformat(),
            "deadline": h.deadline.isoformat() if h.deadline else None,
            "state": str(h.get_state_display()),
            "listed_by": h.listed_by.name if h.listed_by_id else "",
        }
        for h in rows
    ]

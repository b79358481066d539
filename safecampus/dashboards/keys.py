"""What each record contributes to the counter store: a tally of (metric, day) keys for its current state.

A step computes a record's keys before and after and applies the difference.
Dated keys (day set) let a reader sum a range — overdue is the open hazards
whose deadline day is before today, so it needs no job when a deadline passes.
Later record types (incidents, risks, drills) add their own function here.
"""

from __future__ import annotations

from collections import Counter as Tally
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

Key = tuple[str, date | None]
OPEN = ("reported", "rectifying", "submitted")
TZ = ZoneInfo(settings.TIME_ZONE)

# Which fields the recount reads, per record type.
HAZARD_FIELDS = (
    "org_path",
    "state",
    "level",
    "area",
    "found_at",
    "deadline",
    "listed_by_id",
    "closed_at",
    "closed_on_time",
)
TASK_FIELDS = ("org_path", "due_date", "done_at")


def local_day(moment: Any) -> date:
    return moment.astimezone(TZ).date()


def month_of(moment: Any) -> date:
    return local_day(moment).replace(day=1)


def hazard_keys(hazard: Any) -> Tally:
    """The counter keys a hazard adds in its current state (drafts count for nothing)."""
    keys: Tally = Tally()
    state = hazard.state
    if state == "draft":
        return keys
    keys[(f"hazard.state.{state}", None)] += 1
    found_year = local_day(hazard.found_at).year
    keys[("hazard.found_month", month_of(hazard.found_at))] += 1
    if state in OPEN:
        keys[(f"hazard.open.{hazard.level}", None)] += 1
        keys[(f"hazard.open_area.{hazard.area}", None)] += 1
        if hazard.deadline is not None:
            keys[(f"hazard.open_deadline.{hazard.level}", hazard.deadline)] += 1
            # Overdue = open with a deadline − those due today or later: a few future days, not years of past ones.
            keys[(f"hazard.open_dated.{hazard.level}", None)] += 1
        if hazard.listed_by_id:
            keys[("hazard.listed_open", None)] += 1
            if hazard.deadline is not None:
                keys[("hazard.listed_deadline", hazard.deadline)] += 1
        # Stock and increment by year: found year × (open | closed year).
        keys[(f"hazard.found{found_year}.open", None)] += 1
    else:
        closed_year = local_day(hazard.closed_at).year if hazard.closed_at else found_year
        keys[(f"hazard.found{found_year}.closed{closed_year}", None)] += 1
        keys[(f"hazard.closed{closed_year}", None)] += 1
        if hazard.closed_on_time:
            keys[(f"hazard.closed{closed_year}.on_time", None)] += 1
        if hazard.closed_at is not None:
            keys[("hazard.closed_month", month_of(hazard.closed_at))] += 1
            if hazard.closed_on_time:
                keys[("hazard.on_time_month", month_of(hazard.closed_at))] += 1
            keys[("hazard.closed_days_total", None)] += max(0, (hazard.closed_at - hazard.found_at).days)
    keys[(f"hazard.found{found_year}.{hazard.level}", None)] += 1
    return keys


def task_keys(task: Any) -> Tally:
    """An inspection task counts by its due day: due, done, done on time (completeness and timeliness)."""
    keys: Tally = Tally()
    keys[("task.due", task.due_date)] += 1
    if task.done_at is not None:
        keys[("task.done", task.due_date)] += 1
        if local_day(task.done_at) <= task.due_date:
            keys[("task.on_time", task.due_date)] += 1
    return keys


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
    for fault in ("late", "omitted", "false", "concealed"):
        if getattr(incident, f"is_{fault}"):
            keys[(f"incident.y{year}.fault.{fault}", None)] += 1
    if incident.state != "closed":
        keys[("incident.open", None)] += 1
    return keys

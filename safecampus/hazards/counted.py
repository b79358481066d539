"""What hazards and due inspections add to the counter store (core.counting).

`hazard_keys` is the definition; `hazard_sql` states the same keys as SQL GROUP
BYs so a recount of millions of hazards runs inside the database (local days
in the platform's time zone through Django's own per-database date functions).
tests/test_recompute.py holds the two to the same result on varied hazards,
including moments around local midnight and the turn of the year: a change to
`hazard_keys` needs the same change in `hazard_sql`, or that test fails.
"""

from __future__ import annotations

from collections import Counter as Tally
from typing import Any

from safecampus.core import recount as sql
from safecampus.core.counting import CountedKind, local_day, month_of, register

from .models import OPEN_STATES, Hazard, HazardState, InspectionTask

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


def hazard_keys(hazard: Any) -> Tally:
    """The counter keys a hazard adds in its current state (drafts count for nothing)."""
    keys: Tally = Tally()
    state = hazard.state
    if state == HazardState.DRAFT:
        return keys
    keys[(f"hazard.state.{state}", None)] += 1
    found_year = local_day(hazard.found_at).year
    keys[("hazard.found_month", month_of(hazard.found_at))] += 1
    if state in OPEN_STATES:
        keys[(f"hazard.open.{hazard.level}", None)] += 1
        keys[(f"hazard.open_area.{hazard.area}", None)] += 1
        if hazard.deadline is not None:
            # An open hazard counts on its deadline day: overdue = open with a deadline − those due today or later
            # (a few future days to sum, not years of past ones).
            keys[(f"hazard.open_deadline.{hazard.level}", hazard.deadline)] += 1
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


def _hazard_rows(where: str) -> tuple[str, list[Any]]:
    """One row per hazard with what its keys depend on: open or not, listed or not, and the local month and year it
    was found and closed in, worked out once per hazard (not once per key that needs them)."""
    found_day, found_params = sql.local_date("found_at")
    closed_day, closed_params = sql.local_date("closed_at")
    open_list = ", ".join(f"'{state}'" for state in OPEN_STATES)
    query = f"""
        SELECT org_path, state, level, area, deadline, closed_on_time, is_open, listed, days,
               {sql.month("found_day")} AS found_month, {sql.month("closed_day")} AS closed_month,
               {sql.year("found_day")} AS found_year,
               COALESCE({sql.year("closed_day")}, {sql.year("found_day")}) AS closed_year
        FROM (
            SELECT org_path, state, level, area, deadline, closed_on_time,
                   CASE WHEN state IN ({open_list}) THEN 1 ELSE 0 END AS is_open,
                   CASE WHEN listed_by_id IS NULL THEN 0 ELSE 1 END AS listed,
                   {found_day} AS found_day, {closed_day} AS closed_day,
                   CASE WHEN closed_at IS NULL THEN 0 ELSE {sql.whole_days("closed_at", "found_at")} END AS days
            FROM {Hazard._meta.db_table}
            WHERE state <> '{HazardState.DRAFT}' {where}
        ) hazard
    """
    return query, [*found_params, *closed_params]


def _hazard_groups(source: str) -> str:
    """hazard_keys as GROUP BYs over the rows of `_hazard_rows`: org_path, metric, day, value. Each groups by the
    plain columns its metric and day are made of, so a metric's name is written once per group, not per hazard."""
    found_year, closed_year = sql.text("found_year"), sql.text("closed_year")
    is_open, closed = "is_open = 1", "is_open = 0"
    parts = [
        ("'hazard.state.' || state", "NULL", "COUNT(*)", "", ["state"]),
        ("'hazard.found_month'", "found_month", "COUNT(*)", "", ["found_month"]),
        ("'hazard.open.' || level", "NULL", "COUNT(*)", is_open, ["level"]),
        ("'hazard.open_area.' || area", "NULL", "COUNT(*)", is_open, ["area"]),
        (
            "'hazard.open_deadline.' || level",
            "deadline",
            "COUNT(*)",
            f"{is_open} AND deadline IS NOT NULL",
            ["level", "deadline"],
        ),
        ("'hazard.open_dated.' || level", "NULL", "COUNT(*)", f"{is_open} AND deadline IS NOT NULL", ["level"]),
        ("'hazard.listed_open'", "NULL", "COUNT(*)", f"{is_open} AND listed = 1", []),
        (
            "'hazard.listed_deadline'",
            "deadline",
            "COUNT(*)",
            f"{is_open} AND listed = 1 AND deadline IS NOT NULL",
            ["deadline"],
        ),
        (f"'hazard.found' || {found_year} || '.open'", "NULL", "COUNT(*)", is_open, ["found_year"]),
        (
            f"'hazard.found' || {found_year} || '.closed' || {closed_year}",
            "NULL",
            "COUNT(*)",
            closed,
            ["found_year", "closed_year"],
        ),
        (f"'hazard.closed' || {closed_year}", "NULL", "COUNT(*)", closed, ["closed_year"]),
        (
            f"'hazard.closed' || {closed_year} || '.on_time'",
            "NULL",
            "COUNT(*)",
            f"{closed} AND closed_on_time",
            ["closed_year"],
        ),
        (
            "'hazard.closed_month'",
            "closed_month",
            "COUNT(*)",
            f"{closed} AND closed_month IS NOT NULL",
            ["closed_month"],
        ),
        (
            "'hazard.on_time_month'",
            "closed_month",
            "COUNT(*)",
            f"{closed} AND closed_month IS NOT NULL AND closed_on_time",
            ["closed_month"],
        ),
        ("'hazard.closed_days_total'", "NULL", "SUM(days)", f"{closed} AND closed_month IS NOT NULL", []),
        (f"'hazard.found' || {found_year} || '.' || level", "NULL", "COUNT(*)", "", ["found_year", "level"]),
    ]
    return sql.union(source, parts)


def hazard_sql(path: str | None) -> tuple[str, list[Any]]:
    """SQL for (org_path, metric, day, value): the keys of the hazards of each node, one row per key."""
    where, params = sql.subtree_sql("org_path", path)
    hazards, hazard_params = _hazard_rows(where)
    return f"WITH h AS ({hazards}) {_hazard_groups('h')}", [*hazard_params, *params]


def task_keys(task: Any) -> Tally:
    """A due inspection counts by its due day: due, done, done on time (completeness and timeliness)."""
    keys: Tally = Tally()
    keys[("task.due", task.due_date)] += 1
    if task.done_at is not None:
        keys[("task.done", task.due_date)] += 1
        if local_day(task.done_at) <= task.due_date:
            keys[("task.on_time", task.due_date)] += 1
    return keys


HAZARDS = register(
    CountedKind(
        key="hazard",
        model=Hazard,
        keys=hazard_keys,
        fields=HAZARD_FIELDS,
        prefixes=("hazard.",),
        records=lambda: Hazard.objects.exclude(state=HazardState.DRAFT),
        sql=hazard_sql,
    )
)
TASKS = register(
    CountedKind(
        key="inspection_task",
        model=InspectionTask,
        keys=task_keys,
        fields=("org_path", "due_date", "done_at"),
        prefixes=("task.",),
    )
)

"""The hazard counters of every node recomputed inside the database: one INSERT … SELECT.

`keys.py` defines what a record counts for. Asking it for each of millions of
hazards costs minutes, so this module states `hazard_keys` again as SQL
GROUP BYs (local days in the platform's time zone through Django's own
per-database date functions) and rolls them up the tree by path prefix. Other
record types are few and keep going through `keys.py` (see `counters.expected`).
`tests/test_recompute.py` holds both to the same result on varied hazards,
including moments around local midnight and the turn of the year: a change to
`hazard_keys` needs the same change here, or that test fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.conf import settings
from django.db import connection

from safecampus.core.paths import path_upper_bound
from safecampus.orgs.models import OrgUnit

from .keys import OPEN
from .models import Counter

Row = tuple[int, str, date | None, int]


def supported() -> bool:
    return connection.vendor in ("postgresql", "sqlite")


def _local_date(column: str) -> tuple[str, tuple[Any, ...]]:
    return connection.ops.datetime_cast_date_sql(column, (), settings.TIME_ZONE)


def _month(day: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(DATE_TRUNC('month', CAST({day} AS timestamp)) AS date)"
    return f"DATE({day}, 'start of month')"


def _year(day: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {day}) AS integer)"
    return f"CAST(STRFTIME('%%Y', {day}) AS integer)"


def whole_days(end: str, start: str) -> str:
    """`max(0, (end - start).days)`: whole days, never negative (timedelta.days floors)."""
    if connection.vendor == "postgresql":
        span = f"CAST(FLOOR(EXTRACT(EPOCH FROM ({end} - {start})) / 86400) AS bigint)"
    else:
        span = f"(django_timestamp_diff({end}, {start}) / 86400000000)"
    return f"CASE WHEN {end} > {start} THEN {span} ELSE 0 END"


def _text(sql: str) -> str:
    return f"CAST({sql} AS varchar)" if connection.vendor == "postgresql" else sql


def _hazard_rows(where: str) -> tuple[str, list[Any]]:
    """One row per hazard with what its keys depend on (local found/closed day, open or not)."""
    from safecampus.hazards.models import Hazard

    found_day, found_params = _local_date("found_at")
    closed_day, closed_params = _local_date("closed_at")
    open_list = ", ".join(f"'{state}'" for state in OPEN)
    sql = f"""
        SELECT org_path, state, level, area, deadline, listed_by_id, closed_on_time,
               CASE WHEN state IN ({open_list}) THEN 1 ELSE 0 END AS is_open,
               {found_day} AS found_day, {closed_day} AS closed_day,
               CASE WHEN closed_at IS NULL THEN 0 ELSE {whole_days("closed_at", "found_at")} END AS days
        FROM {Hazard._meta.db_table}
        WHERE state <> 'draft' {where}
    """
    return sql, [*found_params, *closed_params]


def _hazard_keys(source: str) -> str:
    """hazard_keys as GROUP BYs over the rows of `_hazard_rows` (named h): org_path, metric, day, value."""
    found_year = _text(_year("found_day"))
    closed_year = _text(f"COALESCE({_year('closed_day')}, {_year('found_day')})")
    parts = [
        ("'hazard.state.' || state", "NULL", "COUNT(*)", ""),
        ("'hazard.found_month'", _month("found_day"), "COUNT(*)", ""),
        ("'hazard.open.' || level", "NULL", "COUNT(*)", "is_open = 1"),
        ("'hazard.open_area.' || area", "NULL", "COUNT(*)", "is_open = 1"),
        ("'hazard.open_deadline.' || level", "deadline", "COUNT(*)", "is_open = 1 AND deadline IS NOT NULL"),
        ("'hazard.open_dated.' || level", "NULL", "COUNT(*)", "is_open = 1 AND deadline IS NOT NULL"),
        ("'hazard.listed_open'", "NULL", "COUNT(*)", "is_open = 1 AND listed_by_id IS NOT NULL"),
        (
            "'hazard.listed_deadline'",
            "deadline",
            "COUNT(*)",
            "is_open = 1 AND listed_by_id IS NOT NULL AND deadline IS NOT NULL",
        ),
        (f"'hazard.found' || {found_year} || '.open'", "NULL", "COUNT(*)", "is_open = 1"),
        (f"'hazard.found' || {found_year} || '.closed' || {closed_year}", "NULL", "COUNT(*)", "is_open = 0"),
        (f"'hazard.closed' || {closed_year}", "NULL", "COUNT(*)", "is_open = 0"),
        (f"'hazard.closed' || {closed_year} || '.on_time'", "NULL", "COUNT(*)", "is_open = 0 AND closed_on_time"),
        ("'hazard.closed_month'", _month("closed_day"), "COUNT(*)", "is_open = 0 AND closed_day IS NOT NULL"),
        (
            "'hazard.on_time_month'",
            _month("closed_day"),
            "COUNT(*)",
            "is_open = 0 AND closed_day IS NOT NULL AND closed_on_time",
        ),
        ("'hazard.closed_days_total'", "NULL", "SUM(days)", "is_open = 0 AND closed_day IS NOT NULL"),
        (f"'hazard.found' || {found_year} || '.' || level", "NULL", "COUNT(*)", ""),
    ]
    return _union(source, parts)


def _constant(sql: str) -> bool:
    return sql == "NULL" or (sql.startswith("'") and "||" not in sql)


def _union(source: str, parts: list[tuple[str, str, str, str]]) -> str:
    selects = []
    for metric, day, value, condition in parts:
        where = f"WHERE {condition}" if condition else ""
        # PostgreSQL refuses constants in GROUP BY: group by the parts that come from the row.
        group = ", ".join(["org_path"] + [part for part in (metric, day) if not _constant(part)])
        select = f"SELECT org_path, {metric} AS metric, {day} AS day, {value} AS value"
        selects.append(f"{select} FROM {source} {where} GROUP BY {group}")
    return "\nUNION ALL\n".join(selects)


def _own_query(path: str | None) -> tuple[str, list[Any]]:
    """SQL for (org_path, metric, day, value): the keys of the hazards of each node, one row per key."""
    where, params = "", []
    if path:
        where, params = "AND org_path >= %s AND org_path < %s", [path, path_upper_bound(path)]
    hazards, hazard_params = _hazard_rows(where)
    return f"WITH h AS ({hazards}) {_hazard_keys('h')}", [*hazard_params, *params]


def _levels(path: str | None, source: str) -> list[str]:
    """One SELECT (org_id, metric, day, value) per tree level, summing the rows of `source` below each node.

    A node has one path length, so no two levels give the same node. The deepest
    nodes have nothing below them, and `source` holds one row per path and key.
    """
    step = OrgUnit.steplen
    longest = OrgUnit.objects.order_by("-depth").values_list("depth", flat=True).first() or 0
    shallowest = len(path) // step if path else 1
    table = OrgUnit._meta.db_table
    levels = [
        f"SELECT o.id, own.metric, own.day, SUM(own.value) AS value FROM {source} own "
        f"JOIN {table} o ON o.path = SUBSTR(own.org_path, 1, {depth * step}) "
        f"WHERE LENGTH(own.org_path) >= {depth * step} "
        f"GROUP BY o.id, own.metric, own.day HAVING SUM(own.value) <> 0"
        for depth in range(shallowest, longest)
    ]
    if longest >= shallowest:
        levels.append(
            f"SELECT o.id, own.metric, own.day, own.value FROM {source} own JOIN {table} o ON o.path = own.org_path "
            f"WHERE LENGTH(own.org_path) = {longest * step} AND own.value <> 0"
        )
    return levels


def counter_query(path: str | None = None) -> tuple[str, list[Any]]:
    """SQL for (org_id, metric, day, value) of the hazard counters of every node (or of one subtree), zeros left out."""
    own, params = _own_query(path)
    levels = _levels(path, "own") or ["SELECT 0, '', NULL, 0 WHERE 1 = 0"]
    return f"WITH own (org_path, metric, day, value) AS ({own}) {' UNION ALL '.join(levels)}", params


def rows(path: str | None = None) -> Iterator[Row]:
    """The recomputed hazard counters as (org_id, metric, day, value), streamed."""
    sql, params = counter_query(path)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(10_000):
            for org_id, metric, day, value in chunk:
                if isinstance(day, str):  # SQLite gives dates as text
                    day = date.fromisoformat(day)
                yield org_id, metric, day, int(value)


def insert(path: str | None = None) -> int:
    """Write the recomputed hazard counters (the caller has deleted the old ones in the same transaction).

    The keys per node go to a temporary table first, so each level is one INSERT
    that the planner sizes right (hashing millions of rows, sorting only the
    result), and rows arrive in index order: each index grows at its end.
    """
    own, params = _own_query(path)
    table = Counter._meta.db_table
    postgresql = connection.vendor == "postgresql"
    # Sorting by bytes is the index's order for these ASCII names, and far cheaper than by locale.
    metric = 'own.metric COLLATE "C"' if postgresql else "own.metric"
    written = 0
    with connection.cursor() as cursor:
        if postgresql:
            # A compile step per query costs more than it saves here; big groupings stay in memory.
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL work_mem = '256MB'")
            # Check the foreign keys statement by statement while the rows are at hand, not all at commit.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("DROP TABLE IF EXISTS recount_keys")
        cursor.execute(f"CREATE TEMPORARY TABLE recount_keys AS {own}", params)
        if postgresql:
            cursor.execute("ANALYZE recount_keys")
        for level in _levels(path, "recount_keys"):
            cursor.execute(
                f"INSERT INTO {table} (org_id, metric, day, value) "
                f"SELECT * FROM ({level}) own ORDER BY own.id, {metric}, own.day"
            )
            written += cursor.rowcount
        cursor.execute("DROP TABLE recount_keys")
    return written

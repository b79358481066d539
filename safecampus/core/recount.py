"""Recount: every registered kind's counters recomputed from the records, compared with the stored ones, rewritten.

A kind that states its keys as SQL (`CountedKind.sql`) is recounted inside the
database: its rows per node are written to a temporary table, then rolled up
the tree level by level (a node holds its whole subtree). Other kinds are asked
record by record through their `keys` function.
"""

from __future__ import annotations

import contextlib
from collections import Counter as Tally
from collections import defaultdict
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Max, Q

from .bulkload import indexes_after, insert_rows
from .counting import VERSION, CountedKind, kinds
from .models import Counter
from .paths import STEPLEN, ancestor_paths, path_upper_bound, subtree_q

Row = tuple[int, str, date | None, int]
Totals = dict[tuple[int, str, date | None], int]


def _tree() -> Any:
    return Counter._meta.get_field("org").related_model


def supported() -> bool:
    """The SQL recount runs on the two databases the platform supports."""
    return connection.vendor in ("postgresql", "sqlite")


def _records(kind: CountedKind, path: str | None) -> Any:
    records = kind.queryset()
    return records.filter(subtree_q(kind.path_field, path)) if path else records


def expected_from_keys(path: str | None = None, only: list[CountedKind] | None = None) -> Totals:
    """The counters of every node (or of one subtree) by asking each kind's `keys` record by record."""
    per_school: dict[str, Tally] = defaultdict(Tally)
    for kind in only if only is not None else list(kinds):
        for row in _records(kind, path).values(*kind.fields).iterator(chunk_size=5000):
            per_school[row[kind.path_field]].update(kind.keys(_Row(row)))
    ids = dict(_tree().objects.values_list("path", "pk"))
    totals: Totals = defaultdict(int)
    for school_path, keys in per_school.items():
        for node_path in ancestor_paths(school_path):
            node = ids.get(node_path)
            if node is None or (path and not node_path.startswith(path)):
                continue
            for (metric, day), value in keys.items():
                totals[(node, metric, day)] += value
    return {key: value for key, value in totals.items() if value}


class _Row:
    def __init__(self, row: dict[str, Any]) -> None:
        self.__dict__.update(row)


def _by_sql() -> list[CountedKind]:
    return [kind for kind in kinds if kind.sql is not None] if supported() else []


def expected(path: str | None = None) -> Totals:
    """Recompute every counter from the records: SQL kinds inside the database, the others through `keys`."""
    sql_kinds = _by_sql()
    totals: Totals = {}
    for kind in sql_kinds:
        totals.update({(org, metric, day): value for org, metric, day, value in rows(kind, path)})
    totals.update(expected_from_keys(path, only=[kind for kind in kinds if kind not in sql_kinds]))
    return totals


def _owned(only: list[CountedKind] | None = None) -> Q:
    condition = Q(pk__in=[])
    for kind in kinds if only is None else only:
        for prefix in kind.prefixes:
            condition |= Q(metric__startswith=prefix)
    return condition


def drift(path: str | None = None) -> list[tuple[int, str, date | None, int, int]]:
    """(org, metric, day, stored, expected) for every counter that disagrees with the records."""
    want = expected(path)
    stored = Counter.objects.filter(_owned())
    if path:
        stored = stored.filter(subtree_q("org__path", path))
    rows = stored.values_list("org_id", "metric", "day", "value").iterator(chunk_size=10_000)
    have = {(org, metric, day): value for org, metric, day, value in rows}
    problems = [
        (*key, have.get(key, 0), want.get(key, 0))
        for key in set(want) | set(have)
        if want.get(key, 0) != have.get(key, 0)
    ]
    return sorted(problems, key=lambda p: (p[0], p[1], str(p[2])))


@transaction.atomic
def rebuild(path: str | None = None, *, loading: bool = False) -> int:
    """Replace the stored counters by the ones recomputed from the records; every cached dashboard retires.
    `loading`: nobody reads the counters yet (the demo seed), so the table may be loaded in bulk even though some
    seeders already counted a few records through the services."""
    stored = Counter.objects.filter(_owned())
    if path:
        stored = stored.filter(subtree_q("org__path", path))
    sql_kinds = _by_sql()
    # A first build of the SQL kinds' counters (a new database, the demo seed) is a bulk load: the table's indexes and
    # key checks wait for its last row (core.bulkload.indexes_after). A rebuild of counters that readers use keeps
    # the table readable throughout, so it writes through the indexes.
    first = path is None and bool(sql_kinds) and (loading or not Counter.objects.filter(_owned(sql_kinds)).exists())
    stored._raw_delete(stored.db)  # nothing cascades from a counter, and millions go at once
    with indexes_after(Counter) if first else contextlib.nullcontext():
        written = sum(insert(kind, path) for kind in sql_kinds)
        # The other kinds' counters join the same load as plain rows (COPY on PostgreSQL): through `bulk_create`
        # (a model instance per counter, written into the rebuilt indexes) they took four times as long.
        others = expected_from_keys(path, only=[k for k in kinds if k not in sql_kinds])
        rows = ((org, metric, day, value) for (org, metric, day), value in others.items())
        written += insert_rows(Counter, ("org_id", "metric", "day", "value"), rows)
    _new_versions(path)
    return written


def _new_versions(path: str | None) -> None:
    """Every node of the rebuilt subtree gets a version it never had, so no cached dashboard survives."""
    tree = _tree()
    nodes = tree.objects.all() if path is None else tree.objects.filter(subtree_q("path", path))
    versions = Counter.objects.filter(metric=VERSION[0], day__isnull=True)
    if path:
        versions = versions.filter(subtree_q("org__path", path))
    highest = versions.aggregate(top=Max("value"))["top"] or 0
    versions.update(value=highest + 1)
    have = set(versions.values_list("org_id", flat=True))
    missing = [
        Counter(org_id=pk, metric=VERSION[0], day=None, value=highest + 1)
        for pk in nodes.values_list("pk", flat=True)
        if pk not in have
    ]
    Counter.objects.bulk_create(missing, batch_size=5000)


# --- the SQL path -------------------------------------------------------------------


def _levels(path: str | None, source: str) -> list[str]:
    """One SELECT (org_id, metric, day, value) per tree level, summing the rows of `source` below each node.

    A node has one path length, so no two levels give the same node. The deepest
    nodes have nothing below them, and `source` holds one row per path and key.
    """
    tree = _tree()
    longest = tree.objects.order_by("-depth").values_list("depth", flat=True).first() or 0
    shallowest = len(path) // STEPLEN if path else 1
    table = tree._meta.db_table
    levels = [
        f"SELECT o.id, own.metric, own.day, SUM(own.value) AS value FROM {source} own "
        f"JOIN {table} o ON o.path = SUBSTR(own.org_path, 1, {depth * STEPLEN}) "
        f"WHERE LENGTH(own.org_path) >= {depth * STEPLEN} "
        f"GROUP BY o.id, own.metric, own.day HAVING SUM(own.value) <> 0"
        for depth in range(shallowest, longest)
    ]
    if longest >= shallowest:
        levels.append(
            f"SELECT o.id, own.metric, own.day, own.value FROM {source} own JOIN {table} o ON o.path = own.org_path "
            f"WHERE LENGTH(own.org_path) = {longest * STEPLEN} AND own.value <> 0"
        )
    return levels


def subtree_sql(column: str, path: str | None) -> tuple[str, list[Any]]:
    """`AND column in the subtree` for a kind's SQL (empty for the whole tree)."""
    if not path:
        return "", []
    return f"AND {column} >= %s AND {column} < %s", [path, path_upper_bound(path)]


def counter_query(kind: CountedKind, path: str | None = None) -> tuple[str, list[Any]]:
    """SQL for (org_id, metric, day, value) of the kind's counters of every node (or one subtree), zeros left out."""
    own, params = kind.sql(path)  # type: ignore[misc]
    levels = _levels(path, "own") or ["SELECT 0, '', NULL, 0 WHERE 1 = 0"]
    return f"WITH own (org_path, metric, day, value) AS ({own}) {' UNION ALL '.join(levels)}", params


def rows(kind: CountedKind, path: str | None = None) -> Any:
    """The kind's recomputed counters as (org_id, metric, day, value), streamed."""
    sql, params = counter_query(kind, path)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(10_000):
            for org_id, metric, day, value in chunk:
                if isinstance(day, str):  # SQLite gives dates as text
                    day = date.fromisoformat(day)
                yield org_id, metric, day, int(value)


def insert(kind: CountedKind, path: str | None = None) -> int:
    """Write the kind's recomputed counters (the caller deleted the old ones in the same transaction).

    The keys per node go to a temporary table first, so each level is one INSERT
    that the planner sizes right (hashing millions of rows, sorting only the
    result), and rows arrive in index order: each index grows at its end.
    """
    own, params = kind.sql(path)  # type: ignore[misc]
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


# --- SQL helpers for a kind's keys (local days in the platform's time zone, per database) ----------------


def local_date(column: str) -> tuple[str, tuple[Any, ...]]:
    from django.conf import settings

    return connection.ops.datetime_cast_date_sql(column, (), settings.TIME_ZONE)


def month(day: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(DATE_TRUNC('month', CAST({day} AS timestamp)) AS date)"
    return f"DATE({day}, 'start of month')"


def year(day: str) -> str:
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


def text(sql: str) -> str:
    return f"CAST({sql} AS varchar)" if connection.vendor == "postgresql" else sql


def _constant(sql: str) -> bool:
    return sql == "NULL" or (sql.startswith("'") and "||" not in sql)


def union(source: str, parts: list[tuple[Any, ...]]) -> str:
    """GROUP BYs over `source`, one per (metric, day, value, condition[, columns]) part: rows (org_path, metric, day,
    value). A part that names the plain columns its metric and day are made of is grouped by them (cheaper than by
    the text of the metric, and the same groups when the metric tells its columns apart); else by the metric and
    day themselves."""
    selects = []
    for metric, day, value, condition, *columns in parts:
        where = f"WHERE {condition}" if condition else ""
        # PostgreSQL refuses constants in GROUP BY: group by the parts that come from the row.
        keys = columns[0] if columns else [part for part in (metric, day) if not _constant(part)]
        group = ", ".join(["org_path", *keys])
        select = f"SELECT org_path, {metric} AS metric, {day} AS day, {value} AS value"
        selects.append(f"{select} FROM {source} {where} GROUP BY {group}")
    return "\nUNION ALL\n".join(selects)

"""Counted records: what each record adds to the per-node counters, kept current inside the change's transaction.

An app declares, in its own `counted.py`, a `CountedKind` per model: the
function giving a record's keys — (metric, day) → amount — in its current
state, the fields that function reads, and the metric prefixes the kind owns.
The step mechanism (core.steps) tracks the keys of the locked record before a
step and applies the difference after it, to the record's node and every
ancestor; services that create or change counted records outside a step call
`track` and `changed` (or `created`) themselves. `core.recount` recomputes
every registered kind from the records. Dated keys (a day) let a reader sum a
range: an open hazard counts on its deadline day, so "overdue" is the sum of
the days before today and needs no job when a deadline passes.
"""

from __future__ import annotations

from collections import Counter as Tally
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q, QuerySet, Sum

from .bulkload import update_rows
from .models import Counter
from .paths import ancestor_paths
from .registry import Registry

Key = tuple[str, date | None]
VERSION: Key = ("version", None)


@dataclass(frozen=True)
class CountedKind:
    """One model whose records count on the tree."""

    key: str
    model: type
    keys: Callable[[Any], Tally]  # what one record adds in its current state
    fields: tuple[str, ...]  # the fields `keys` reads (a recount reads only these), incl. the path field
    prefixes: tuple[str, ...]  # the metrics this kind owns (a recount replaces exactly these)
    records: Callable[[], QuerySet] | None = None  # the records that count; default: all of the model's
    # The kind's keys as SQL: function(path or None) → (sql, params) of rows (org_path, metric, day, value),
    # so a recount of millions of records runs inside the database. Tests hold it equal to `keys`.
    sql: Callable[[str | None], tuple[str, list[Any]]] | None = None
    path_field: str = "org_path"
    order: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def queryset(self) -> QuerySet:
        return self.records() if self.records else self.model._default_manager.all()


kinds: Registry[CountedKind] = Registry("counted")


def register(kind: CountedKind) -> CountedKind:
    return kinds.register(kind.key, kind)


def kind_of(record: Any) -> CountedKind | None:
    for kind in kinds:
        if isinstance(record, kind.model):
            return kind
    return None


TZ = ZoneInfo(settings.TIME_ZONE)


def local_day(moment: Any) -> date:
    return moment.astimezone(TZ).date()


def month_of(moment: Any) -> date:
    return local_day(moment).replace(day=1)


# --- applying ---------------------------------------------------------------------


def track(record: Any) -> Tally:
    """The keys a record adds now (call on the locked row, before changing it)."""
    kind = kind_of(record)
    return kind.keys(record) if kind else Tally()


def changed(record: Any, before: Tally) -> None:
    """Apply the difference between the keys before and now to the record's node and its ancestors."""
    kind = kind_of(record)
    if kind is None:
        return
    after = kind.keys(record)
    delta: Tally = Tally()
    for key in set(before) | set(after):
        delta[key] = after.get(key, 0) - before.get(key, 0)
    apply(getattr(record, kind.path_field), delta)


def created(record: Any) -> None:
    changed(record, Tally())


def _ancestor_ids(path: str) -> list[int]:
    tree = Counter._meta.get_field("org").related_model
    return list(tree.objects.filter(path__in=ancestor_paths(path)).values_list("pk", flat=True))


def apply(path: str, delta: Tally) -> None:
    """Add `delta` to the counters of the node at `path` and all its ancestors (inside the caller's transaction)."""
    changes = {key: amount for key, amount in delta.items() if amount}
    if not changes:
        return
    changes[VERSION] = 1  # readers cache a node's dashboard until its subtree changes
    orgs = _ancestor_ids(path)
    for (metric, day), amount in changes.items():
        for org_id in orgs:
            _add(org_id, metric, day, amount)


def _add(org_id: int, metric: str, day: date | None, amount: int) -> None:
    rows = Counter.objects.filter(org_id=org_id, metric=metric, day=day).update(value=F("value") + amount)
    if rows:
        return
    try:
        with transaction.atomic():
            Counter.objects.create(org_id=org_id, metric=metric, day=day, value=amount)
    except IntegrityError:  # another transaction created it first
        Counter.objects.filter(org_id=org_id, metric=metric, day=day).update(value=F("value") + amount)


def apply_many(records: Iterable[Any]) -> None:
    """Count many new records at once (a plan's tasks): one write per node and key, not per record."""
    per_school: dict[str, Tally] = defaultdict(Tally)
    for record in records:
        kind = kind_of(record)
        if kind is not None:
            per_school[getattr(record, kind.path_field)].update(kind.keys(record))
    per_node: dict[str, Tally] = defaultdict(Tally)
    for path, delta in per_school.items():
        for node in ancestor_paths(path):
            per_node[node].update(delta)
    for delta in per_node.values():
        delta[VERSION] = 1
    tree = Counter._meta.get_field("org").related_model
    ids = dict(tree.objects.filter(path__in=list(per_node)).values_list("path", "pk"))
    wanted = {
        (ids[path], metric, day): amount
        for path, delta in per_node.items()
        if path in ids
        for (metric, day), amount in delta.items()
        if amount
    }
    _add_many(wanted)


def _add_many(wanted: dict[tuple[int, str, date | None], int]) -> None:
    """Add many amounts in a few statements: lock and update the rows that exist, create the others."""
    metrics = {metric for _org, metric, _day in wanted}
    orgs = sorted({org for org, _metric, _day in wanted})
    existing: dict[tuple[int, str, date | None], Counter] = {}
    with transaction.atomic():
        for start in range(0, len(orgs), 1000):
            rows = Counter.objects.select_for_update().filter(org_id__in=orgs[start : start + 1000], metric__in=metrics)
            for row in rows:
                existing[(row.org_id, row.metric, row.day)] = row
        updated, new = [], []
        for key, amount in wanted.items():
            if key in existing:
                existing[key].value += amount
                updated.append(existing[key])
            else:
                new.append(Counter(org_id=key[0], metric=key[1], day=key[2], value=amount))
        update_rows(Counter, ["value"], [(row.pk, row.value) for row in updated])
        Counter.objects.bulk_create(new, batch_size=5000)


# --- reading ------------------------------------------------------------------------


def figures(org_ids: Iterable[int], metrics: Iterable[str] = (), prefixes: Iterable[str] = ()) -> dict[int, dict]:
    """Undated counters of several nodes: {org_id: {metric: value}} for the named metrics and prefixes."""
    condition = Q(metric__in=list(metrics))
    for prefix in prefixes:
        condition |= Q(metric__startswith=prefix)
    result: dict[int, dict[str, int]] = defaultdict(dict)
    rows = Counter.objects.filter(condition, org_id__in=list(org_ids), day__isnull=True)
    for org_id, metric, value in rows.values_list("org_id", "metric", "value"):
        result[org_id][metric] = value
    return result


def dated_sums(
    org_ids: Iterable[int], metrics: Iterable[str], *, first: date | None = None, last: date | None = None
) -> dict[int, dict[str, int]]:
    """Dated counters summed over a range of days (inclusive bounds): {org_id: {metric: total}}."""
    rows = Counter.objects.filter(org_id__in=list(org_ids), metric__in=list(metrics))
    if first is not None:
        rows = rows.filter(day__gte=first)
    if last is not None:
        rows = rows.filter(day__lte=last)
    result: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows.values("org_id", "metric").annotate(total=Sum("value")):
        result[row["org_id"]][row["metric"]] = row["total"]
    return result


def totals(paths: Iterable[str], metrics: Iterable[str]) -> tuple[int, int]:
    """Undated counters summed over the nodes at `paths`, and over the roots (the whole tree), in one query.

    The subtrees must not overlap (`core.paths.outermost`), or records would count twice.
    """
    paths, metrics = list(paths), list(metrics)
    if not paths:
        return 0, 0
    nodes, roots = Q(org__path__in=paths), Q(org__depth=1)
    rows = Counter.objects.filter(nodes | roots, metric__in=metrics, day__isnull=True)
    found = rows.aggregate(part=Sum("value", filter=nodes), whole=Sum("value", filter=roots))
    return found["part"] or 0, found["whole"] or 0


def version_sql(org_id: str) -> tuple[str, list[Any]]:
    """`version` as an SQL expression (`org_id`: the SQL of the node's id) with its parameters, so a reader gets a
    node and its version in one query."""
    quote = connection.ops.quote_name
    column = {name: quote(Counter._meta.get_field(name).column) for name in ("org", "metric", "day", "value")}
    found = (
        f"SELECT c.{column['value']} FROM {quote(Counter._meta.db_table)} c WHERE c.{column['org']} = {org_id} "
        f"AND c.{column['metric']} = %s AND c.{column['day']} IS NULL"
    )
    return f"COALESCE(({found}), 0)", [VERSION[0]]


def version(org: Any) -> int:
    """A number that changes whenever anything in the node's subtree changes (for caches)."""
    found = Counter.objects.filter(org=org, metric=VERSION[0], day__isnull=True).values_list("value", flat=True)
    return found.first() or 0

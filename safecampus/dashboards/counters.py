"""The counter store: applying a record's deltas up the tree, reading, recounting.

What a record contributes is in `keys.py`. A step computes the keys before and
after and applies the difference to the school and every ancestor, in the
transaction of the step. `recount` recomputes everything from the records.
"""

from __future__ import annotations

from collections import Counter as Tally
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q, Sum

from safecampus.core.paths import subtree_q
from safecampus.orgs.models import OrgUnit

from . import recompute
from .keys import HAZARD_FIELDS, INCIDENT_FIELDS, TASK_FIELDS, hazard_keys, incident_keys, task_keys
from .models import Counter

__all__ = ["Tally", "apply", "apply_many", "changed", "drift", "figures", "hazard_keys", "overdue", "rebuild", "track"]

PREFIXES = ("hazard.", "task.", "incident.")
VERSION = ("version", None)


def ancestor_ids(path: str) -> list[int]:
    paths = [path[:end] for end in range(OrgUnit.steplen, len(path) + 1, OrgUnit.steplen)]
    return list(OrgUnit.objects.filter(path__in=paths).values_list("pk", flat=True))


def apply(path: str, delta: Tally) -> None:
    """Add `delta` to the counters of the node at `path` and all its ancestors (inside the caller's transaction)."""
    changes = {key: amount for key, amount in delta.items() if amount}
    if not changes:
        return
    changes[VERSION] = 1  # readers cache a node's dashboard until its subtree changes
    orgs = ancestor_ids(path)
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


def apply_many(deltas: Iterable[tuple[str, Tally]]) -> None:
    """Apply many records' deltas at once (bulk creation): one write per node and key."""
    per_school: dict[str, Tally] = defaultdict(Tally)
    for path, delta in deltas:
        per_school[path].update(delta)
    per_node: dict[str, Tally] = defaultdict(Tally)
    for path, delta in per_school.items():
        for end in range(OrgUnit.steplen, len(path) + 1, OrgUnit.steplen):
            per_node[path[:end]].update(delta)
    for delta in per_node.values():
        delta[VERSION] = 1
    ids = dict(OrgUnit.objects.filter(path__in=list(per_node)).values_list("path", "pk"))
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
        changed, created = [], []
        for key, amount in wanted.items():
            if key in existing:
                existing[key].value += amount
                changed.append(existing[key])
            else:
                created.append(Counter(org_id=key[0], metric=key[1], day=key[2], value=amount))
        Counter.objects.bulk_update(changed, ["value"], batch_size=2000)
        Counter.objects.bulk_create(created, batch_size=5000)


def track(record: Any, keys: Callable[[Any], Tally] = hazard_keys) -> Tally:
    """Remember a record's keys before a change (call on the locked row)."""
    return keys(record)


def changed(record: Any, before: Tally, keys: Callable[[Any], Tally] = hazard_keys) -> None:
    """Apply the difference between the keys before and now."""
    after = keys(record)
    delta: Tally = Tally()
    for key in set(before) | set(after):
        delta[key] = after.get(key, 0) - before.get(key, 0)
    apply(record.org_path, delta)


# --- reading ------------------------------------------------------------------


def figures(org: OrgUnit, metrics: Iterable[str]) -> dict[str, int]:
    rows = Counter.objects.filter(org=org, metric__in=list(metrics), day__isnull=True)
    return {metric: value for metric, value in rows.values_list("metric", "value")}


def overdue(org: OrgUnit, today: date, level: str | None = None) -> int:
    """Open hazards whose deadline is before today — exact at the moment a deadline passes."""
    levels = [level] if level else ["general", "major"]
    dated = Counter.objects.filter(org=org, metric__in=[f"hazard.open_dated.{lv}" for lv in levels], day__isnull=True)
    future = Counter.objects.filter(org=org, metric__in=[f"hazard.open_deadline.{lv}" for lv in levels], day__gte=today)
    return (dated.aggregate(total=Sum("value"))["total"] or 0) - (future.aggregate(total=Sum("value"))["total"] or 0)


# --- recounting -------------------------------------------------------------------


def _record_sources(path: str | None) -> list[tuple[Any, tuple[str, ...], Callable[[Any], Tally]]]:
    from safecampus.hazards.models import Hazard, InspectionTask
    from safecampus.incidents.models import Incident

    hazards = Hazard.objects.exclude(state="draft")
    tasks = InspectionTask.objects.all()
    incidents = Incident.objects.all()
    if path:
        hazards = hazards.within(path)
        tasks = tasks.filter(subtree_q("org_path", path))
        incidents = incidents.within(path)
    return [
        (hazards, HAZARD_FIELDS, hazard_keys),
        (tasks, TASK_FIELDS, task_keys),
        (incidents, INCIDENT_FIELDS, incident_keys),
    ]


def expected(path: str | None = None) -> dict[tuple[int, str, date | None], int]:
    """Recompute every counter from the records (for one subtree, or all); hazards inside the database."""
    if not recompute.supported():
        return expected_from_keys(path)
    totals = {(org, metric, day): value for org, metric, day, value in recompute.rows(path)}
    totals.update(expected_from_keys(path, skip=hazard_keys))  # other record types count under other metrics
    return totals


def expected_from_keys(
    path: str | None = None, skip: Callable[[Any], Tally] | None = None
) -> dict[tuple[int, str, date | None], int]:
    """The same by asking `keys.py` record by record (`skip`: leave out the records of that key function)."""
    per_school: dict[str, Tally] = defaultdict(Tally)
    for queryset, fields, keys in _record_sources(path):
        if keys is skip:
            continue
        for row in queryset.values(*fields).iterator(chunk_size=5000):
            per_school[row["org_path"]].update(keys(_Row(row)))
    ids = dict(OrgUnit.objects.values_list("path", "pk"))
    totals: dict[tuple[int, str, date | None], int] = defaultdict(int)
    for school_path, keys in per_school.items():
        for end in range(OrgUnit.steplen, len(school_path) + 1, OrgUnit.steplen):
            node = ids.get(school_path[:end])
            if node is None or (path and not school_path[:end].startswith(path)):
                continue
            for (metric, day), value in keys.items():
                totals[(node, metric, day)] += value
    return {key: value for key, value in totals.items() if value}


class _Row:
    def __init__(self, row: dict[str, Any]) -> None:
        self.__dict__.update(row)


def drift(path: str | None = None) -> list[tuple[int, str, date | None, int, int]]:
    """(org, metric, day, stored, expected) for every counter that disagrees with the records."""
    want = expected(path)
    stored = Counter.objects.all()
    if path:
        stored = stored.filter(subtree_q("org__path", path))
    rows = stored.filter(_derived()).values_list("org_id", "metric", "day", "value")
    have = {(org, metric, day): value for org, metric, day, value in rows.iterator(chunk_size=10_000)}
    problems = []
    for key in set(want) | set(have):
        if want.get(key, 0) != have.get(key, 0):
            problems.append((*key, have.get(key, 0), want.get(key, 0)))
    return sorted(problems, key=lambda p: (p[0], p[1], str(p[2])))


def _derived() -> Q:
    q = Q()
    for prefix in PREFIXES:
        q |= Q(metric__startswith=prefix)
    return q


@transaction.atomic
def rebuild(path: str | None = None) -> int:
    """Replace the stored counters by the ones recomputed from the records."""
    stored = Counter.objects.filter(_derived())
    if path:
        stored = stored.filter(subtree_q("org__path", path))
    stored._raw_delete(stored.db)  # nothing cascades from a counter, and millions go at once
    written = 0
    skip = None
    if recompute.supported():
        written, skip = recompute.insert(path), hazard_keys
    rows = [
        Counter(org_id=org, metric=metric, day=day, value=value)
        for (org, metric, day), value in expected_from_keys(path, skip=skip).items()
    ]
    Counter.objects.bulk_create(rows, batch_size=5000)
    _new_versions(path)
    return written + len(rows)


def _new_versions(path: str | None) -> None:
    """Every node of the rebuilt subtree gets a version it never had, so no cached dashboard survives."""
    nodes = OrgUnit.objects.all() if path is None else OrgUnit.objects.within(path)
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

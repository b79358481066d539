"""The counter store: what each record contributes, applying deltas up the tree, recounting.

A hazard contributes a fixed set of (metric, day) keys for its current state.
A step computes the keys before and after and applies the difference to the
school and every ancestor. Overdue needs no job: open hazards are counted by
deadline day, and "overdue today" sums the days before today.
"""

from __future__ import annotations

from collections import Counter as Tally
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum

from safecampus.core.scope import subtree_q
from safecampus.orgs.models import OrgUnit

from .models import Counter

Key = tuple[str, date | None]
OPEN = ("reported", "rectifying", "submitted")
TZ = ZoneInfo(settings.TIME_ZONE)


def _year(moment: Any) -> int:
    return moment.astimezone(TZ).year


def hazard_keys(hazard: Any) -> Tally:
    """The counter keys a hazard adds in its current state (drafts count for nothing)."""
    keys: Tally = Tally()
    state = hazard.state
    if state == "draft":
        return keys
    keys[(f"hazard.state.{state}", None)] += 1
    found_year = _year(hazard.found_at)
    if state in OPEN:
        keys[(f"hazard.open.{hazard.level}", None)] += 1
        if hazard.deadline is not None:
            keys[(f"hazard.open_deadline.{hazard.level}", hazard.deadline)] += 1
        if hazard.listed_by_id:
            keys[("hazard.listed_open", None)] += 1
        # Stock and increment by year: found year × (open) …
        keys[(f"hazard.found{found_year}.open", None)] += 1
    else:
        closed_year = _year(hazard.closed_at) if hazard.closed_at else found_year
        keys[(f"hazard.found{found_year}.closed{closed_year}", None)] += 1
        keys[(f"hazard.closed{closed_year}", None)] += 1
        if hazard.closed_on_time:
            keys[(f"hazard.closed{closed_year}.on_time", None)] += 1
        if hazard.closed_at is not None:
            keys[("hazard.closed_days_total", None)] += max(0, (hazard.closed_at - hazard.found_at).days)
    keys[(f"hazard.found{found_year}.{hazard.level}", None)] += 1
    return keys


def ancestor_ids(path: str) -> list[int]:
    paths = [path[:end] for end in range(OrgUnit.steplen, len(path) + 1, OrgUnit.steplen)]
    return list(OrgUnit.objects.filter(path__in=paths).values_list("pk", flat=True))


def apply(path: str, delta: Tally) -> None:
    """Add `delta` to the counters of the node at `path` and all its ancestors (inside the caller's transaction)."""
    changes = {key: amount for key, amount in delta.items() if amount}
    if not changes:
        return
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


def track(hazard: Any) -> Tally:
    """Remember a hazard's keys before a change (call on the locked row)."""
    return hazard_keys(hazard)


def changed(hazard: Any, before: Tally) -> None:
    """Apply the difference between the keys before and now."""
    after = hazard_keys(hazard)
    delta: Tally = Tally()
    for key in set(before) | set(after):
        delta[key] = after.get(key, 0) - before.get(key, 0)
    apply(hazard.org_path, delta)


# --- reading ------------------------------------------------------------------


def figures(org: OrgUnit, metrics: Iterable[str]) -> dict[str, int]:
    rows = Counter.objects.filter(org=org, metric__in=list(metrics), day__isnull=True)
    return {metric: value for metric, value in rows.values_list("metric", "value")}


def overdue(org: OrgUnit, today: date, level: str | None = None) -> int:
    """Open hazards whose deadline is before today — exact at the moment a deadline passes."""
    levels = [level] if level else ["general", "major"]
    rows = Counter.objects.filter(org=org, metric__in=[f"hazard.open_deadline.{lv}" for lv in levels], day__lt=today)
    return rows.aggregate(total=Sum("value"))["total"] or 0


# --- recounting -------------------------------------------------------------------


def expected(path: str | None = None) -> dict[tuple[int, str, date | None], int]:
    """Recompute every counter from the records (for one subtree, or all)."""
    from safecampus.hazards.models import Hazard

    hazards = Hazard.objects.exclude(state="draft")
    if path:
        hazards = hazards.within(path)
    per_school: dict[str, Tally] = defaultdict(Tally)
    fields = ("org_path", "state", "level", "found_at", "deadline", "listed_by_id", "closed_at", "closed_on_time")
    for row in hazards.values(*fields).iterator(chunk_size=5000):
        per_school[row["org_path"]].update(hazard_keys(_Row(row)))
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
    have = {(c.org_id, c.metric, c.day): c.value for c in stored.filter(metric__startswith="hazard.")}
    problems = []
    for key in set(want) | set(have):
        if want.get(key, 0) != have.get(key, 0):
            problems.append((*key, have.get(key, 0), want.get(key, 0)))
    return sorted(problems, key=lambda p: (p[0], p[1], str(p[2])))


@transaction.atomic
def rebuild(path: str | None = None) -> int:
    """Replace the stored hazard counters by the recomputed ones."""
    stored = Counter.objects.filter(metric__startswith="hazard.")
    if path:
        stored = stored.filter(subtree_q("org__path", path))
    stored.delete()
    rows = [
        Counter(org_id=org, metric=metric, day=day, value=value) for (org, metric, day), value in expected(path).items()
    ]
    Counter.objects.bulk_create(rows, batch_size=5000)
    return len(rows)

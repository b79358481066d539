"""Completeness and timeliness of every duty at a node and its children, for a range of periods (DHIS2's figures).

Read from the counter store (counted.py): one query for the node and its children, whatever the size of the
subtree. Expected is what was owed (less excused); done on time, done late, due (still open) and missing (open
when its period closed before today) split it; completeness = (on time + late) / expected, timeliness = on time
/ expected.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.models import Counter

from .counted import PREFIX
from .engine import window
from .rulebook import Obligation, obligations
from .schoolyear import Terms, periods

RANGES = (
    ("month", gettext_lazy("This month")),
    ("term", gettext_lazy("This term")),
    ("year", gettext_lazy("This year")),
    ("last_year", gettext_lazy("Last year")),
)
STATES = ("expected", "done", "late", "open", "excused")


@dataclass
class Figures:
    expected: int = 0
    done: int = 0
    late: int = 0
    due: int = 0
    missing: int = 0
    excused: int = 0

    @property
    def completeness(self) -> int | None:
        return round(100 * (self.done + self.late) / self.expected) if self.expected else None

    @property
    def timeliness(self) -> int | None:
        return round(100 * self.done / self.expected) if self.expected else None

    def add(self, other: Figures) -> None:
        for name in ("expected", "done", "late", "due", "missing", "excused"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, Any]:
        return {
            "expected": self.expected,
            "done_on_time": self.done,
            "done_late": self.late,
            "due": self.due,
            "missing": self.missing,
            "excused": self.excused,
            "completeness": self.completeness,
            "timeliness": self.timeliness,
        }


@dataclass
class Table:
    first: date
    last: date
    duties: list[Obligation]
    rows: dict[int, dict[str, Figures]] = field(default_factory=dict)

    def total(self, org_id: int) -> Figures:
        whole = Figures()
        for figures in self.rows.get(org_id, {}).values():
            whole.add(figures)
        return whole


def children_of(user: Any, org: Any) -> list[Any]:
    """The units directly below `org` that `user` reads, in tree order (the rows of every duty table)."""
    from safecampus.orgs.models import OrgUnit

    return list(OrgUnit.objects.visible_to(user).within(org.path).filter(depth=org.depth + 1).order_by("path"))


def bounds(choice: str, today: date, org: Any = None) -> tuple[date, date]:
    """The first and last day of a named range (the term: the one holding today, else the last one before it)."""
    if choice == "month":
        return today.replace(day=1), today
    if choice == "last_year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    if choice == "term":
        terms = [p for p in periods("term", today - timedelta(days=400), today, Terms.of(org)) if p.start <= today]
        if terms:
            return terms[-1].start, min(terms[-1].end, today)
    return date(today.year, 1, 1), today


def table(
    org: Any,
    children: list[Any],
    first: date,
    last: date,
    today: date,
    request: Any = None,
) -> Table:
    """Each duty's figures for the node and each child, over the periods that start within [first, last] — or, for
    a submission request, that request's alone."""
    duties = list(obligations)
    found = Table(first, last, duties)
    nodes = [org, *children]
    if request is not None:
        wanted = {request.code}
        closing = {(request.code, request.opens_on): request.deadline + timedelta(days=_grace(request))}
        closes = {node.pk: closing for node in nodes}
    else:
        wanted = {spec.code for spec in duties}
        closes = _closing_days(nodes, duties, first, last)
    ids = [node.pk for node in nodes]
    rows = Counter.objects.filter(org_id__in=ids, metric__startswith=PREFIX, day__gte=first, day__lte=last)
    per: dict[int, dict[str, Figures]] = defaultdict(lambda: defaultdict(Figures))
    for org_id, metric, day, value in rows.values_list("org_id", "metric", "day", "value"):
        code, _dot, state = metric[len(PREFIX) :].rpartition(".")
        if code not in wanted:
            continue
        figures = per[org_id][code]
        if state == "expected":
            figures.expected += value
        elif state == "done":
            figures.done += value
        elif state == "late":
            figures.late += value
        elif state == "excused":
            figures.excused += value
        elif state == "open":
            closed = closes[org_id].get((code, day))
            if closed is None and (code, None) in closes[org_id]:
                closed = day + timedelta(days=closes[org_id][(code, None)])
            if closed is not None and closed < today:
                figures.missing += value
            else:
                figures.due += value
    found.rows = {org_id: dict(by_code) for org_id, by_code in per.items()}
    return found


def _closing_days(nodes: list[Any], duties: list[Obligation], first: date, last: date) -> dict[int, dict[Any, Any]]:
    """The day each period of each duty closes, at each node by the rules in force there (one query per duty for all
    the nodes). A node below one of these that tightened its grace further is read by its parent's rule."""
    from safecampus.rules.services import rule_values

    paths = [node.path for node in nodes]
    calendars = rule_values("calendar.terms", paths)
    by_duty = {spec.code: rule_values(spec.rule_key, paths) for spec in duties}
    found: dict[int, dict[Any, Any]] = {}
    for node in nodes:
        terms = Terms.from_rule(calendars[node.path])
        mine = found.setdefault(node.pk, {})
        for spec in duties:
            duty = by_duty[spec.code][node.path]
            if duty["every"] == "appointment":  # each person's own year from their appointment
                mine[(spec.code, None)] = 364 + duty["grace_days"]
                continue
            for period in periods(duty["every"], first, last, terms):
                mine[(spec.code, period.start)] = window(duty, period)[1]
    return found


def _grace(request: Any) -> int:
    from safecampus.rules.services import rule_value

    return rule_value("submission.grace_days", request.org)


def range_label(choice: str) -> str:
    return str(dict(RANGES).get(choice, _("This year")))

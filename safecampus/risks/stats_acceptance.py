"""Acceptance progress of a node: the share of its schools with a valid pass against the year's target, and the
children that lag — from the counter store and one count of schools per child."""

from __future__ import annotations

from typing import Any

from safecampus.core import clock
from safecampus.core.counting import dated_sums
from safecampus.dashboards.maps import school_counts
from safecampus.orgs.models import Level, OrgUnit
from safecampus.rules.services import rule_value

from .models import SchemeKind


def target_for(org: Any, year: int) -> float:
    """The year's target; a year outside the table takes its nearest year's."""
    targets = rule_value("acceptance.target", org)
    nearest = min(targets, key=lambda key: abs(int(key) - year))
    return float(targets[nearest])


def _rate(passed: int, schools: int) -> float | None:
    return round(passed * 100 / schools, 1) if schools else None


def progress(org: Any, kind: str = SchemeKind.RISK) -> dict[str, Any]:
    """{schools, passed, rate, target, year, children: [{org, schools, passed, rate, lagging}]} at `org`."""
    today = clock.today()
    metric = f"acceptance.{kind}.valid_until"
    children = list(OrgUnit.objects.filter(path__startswith=org.path, depth=org.depth + 1).exclude(level=Level.SCHOOL))
    nodes = [org, *children]
    valid = dated_sums([n.pk for n in nodes], [metric], first=today)
    if org.level == Level.SCHOOL:
        schools = {org.pk: 1}
    else:
        schools = school_counts(org, children)
        schools[org.pk] = OrgUnit.objects.within(org.path).filter(level=Level.SCHOOL, is_active=True).count()
    target = target_for(org, today.year)
    rows = []
    for child in children:
        count = schools.get(child.pk, 0)
        passed = valid.get(child.pk, {}).get(metric, 0)
        rate = _rate(passed, count)
        rows.append(
            {
                "org": child,
                "schools": count,
                "passed": passed,
                "rate": rate,
                "lagging": rate is not None and rate < target,
            }
        )
    rows.sort(key=lambda row: (row["rate"] is None, row["rate"] if row["rate"] is not None else 0))
    passed = valid.get(org.pk, {}).get(metric, 0)
    rate = _rate(passed, schools.get(org.pk, 0))
    return {
        "kind": kind,
        "year": today.year,
        "schools": schools.get(org.pk, 0),
        "passed": passed,
        "rate": rate,
        "target": target,
        "met": rate is not None and rate >= target,
        "children": rows,
    }

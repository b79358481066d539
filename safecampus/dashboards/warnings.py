"""The warning list (预警): schools under a node that need attention now, by a score whose parts are shown.

Each part (declared by the apps, dashboards.registry.WarningPart) is a count
from the schools' counters times a weight held as a rule row
(`warning.weight.<part>`), so a bureau can see and change why a school ranks
where it does.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from safecampus.orgs.models import OrgUnit
from safecampus.rules.services import rule_value

from .registry import warning_parts


def weights(org: OrgUnit) -> dict[str, int | float]:
    return {part.key: rule_value(f"warning.weight.{part.key}", org) for part in warning_parts}


def warning_list(org: OrgUnit, today: date) -> dict[str, Any]:
    """Schools with a score above zero, highest first, each with the parts of its score."""
    soon = int(rule_value("warning.listed_due_soon_days", org))
    weight = weights(org)
    per_school: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for part in warning_parts:
        for school_id, count in part.counts(org, today, soon).items():
            if count > 0:
                points = count * weight[part.key]
                per_school[school_id].append(
                    {"part": part, "count": count, "weight": weight[part.key], "points": points}
                )
    rows = [
        {"school_id": school_id, "parts": parts, "score": sum(p["points"] for p in parts)}
        for school_id, parts in per_school.items()
    ]
    rows = [row for row in rows if row["score"] > 0]
    rows.sort(key=lambda r: (-r["score"], r["school_id"]))
    return {"rows": rows, "weights": weight, "soon_days": soon}


def attach_schools(rows: list[dict[str, Any]], today: date, soon: int) -> None:
    """Names, parent names and links for one page of rows (one query)."""
    schools = OrgUnit.objects.filter(pk__in=[r["school_id"] for r in rows]).with_parent()
    by_id = {school.pk: school for school in schools}
    for row in rows:
        row["school"] = by_id.get(row["school_id"])
        for part in row["parts"]:
            part["url"] = part["part"].url(row["school_id"], today, soon)

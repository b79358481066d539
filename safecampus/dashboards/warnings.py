"""The warning list (预警): schools under a node that need attention now, by a score whose parts are shown.

Each part is a count from the school's counters times a weight held as a rule
row (`warning.weight.<part>`), so a bureau can see and change why a school ranks
where it does. Later record types add their parts to PARTS.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.orgs.models import OrgUnit
from safecampus.rules.services import rule_value

from .schools import school_figures


@dataclass(frozen=True)
class Part:
    key: str
    label: Any
    view: str  # where the records behind the count are listed
    query: Any  # function(today, soon_days) -> dict of filters


PARTS = (
    Part(
        "overdue_major",
        _("Overdue major hazards"),
        "hazards:ledger",
        lambda today, soon: {"overdue": "true", "level": "major"},
    ),
    Part(
        "overdue_general",
        _("Overdue general hazards"),
        "hazards:ledger",
        lambda today, soon: {"overdue": "true", "level": "general"},
    ),
    Part(
        "listed_due_soon",
        _("Listed hazards near their deadline"),
        "hazards:ledger",
        lambda today, soon: {
            "listed": "true",
            "state": "open",
            "deadline_from": today.isoformat(),
            "deadline_to": (today + timedelta(days=soon)).isoformat(),
        },
    ),
    Part(
        "tasks_overdue",
        _("Inspections not done by their due date"),
        "hazards:tasks",
        lambda today, soon: {"state": "missing", "due_to": (today - timedelta(days=1)).isoformat()},
    ),
    Part(
        "incident_late",
        _("Incidents reported late this year"),
        "incidents:list",
        lambda today, soon: {"year": today.year, "fault": "late"},
    ),
    Part(
        "incident_omitted",
        _("Incidents with an omitted report this year"),
        "incidents:list",
        lambda today, soon: {"year": today.year, "fault": "omitted"},
    ),
)


def weights(org: OrgUnit) -> dict[str, int | float]:
    return {part.key: rule_value(f"warning.weight.{part.key}", org) for part in PARTS}


def warning_list(org: OrgUnit, today: date) -> dict[str, Any]:
    """Schools with a score above zero, highest first, each with the parts of its score."""
    soon = int(rule_value("warning.listed_due_soon_days", org))
    weight = weights(org)
    per_school = school_figures(org, today, soon_days=soon)
    rows = []
    for school_id, figures in per_school.items():
        parts = []
        for part in PARTS:
            count = max(0, figures.get(part.key, 0))
            if count:
                parts.append(
                    {"part": part, "count": count, "weight": weight[part.key], "points": count * weight[part.key]}
                )
        score = sum(p["points"] for p in parts)
        if score > 0:
            rows.append({"school_id": school_id, "parts": parts, "score": score})
    rows.sort(key=lambda r: (-r["score"], r["school_id"]))
    return {"rows": rows, "weights": weight, "soon_days": soon}


def attach_schools(rows: list[dict[str, Any]], today: date, soon: int) -> None:
    """Names, parent names and links for one page of rows (one query)."""
    schools = OrgUnit.objects.filter(pk__in=[r["school_id"] for r in rows]).with_parent()
    by_id = {school.pk: school for school in schools}
    for row in rows:
        row["school"] = by_id.get(row["school_id"])
        for part in row["parts"]:
            base = reverse(part["part"].view, args=[row["school_id"]])
            part["url"] = f"{base}?{urlencode(part['part'].query(today, soon))}"

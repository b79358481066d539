"""What incident reporting contributes to the dashboards (dashboards.registry): this year's figures and double
decline on a node's dashboard, and the reporting faults of each school in the warnings."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.core.models import Counter
from safecampus.core.paths import subtree_q
from safecampus.dashboards.registry import Panel, WarningPart, panels, warning_parts
from safecampus.orgs.models import Level

from .stats import double_decline, year_table


def _extra(org: Any, today: date) -> dict[str, Any]:
    return {"decline": double_decline(org, today), "incident_year": year_table(org, today.year)}


panels.register(
    "incidents",
    Panel(
        "incidents",
        "incidents/dashboard/_panel.html",
        order=20,
        extra=_extra,
        api=lambda values, extra: {"incidents": {**extra["decline"], **extra["incident_year"]}},
    ),
)


def _faults(fault: str) -> Any:
    def counts(org: Any, today: date, soon: int) -> dict[int, int]:
        rows = Counter.objects.filter(
            subtree_q("org__path", org.path),
            org__level=Level.SCHOOL,
            metric=f"incident.y{today.year}.fault.{fault}",
            day__isnull=True,
            value__gt=0,
        )
        return dict(rows.values_list("org_id", "value"))

    return counts


def _ledger(fault: str) -> Any:
    def url(school_id: int, today: date, soon: int) -> str:
        return f"{reverse('incidents:list', args=[school_id])}?{urlencode({'year': today.year, 'fault': fault})}"

    return url


warning_parts.register(
    "incident_late",
    WarningPart("incident_late", _("Incidents reported late this year"), _faults("late"), _ledger("late"), order=30),
)
warning_parts.register(
    "incident_omitted",
    WarningPart(
        "incident_omitted",
        _("Incidents with an omitted report this year"),
        _faults("omitted"),
        _ledger("omitted"),
        order=31,
    ),
)

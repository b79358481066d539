"""What the risk register contributes to the dashboards (dashboards.registry): the node's four colours, and each
school's red risks out of control and overdue reviews in the warnings (weights: rule rows)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.core.models import Counter
from safecampus.core.paths import subtree_q
from safecampus.dashboards.registry import Panel, WarningPart, panels, warning_parts
from safecampus.orgs.models import Level

from .stats import colour_counts
from .stats_acceptance import progress

panels.register(
    "risks",
    Panel(
        "risks",
        "risks/dashboard/_panel.html",
        order=25,
        extra=lambda org, today: {"risk_counts": colour_counts(org), "acceptance": _acceptance(org)},
        api=lambda values, extra: {"risks": extra["risk_counts"], "acceptance": extra["acceptance"]},
        card="risks/dashboard/_card.html",
    ),
)


def _acceptance(org: Any) -> dict[str, Any]:
    """The pass rate against the year's target, and each child's (plain values: the panel is cached)."""
    found = progress(org)
    found["children"] = [
        {"id": c["org"].pk, "name": c["org"].name, **{k: c[k] for k in ("schools", "passed", "rate", "lagging")}}
        for c in found["children"]
    ]
    found["lagging"] = [c for c in found["children"] if c["lagging"]]
    return found


def _schools(org: Any) -> Any:
    return Counter.objects.filter(subtree_q("org__path", org.path), org__level=Level.SCHOOL, value__gt=0)


def _red_out_of_control(org: Any, today: date, soon: int) -> dict[int, int]:
    rows = _schools(org).filter(metric="risk.out_of_control.red", day__isnull=True)
    return dict(rows.values_list("org_id", "value"))


def _reviews_overdue(org: Any, today: date, soon: int) -> dict[int, int]:
    rows = _schools(org).filter(metric="risk.review_due", day__lt=today).values("org_id").annotate(n=Sum("value"))
    return {row["org_id"]: row["n"] for row in rows}


def _register(query: str) -> Any:
    def url(school_id: int, today: date, soon: int) -> str:
        return f"{reverse('risks:register', args=[school_id])}?{query}"

    return url


warning_parts.register(
    "risk_red_out_of_control",
    WarningPart(
        "risk_red_out_of_control",
        _("Red risks out of control"),
        _red_out_of_control,
        _register("grade=red&out_of_control=true"),
        order=40,
    ),
)
warning_parts.register(
    "risk_review_overdue",
    WarningPart(
        "risk_review_overdue", _("Risk reviews overdue"), _reviews_overdue, _register("overdue=true"), order=41
    ),
)

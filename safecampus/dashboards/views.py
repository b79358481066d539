"""The dashboard page of a node: its figures and its children's, each a link to the ledger."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from safecampus.core import clock
from safecampus.orgs.models import OrgUnit
from safecampus.orgs.views import breadcrumb

from .services import task_period
from .snapshot import dashboard_snapshot

SORTS = {"open_major", "overdue", "open_general", "listed_open", "rectification_rate", "completeness", "name"}


@login_required
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    today = clock.today()
    snap = dashboard_snapshot(org, today)
    figures, months = snap["figures"], snap["trend"]
    rows = [{"org": child, "f": figures[child.pk]} for child in snap["children"]]
    sort = request.GET.get("sort", "overdue")
    if sort in SORTS:
        key = (lambda r: r["org"].code) if sort == "name" else (lambda r: -(r["f"][sort] or 0))
        rows.sort(key=key)
    return render(
        request,
        "dashboards/dashboard.html",
        {
            "org": org,
            "crumbs": breadcrumb(request.user, org),
            "f": figures[org.pk],
            "rows": rows,
            "sort": sort,
            "year": today.year,
            "period": task_period(today),
            "trend": months,
            "trend_data": {
                "months": [m["month"] for m in months],
                "found": [m["found"] for m in months],
                "closed": [m["closed"] for m in months],
                "labels": {"found": _("Hazards found"), "closed": _("Hazards closed")},
            },
            "categories": snap["categories"],
            "decline": snap["decline"],
            "incident_year": snap["incident_year"],
        },
    )

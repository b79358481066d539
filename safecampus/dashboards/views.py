"""The dashboard page of a node: every app's panels, and its children's figures, each a link to the records."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from safecampus.core import clock
from safecampus.orgs.models import OrgUnit
from safecampus.orgs.views import breadcrumb

from .registry import columns, panels
from .snapshot import dashboard_snapshot


@login_required
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    today = clock.today()
    snap = dashboard_snapshot(org, today)
    figures = snap["figures"]
    rows = [{"org": child, "f": figures[child.pk]} for child in snap["children"]]
    shown = list(columns)
    sort = request.GET.get("sort", "overdue")
    if sort == "name":
        rows.sort(key=lambda r: r["org"].code)
    elif sort in {c.key for c in shown}:
        rows.sort(key=lambda r: -(r["f"].get(sort) or 0))
    context = {key: value for extra in snap["extra"].values() for key, value in extra.items()}
    return render(
        request,
        "dashboards/dashboard.html",
        context
        | {
            "org": org,
            "crumbs": breadcrumb(request.user, org),
            "f": figures[org.pk],
            "extra": snap["extra"],
            "panels": list(panels),
            "columns": shown,
            "rows": rows,
            "sort": sort,
            "year": today.year,
        },
    )

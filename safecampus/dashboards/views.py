"""The dashboard page of a node: its figures and its children's, each a link to the ledger."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from safecampus.core import clock
from safecampus.orgs.models import OrgUnit
from safecampus.orgs.views import breadcrumb

from .services import node_and_children

SORTS = {"open_major", "overdue", "open_general", "listed_open", "rectification_rate", "name"}


@login_required
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    children, figures = node_and_children(org, clock.today())
    rows = [{"org": child, "f": figures[child.pk]} for child in children]
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
            "year": clock.today().year,
        },
    )

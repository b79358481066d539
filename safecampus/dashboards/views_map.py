"""The map page of a node, its data as JSON, the packaged boundaries, and a school's card."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from safecampus.core import clock
from safecampus.orgs.models import Level, OrgUnit
from safecampus.orgs.views import breadcrumb

from .maps import STATES, boundaries, map_data, school_states
from .registry import map_figures, map_layers, node_figures, panels


@login_required
def map_page(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    if org.level == Level.SCHOOL:
        return redirect("dashboards:dashboard", pk=org.pk)
    known = [item.key for item in map_figures]
    figure = request.GET.get("figure", known[0])
    if figure not in known:
        figure = known[0]
    layer = request.GET.get("layer", "")
    if layer not in map_layers:
        layer = ""
    return render(
        request,
        "dashboards/map.html",
        {
            "org": org,
            "crumbs": breadcrumb(request.user, org),
            "figure": figure,
            "figures": [(item.key, item.label) for item in map_figures],
            "layer": layer,
            "layers": [(item.key, item.label) for item in map_layers],
            "has_boundaries": boundaries(org) is not None,
        },
    )


@login_required
@require_GET
def map_json(request: HttpRequest, pk: int) -> JsonResponse:
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    data = map_data(org, clock.today(), request.GET.get("figure", ""), request.GET.get("layer", ""))
    data["geo"] = boundaries(org)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "separators": (",", ":")})


@login_required
def school_card(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(
        OrgUnit.objects.visible_to(request.user).select_related("school"), pk=pk, level=Level.SCHOOL
    )
    today = clock.today()
    return render(
        request,
        "dashboards/_school_card.html",
        {
            "school": school,
            "f": node_figures([school], today)[school.pk],
            "state": STATES[school_states(school, today).get(school.pk, 3)],
            "panels": list(panels),
            "yesterday": today - timedelta(days=1),
        },
    )

"""The map page of a node, its data as JSON, the packaged boundaries, and a school's card."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from safecampus.core import clock
from safecampus.orgs.models import Level, OrgUnit
from safecampus.orgs.views import breadcrumb

from .maps import FIGURES, boundaries, map_data
from .schools import school_figures, school_state
from .services import kpis_for, task_period


@login_required
def map_page(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    if org.level == Level.SCHOOL:
        return redirect("dashboards:dashboard", pk=org.pk)
    figure = request.GET.get("figure", "open_major_per_100")
    if figure not in FIGURES:
        figure = "open_major_per_100"
    return render(
        request,
        "dashboards/map.html",
        {
            "org": org,
            "crumbs": breadcrumb(request.user, org),
            "figure": figure,
            "figures": [(key, label) for key, (label, _compute) in FIGURES.items()],
            "has_boundaries": boundaries(org) is not None,
        },
    )


@login_required
@require_GET
def map_json(request: HttpRequest, pk: int) -> JsonResponse:
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    data = map_data(org, clock.today(), request.GET.get("figure", ""))
    data["geo"] = boundaries(org)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "separators": (",", ":")})


@login_required
def school_card(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(
        OrgUnit.objects.visible_to(request.user).select_related("school"), pk=pk, level=Level.SCHOOL
    )
    today = clock.today()
    figures = school_figures(school, today).get(school.pk)
    return render(
        request,
        "dashboards/_school_card.html",
        {
            "school": school,
            "f": kpis_for([school], today)[school.pk],
            "s": figures or {},
            "state": school_state(figures),
            "period": task_period(today),
        },
    )

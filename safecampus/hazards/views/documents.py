"""Downloads: the notice and closure PDFs of a hazard, the three lists of a node."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from safecampus.core import clock
from safecampus.orgs.models import OrgUnit
from safecampus.orgs.views import breadcrumb

from ..documents import closure_form, rectification_notice
from ..exports import three_lists
from ..models import Hazard, HazardState
from .ledger import XLSX


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    hazard = get_object_or_404(Hazard.objects.visible_to(request.user).select_related("school", "item"), pk=pk)
    if hazard.state == HazardState.DRAFT or hazard.deadline is None:
        messages.error(request, _("Register the hazard first: a notice needs its deadline."))
        return redirect("hazards:detail", pk=hazard.pk)
    url = request.build_absolute_uri(reverse("hazards:detail", args=[hazard.pk]))
    return _pdf(rectification_notice(hazard, url), f"notice-{hazard.number}.pdf")


@login_required
def closure_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    hazard = get_object_or_404(Hazard.objects.visible_to(request.user).select_related("school", "closed_by"), pk=pk)
    url = request.build_absolute_uri(reverse("hazards:detail", args=[hazard.pk]))
    return _pdf(closure_form(hazard, url), f"closure-{hazard.number}.pdf")


def quarter_of(day: date) -> tuple[date, date]:
    first_month = (day.month - 1) // 3 * 3 + 1
    start = date(day.year, first_month, 1)
    end = date(day.year + (first_month + 3 > 12), (first_month + 2) % 12 + 1, 1)
    from datetime import timedelta

    return start, end - timedelta(days=1)


@login_required
def lists_export(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    start, end = quarter_of(clock.today())
    errors = []
    try:
        if request.GET.get("from"):
            start = date.fromisoformat(request.GET["from"])
        if request.GET.get("to"):
            end = date.fromisoformat(request.GET["to"])
    except ValueError:
        errors.append("from/to")
    from ..services.dates import check_period_date

    try:
        check_period_date("from", start)
        check_period_date("to", end)
    except ValidationError:
        errors.append("range")
    if errors or end < start or "download" not in request.GET:
        return render(
            request,
            "hazards/lists.html",
            {
                "org": org,
                "start": start,
                "end": end,
                "errors": errors or (["order"] if end < start else []),
                "crumbs": breadcrumb(request.user, org),
            },
            status=400 if errors or end < start else 200,
        )
    queryset = Hazard.objects.visible_to(request.user).within(org.path)
    data = three_lists(org, queryset, start, end, clock.today())
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="three-lists-{org.code}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
    return response

"""The warning list and the bimonthly review of a node (page, PDF, Excel)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from safecampus.core import clock
from safecampus.orgs.models import Level, OrgUnit
from safecampus.orgs.views import breadcrumb

from .registry import warning_parts
from .review import Period, build_review, recent_periods
from .review_docs import review_pdf, review_xlsx
from .warnings import attach_schools, warning_list

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _bureau_node(request: HttpRequest, pk: int) -> OrgUnit:
    return get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)


@login_required
def warnings_page(request: HttpRequest, pk: int) -> HttpResponse:
    org = _bureau_node(request, pk)
    if org.level == Level.SCHOOL:
        return redirect("dashboards:dashboard", pk=org.pk)
    today = clock.today()
    found = warning_list(org, today)
    page = Paginator(found["rows"], 50).get_page(request.GET.get("page"))
    attach_schools(list(page), today, found["soon_days"])
    return render(
        request,
        "dashboards/warnings.html",
        {
            "org": org,
            "crumbs": breadcrumb(request.user, org),
            "page": page,
            "parts": [(part, found["weights"][part.key]) for part in warning_parts],
            "soon_days": found["soon_days"],
            "today": today,
        },
    )


def _review(request: HttpRequest, pk: int) -> tuple[OrgUnit, dict]:
    org = _bureau_node(request, pk)
    today = clock.today()
    return org, build_review(org, Period.parse(request.GET.get("period"), today), today)


@login_required
def review_page(request: HttpRequest, pk: int) -> HttpResponse:
    org, review = _review(request, pk)
    if org.level == Level.SCHOOL:
        return redirect("dashboards:dashboard", pk=org.pk)
    review.update(
        {
            "crumbs": breadcrumb(request.user, org),
            "periods": recent_periods(review["today"]),
            "query": f"period={review['period'].key}",
        }
    )
    return render(request, "dashboards/review.html", review)


@login_required
def review_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    org, review = _review(request, pk)
    name = f"review-{org.code}-{review['period'].key}"
    if fmt == "pdf":
        response = HttpResponse(review_pdf(review), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    else:
        response = HttpResponse(review_xlsx(review), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response

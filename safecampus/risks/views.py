"""Register pages: a node's risks (with filters), a school's risk points, one point, one risk with its steps."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core import clock
from safecampus.core.forms import add_service_errors
from safecampus.core.steps_pages import step_forms, take_step
from safecampus.orgs.models import OrgUnit
from safecampus.orgs.views import breadcrumb

from . import forms as f
from .filters import RiskFilter
from .models import GRADE_COLOUR, Grade, MeasureCheck, Risk, RiskPoint, RiskState
from .services import checks, points
from .services.common import flow, may_manage_school
from .stats import colour_counts


def register_queryset(request: HttpRequest, org: OrgUnit) -> tuple[RiskFilter, Any]:
    base = Risk.objects.visible_within(request.user, org.path).select_related("school", "point")
    filtered = RiskFilter(request.GET, queryset=base, request=request)
    return filtered, filtered.qs


@login_required
def risk_register(request: HttpRequest, pk: int) -> HttpResponse:
    """The register of a school, or every school's risks below a bureau."""
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    filtered, queryset = register_queryset(request, org)
    query = request.GET.copy()
    query.pop("page", None)
    is_school = org.level == "school"
    return render(
        request,
        "risks/register.html",
        {
            "org": org,
            "crumbs": breadcrumb(request.user, org),
            "filter": filtered,
            "page": Paginator(queryset.order_by("org_path", "point__name", "pk"), 50).get_page(request.GET.get("page")),
            "query": query.urlencode(),
            "counts": colour_counts(org),
            "colours": GRADE_COLOUR,
            "is_school": is_school,
            "can_manage": is_school and may_manage_school(request.user, org),
            "points": RiskPoint.objects.visible_to(request.user).filter(school=org) if is_school else None,
            "today": clock.today(),
        },
    )


def _school(request: HttpRequest, pk: int) -> OrgUnit:
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    if not may_manage_school(request.user, org):
        raise PermissionDenied(_("Only the school's principal, safety lead or safety officer keeps its risk register."))
    return org


@login_required
def point_new(request: HttpRequest, pk: int) -> HttpResponse:
    school = _school(request, pk)
    form = f.PointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            point = points.create_point(school, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Risk point added: %(name)s. Now record its risks.") % {"name": point.name})
            return redirect("risks:point", pk=point.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "risks/point_form.html",
        {"org": school, "crumbs": breadcrumb(request.user, school), "form": form, "point": None},
        status=status,
    )


def _point(request: HttpRequest, pk: int) -> RiskPoint:
    return get_object_or_404(RiskPoint.objects.visible_to(request.user).select_related("school"), pk=pk)


@login_required
def point_detail(
    request: HttpRequest, pk: int, edit_form: Any = None, risk_form: Any = None, status: int = 200
) -> HttpResponse:
    point = _point(request, pk)
    manager = may_manage_school(request.user, point.school)
    initial = {name: getattr(point, name) for name in points.POINT_FIELDS}
    return render(
        request,
        "risks/point.html",
        {
            "point": point,
            "org": point.school,
            "crumbs": breadcrumb(request.user, point.school),
            "risks": point.risks.order_by("state", "pk"),
            "can_manage": manager,
            "edit_form": edit_form or (f.PointForm(initial=initial, prefix="edit") if manager else None),
            "risk_form": risk_form or (f.RiskForm(prefix="risk") if manager and point.is_active else None),
            "colours": GRADE_COLOUR,
        },
        status=status,
    )


@login_required
@require_POST
def point_edit(request: HttpRequest, pk: int) -> HttpResponse:
    point = _point(request, pk)
    form = f.PointForm(request.POST, prefix="edit")
    if form.is_valid():
        try:
            points.edit_point(point, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Risk point saved."))
            return redirect("risks:point", pk=point.pk)
    return point_detail(request, pk, edit_form=form, status=400)


@login_required
@require_POST
def risk_new(request: HttpRequest, pk: int) -> HttpResponse:
    point = _point(request, pk)
    form = f.RiskForm(request.POST, prefix="risk")
    if form.is_valid():
        try:
            risk = points.identify_risk(point, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Risk recorded: %(number)s. Now evaluate it.") % {"number": risk.number})
            return redirect("risks:detail", pk=risk.pk)
    return point_detail(request, pk, risk_form=form, status=400)


def _risk(request: HttpRequest, pk: int) -> Risk:
    queryset = Risk.objects.visible_to(request.user).select_related("school", "point", "approved_by", "created_by")
    return get_object_or_404(queryset, pk=pk)


@login_required
def risk_detail(request: HttpRequest, pk: int, bound: dict | None = None, status: int = 200) -> HttpResponse:
    risk = _risk(request, pk)
    return render(
        request,
        "risks/detail.html",
        {
            "risk": risk,
            "org": risk.school,
            "crumbs": breadcrumb(request.user, risk.school),
            "evaluations": risk.evaluations.select_related("evaluated_by"),
            "measures": risk.measures.filter(is_active=True),
            "events": risk.events.select_related("actor"),
            "step_forms": step_forms(flow, risk, request.user, bound),
            "colours": GRADE_COLOUR,
            "overdue": risk.state == RiskState.PUBLISHED and risk.review_due and risk.review_due < clock.today(),
            "checks": [
                {"check": c, "steps": step_forms(checks.flow, c, request.user)}
                for c in risk.checks.select_related("measure", "done_by").order_by("-due_on", "-pk")[:20]
            ],
            "hazards": risk.hazards.all(),
            "is_red": risk.grade == Grade.RED,
        },
        status=status,
    )


@login_required
@require_POST
def check_step(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    check = get_object_or_404(MeasureCheck.objects.visible_to(request.user).select_related("risk"), pk=pk)
    return take_step(
        request,
        checks.flow,
        check,
        verb,
        done_url=reverse("risks:detail", args=[check.risk_id]) + "#checks",
        render=lambda **kwargs: risk_detail(request, check.risk_id, status=kwargs.get("status", 200)),
    )


@login_required
@require_POST
def risk_step(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    """Every step's form posts here; the declaration in services decides everything else."""
    risk = _risk(request, pk)
    return take_step(
        request,
        flow,
        risk,
        verb,
        done_url=reverse("risks:detail", args=[risk.pk]),
        render=lambda **kwargs: risk_detail(request, pk, **kwargs),
    )

"""Supervision plan pages: a bureau's plans by year, making one, and one plan: its schools (supervisor, visits,
what is checked), assigning a school while it is a draft, publishing it, and then each visit's outcome."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core import clock
from safecampus.core.forms import add_service_errors
from safecampus.core.steps_pages import step_forms, take_step
from safecampus.hazards.models import Checklist, InspectionTask
from safecampus.orgs.models import Level, OrgUnit
from safecampus.orgs.views import breadcrumb

from .forms_responsibility import AssignmentForm, PlanForm
from .models import PlanState, SupervisionPlan
from .services import supervision as service
from .views import _org


def _plan_form(org: OrgUnit, *args: Any, **kwargs: Any) -> PlanForm:
    form = PlanForm(*args, prefix="plan", **kwargs)
    lists = [c for c in Checklist.objects.filter(owner_path__in=org.ancestor_paths()) if c.published() is not None]
    form.fields["checklist"].widget.choices = [(c.pk, str(c)) for c in lists]
    return form


@login_required
def plan_list(request: HttpRequest, pk: int, form: Any = None, status: int = 200) -> HttpResponse:
    org = _org(request, pk)
    may = service.may_plan(request.user, org)
    today = clock.today()
    return render(
        request,
        "compliance/supervision_list.html",
        {
            "org": org,
            "crumbs": breadcrumb(request.user, org),
            "plans": SupervisionPlan.objects.visible_to(request.user).filter(org=org),
            "form": form or (_plan_form(org, initial={"year": today.year}) if may else None),
        },
        status=status,
    )


@login_required
@require_POST
def plan_new(request: HttpRequest, pk: int) -> HttpResponse:
    org = _org(request, pk)
    service.require_planner(request.user, org)
    form = _plan_form(org, request.POST)
    if form.is_valid():
        try:
            plan = service.create_plan(org, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Plan made: now assign its schools."))
            return redirect("compliance:supervision_plan", pk=plan.pk)
    return plan_list(request, pk, form=form, status=400)


def _assign_form(plan: SupervisionPlan, *args: Any, **kwargs: Any) -> AssignmentForm:
    form = AssignmentForm(*args, prefix="assign", **kwargs)
    schools = OrgUnit.objects.within(plan.org.path).filter(level=Level.SCHOOL, is_active=True).order_by("path")
    form.fields["school"].widget.choices = [(s.pk, s.name) for s in schools[:2000]]
    people = (
        get_user_model()
        .objects.filter(is_active=True, memberships__org_path__in=plan.org.ancestor_paths())
        .distinct()
        .order_by("username")
    )
    form.fields["supervisor"].widget.choices = [(u.pk, u.display_name) for u in people[:500]]
    return form


@login_required
def plan_detail(request: HttpRequest, pk: int, status: int = 200, bound: Any = None, form: Any = None) -> HttpResponse:
    plan = get_object_or_404(SupervisionPlan.objects.visible_to(request.user).select_related("org", "checklist"), pk=pk)
    rows = list(plan.assignments.select_related("school", "supervisor"))
    visits: dict[int, list[InspectionTask]] = {}
    if plan.inspection_plan_id:
        for task in InspectionTask.objects.filter(plan_id=plan.inspection_plan_id).order_by("round"):
            visits.setdefault(task.school_id, []).append(task)
    may = service.may_plan(request.user, plan.org) and plan.state == PlanState.DRAFT
    return render(
        request,
        "compliance/supervision_plan.html",
        {
            "plan": plan,
            "org": plan.org,
            "crumbs": breadcrumb(request.user, plan.org),
            "rows": [{"a": row, "visits": visits.get(row.school_id, [])} for row in rows],
            "form": form or (_assign_form(plan) if may else None),
            "step_forms": step_forms(service.plans, plan, request.user, bound),
            "step_base": reverse("compliance:supervision_plan", args=[plan.pk]) + "step/",
        },
        status=status,
    )


@login_required
@require_POST
def plan_assign(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(SupervisionPlan.objects.visible_to(request.user).select_related("org"), pk=pk)
    service.require_planner(request.user, plan.org)
    form = _assign_form(plan, request.POST)
    if form.is_valid():
        try:
            row = service.assign(plan, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Assigned: %(school)s.") % {"school": row.school.name})
            return redirect("compliance:supervision_plan", pk=plan.pk)
    return plan_detail(request, pk, form=form, status=400)


@login_required
@require_POST
def plan_step(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    plan = get_object_or_404(SupervisionPlan.objects.visible_to(request.user), pk=pk)
    return take_step(
        request,
        service.plans,
        plan,
        verb,
        done_url=reverse("compliance:supervision_plan", args=[pk]),
        render=lambda **kwargs: plan_detail(request, pk, **kwargs),
    )

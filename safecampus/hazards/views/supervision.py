"""Bureau tools: inspection plans, re-check sampling; school tools: checkpoints with QR codes; checklists."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core import clock
from safecampus.core.access import Perm, has_perm
from safecampus.core.forms import add_service_errors
from safecampus.orgs.models import Level, OrgUnit
from safecampus.orgs.views import breadcrumb
from safecampus.rules.services import rule_value

from ..checklist_excel import read_items
from ..checklist_excel import template as checklist_template_bytes
from ..documents import qr_data_uri
from ..forms import ChecklistUploadForm, CheckpointForm, PlanForm, RecheckForm
from ..models import Checklist, Checkpoint, Inspection, InspectionPlan
from ..scans import claimed
from ..services import checkpoints, plans, recheck
from ..services.checklists import create_checklist, new_version, publish_version
from .ledger import XLSX


@login_required
def plan_list(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    can_plan = org.level != Level.SCHOOL and has_perm(request.user, Perm.SUPERVISE, org)
    usable = [c for c in Checklist.objects.usable_at(org) if c.published()]
    form = PlanForm(request.POST or None, checklists=usable, initial={"start_date": clock.today()})
    if request.method == "POST":
        if not can_plan:
            raise PermissionDenied(_("Only bureaus plan inspections."))
        if form.is_valid():
            data = dict(form.cleaned_data)
            checklist = next(c for c in usable if c.pk == data.pop("checklist"))
            try:
                plan = plans.create_plan(actor=request.user, owner=org, checklist=checklist, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Plan saved: %(count)d schools have an inspection due.") % {"count": plan.tasks.count()}
                )
                return redirect("hazards:plans", pk=org.pk)
    rows = []
    for plan in InspectionPlan.objects.for_node(request.user, org).select_related("owner", "checklist")[:100]:
        tasks = plan.tasks.within(org.path)
        rows.append(
            {
                "plan": plan,
                "total": tasks.count(),
                "done": tasks.filter(done_at__isnull=False).count(),
                "overdue": tasks.missing(clock.today()).count(),
            }
        )
    return render(
        request,
        "hazards/plans.html",
        {"org": org, "form": form, "rows": rows, "can_plan": can_plan, "crumbs": breadcrumb(request.user, org)},
    )


@login_required
def recheck_select(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    if not has_perm(request.user, Perm.SUPERVISE, org) or org.level == Level.SCHOOL:
        raise PermissionDenied(_("Only bureaus select hazards for re-check."))
    today = clock.today()
    form = RecheckForm(
        request.POST or None,
        initial={
            "start": today.replace(month=1, day=1),
            "end": today,
            "percent": rule_value("inspection.recheck.sample_percent", org),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            count = recheck.select_for_recheck(actor=request.user, org=org, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(count)d closed hazards were selected for re-check.") % {"count": count})
            return redirect(f"{reverse('hazards:ledger', args=[org.pk])}?recheck=true")
    return render(request, "hazards/recheck.html", {"org": org, "form": form, "crumbs": breadcrumb(request.user, org)})


@login_required
def checkpoint_list(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk, level=Level.SCHOOL)
    can_edit = has_perm(request.user, Perm.MANAGE_HAZARD, school)
    form = CheckpointForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("Your role does not manage this school's checkpoints."))
        if form.is_valid():
            try:
                checkpoints.create_checkpoint(actor=request.user, school=school, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Checkpoint added. Print its QR code and post it at the place."))
                return redirect("hazards:checkpoints", pk=school.pk)
    points = Checkpoint.objects.filter(school=school, is_active=True)
    cards = [
        {"point": p, "qr": qr_data_uri(request.build_absolute_uri(reverse("hazards:scan", args=[p.token])))}
        for p in points
    ]
    template = "hazards/checkpoints_print.html" if request.GET.get("print") else "hazards/checkpoints.html"
    return render(
        request,
        template,
        {"org": school, "form": form, "cards": cards, "can_edit": can_edit, "crumbs": breadcrumb(request.user, school)},
    )


@login_required
@require_POST
def checkpoint_remove(request: HttpRequest, pk: int) -> HttpResponse:
    point = get_object_or_404(Checkpoint.objects.visible_to(request.user), pk=pk, is_active=True)
    checkpoints.deactivate_checkpoint(point, actor=request.user)
    messages.success(request, _("Checkpoint removed."))
    return redirect("hazards:checkpoints", pk=point.school_id)


@login_required
def scan(request: HttpRequest, token: str) -> HttpResponse:
    """Scanning a checkpoint's QR code opens that place's items in the school's open inspection."""
    point = get_object_or_404(Checkpoint.objects.visible_to(request.user).filter(is_active=True), token=token)
    elsewhere = claimed(request.user, point)  # e.g. a guard's scan is a patrol round (safecampus.facilities)
    if elsewhere is not None and request.GET.get("inspect") != "1":
        return redirect(elsewhere)
    areas = ",".join(point.areas)
    current = (
        Inspection.objects.filter(school=point.school, status=Inspection.Status.IN_PROGRESS)
        .order_by("-created_at")
        .first()
    )
    if current is not None:
        return redirect(f"{reverse('hazards:inspection', args=[current.pk])}?areas={areas}")
    messages.info(request, _("No inspection of this school is open. Start one; then scan the code again."))
    return redirect("hazards:inspection_new", pk=point.school_id)


@login_required
def checklist_list(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    lists = list(Checklist.objects.usable_at(org).select_related("owner", "extends"))
    can_add = org.level != Level.SCHOOL and has_perm(request.user, Perm.MANAGE_CHECKLISTS, org)
    form = ChecklistUploadForm(request.POST or None, request.FILES or None, checklists=lists)
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied(_("Your role does not manage checklists here."))
        if form.is_valid():
            data = form.cleaned_data
            try:
                items = read_items(data["file"])
                extends = next((c for c in lists if c.pk == data["extends"]), None)
                checklist = Checklist.objects.filter(code=data["code"], owner=org).first()
                if checklist is not None:
                    # The same code again: the next version of this unit's own list.
                    version = new_version(checklist, actor=request.user, items=items, note=data["name"])
                    publish_version(version, actor=request.user)
                else:
                    checklist = create_checklist(
                        actor=request.user,
                        owner=org,
                        code=data["code"],
                        name=data["name"],
                        items=items,
                        extends=extends,
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Checklist published."))
                return redirect("hazards:checklist", pk=org.pk, checklist_id=checklist.pk)
    context = {
        "org": org,
        "checklists": lists,
        "form": form,
        "can_add": can_add,
        "crumbs": breadcrumb(request.user, org),
    }
    return render(request, "hazards/checklists.html", context)


@login_required
def checklist_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(checklist_template_bytes(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="safecampus-checklist-template.xlsx"'
    return response


@login_required
def checklist_detail(request: HttpRequest, pk: int, checklist_id: int) -> HttpResponse:
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    checklist = get_object_or_404(Checklist.objects.usable_at(org), pk=checklist_id)
    version = checklist.published()
    from ..services.checklists import effective_items

    items = effective_items(version) if version else []
    return render(
        request,
        "hazards/checklist_detail.html",
        {
            "org": org,
            "checklist": checklist,
            "version": version,
            "items": items,
            "crumbs": breadcrumb(request.user, org),
        },
    )

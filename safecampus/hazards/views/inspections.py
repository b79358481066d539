"""Inspection pages: what is due, starting one, the phone page that walks the checklist, submitting."""

from __future__ import annotations

from collections import OrderedDict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core import clock
from safecampus.core.exceptions import StateConflict
from safecampus.core.forms import add_service_errors
from safecampus.core.steps_pages import take_step
from safecampus.orgs.models import Level, OrgUnit
from safecampus.orgs.views import breadcrumb

from ..filters import TaskFilter
from ..forms import StartInspectionForm
from ..models import Area, Checklist, Inspection, InspectionResult, InspectionTask
from ..services import inspections


@login_required
def inspection_list(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    done = Inspection.objects.visible_to(request.user).within(org.path).select_related("school", "checklist_version")
    tasks = (
        InspectionTask.objects.visible_within(request.user, org.path)
        .undone()
        .select_related("school", "plan", "inspecting_org", "inspection")
        .order_by("due_date")
    )
    context = {
        "org": org,
        "crumbs": breadcrumb(request.user, org),
        "today": clock.today(),
        "page": Paginator(done, 30).get_page(request.GET.get("page")),
        "tasks": tasks[:100],
        "task_count": tasks.count(),
        "overdue_count": tasks.missing(clock.today()).count(),
        "can_start": org.level == Level.SCHOOL and inspections.may_inspect(request.user, org),
    }
    return render(request, "hazards/inspection_list.html", context)


@login_required
def inspection_new(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk, level=Level.SCHOOL)
    task = None
    if request.GET.get("task", "").isdigit():
        task = get_object_or_404(InspectionTask.objects.visible_to(request.user), pk=request.GET["task"], school=school)
    if not inspections.may_inspect(request.user, school, task):
        raise PermissionDenied(_("You may not inspect this school."))
    usable = [c for c in Checklist.objects.usable_at(school) if c.published()]
    initial = {"date": clock.today()}
    if task:
        initial.update(kind=task.plan.kind, checklist=task.plan.checklist_id)
    form = StartInspectionForm(request.POST or None, checklists=usable, initial=initial)
    if request.method == "POST" and form.is_valid():
        checklist = next(c for c in usable if c.pk == form.cleaned_data["checklist"])
        try:
            inspection = inspections.start_inspection(
                actor=request.user,
                school=school,
                kind=form.cleaned_data["kind"],
                version=checklist.published(),
                inspection_date=form.cleaned_data["date"],
                task=task,
                is_unannounced=form.cleaned_data["is_unannounced"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except StateConflict as error:
            form.add_error(None, str(error))
        else:
            return redirect("hazards:inspection", pk=inspection.pk)
    return render(
        request,
        "hazards/inspection_new.html",
        {"org": school, "form": form, "task": task, "crumbs": breadcrumb(request.user, school)},
    )


@login_required
def inspection_walk(request: HttpRequest, pk: int) -> HttpResponse:
    """The mobile page: items grouped by area, each saved on its own as the inspector goes."""
    inspection = get_object_or_404(Inspection.objects.visible_to(request.user).select_related("school"), pk=pk)
    results = inspection.results.select_related("item").prefetch_related("photos")
    areas = [a for a in request.GET.get("areas", "").split(",") if a in Area.values]
    if areas:
        results = results.filter(item__area__in=areas)
    groups: OrderedDict[str, list[InspectionResult]] = OrderedDict()
    for result in results:
        groups.setdefault(result.item.get_area_display(), []).append(result)
    counts = _counts(inspection)
    offered = {step.verb for step in inspections.flow.offered(request.user, inspection)}
    editable = "results" in offered
    context = {
        "can_add_inspector": "add_inspector" in offered,
        "can_cancel": "cancel" in offered,
        "inspectors": inspection.inspectors.all(),
        "inspection": inspection,
        "org": inspection.school,
        "groups": groups,
        "counts": counts,
        "editable": editable,
        "areas": areas,
        "crumbs": breadcrumb(request.user, inspection.school),
        "hazards": inspection.hazards.all(),
    }
    return render(request, "hazards/inspection_walk.html", context)


def _counts(inspection: Inspection) -> dict[str, int]:
    counts = {"pending": 0, "pass": 0, "fail": 0, "na": 0}
    for outcome in inspection.results.values_list("outcome", flat=True):
        counts[outcome] += 1
    counts["total"] = sum(counts.values())
    return counts


@login_required
@require_POST
def record(request: HttpRequest, pk: int, item_id: int) -> JsonResponse:
    """Save one item's result. Answers JSON so the page can queue and retry on a flaky connection."""
    inspection = get_object_or_404(Inspection.objects.visible_to(request.user), pk=pk)
    step = inspections.flow.steps["results"]
    data = request.POST.copy()
    data["item"] = str(item_id)
    try:
        step.check(request.user, inspection)
        form = step.make_form(inspection, request.user, data, request.FILES)
        if not form.is_valid():
            step.more_errors(inspection, form)
            return JsonResponse({"ok": False, "errors": form.errors}, status=400)
        result = step(inspection, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        return JsonResponse({"ok": False, "errors": error.message_dict}, status=400)
    except StateConflict as error:
        return JsonResponse({"ok": False, "errors": {"__all__": [str(error)]}}, status=409)
    return JsonResponse(
        {"ok": True, "outcome": result.outcome, "photos": result.photos.count(), "counts": _counts(inspection)}
    )


def _walk_step(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    """The walk page's own forms (submit, cancel, add to team): the step's answer, then back to the page."""
    inspection = get_object_or_404(Inspection.objects.visible_to(request.user), pk=pk)

    def again(bound: dict | None = None, status: int = 200) -> HttpResponse:
        for form in (bound or {}).values():
            messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
        response = inspection_walk(request, pk)
        response.status_code = status
        return response

    return take_step(
        request,
        inspections.flow,
        inspection,
        verb,
        done_url=reverse("hazards:inspection", args=[pk]),
        render=again,
        prefix=None,
        announce=verb != "submit",  # the walk page shows the score and the drafts made
    )


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _walk_step(request, pk, "submit")


@login_required
@require_POST
def add_inspector(request: HttpRequest, pk: int) -> HttpResponse:
    return _walk_step(request, pk, "add_inspector")


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _walk_step(request, pk, "cancel")


@login_required
def task_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Every due inspection of an area with its outcome: the rows behind completeness and timeliness."""
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    base = (
        InspectionTask.objects.visible_within(request.user, org.path)
        .select_related("school", "plan", "inspection")
        .order_by("due_date", "org_path", "pk")
    )
    filtered = TaskFilter(request.GET, queryset=base, request=request)
    page = Paginator(filtered.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "org": org,
        "crumbs": breadcrumb(request.user, org),
        "filter": filtered,
        "page": page,
        "today": clock.today(),
        "query": query.urlencode(),
    }
    return render(request, "hazards/task_list.html", context)

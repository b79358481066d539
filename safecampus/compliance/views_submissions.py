"""Submission pages: a unit's requests and submissions, asking (a bureau), one request with its DHIS2 figures per
unit below, one submission with its files and steps, and the files themselves (scoped)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from safecampus.core import clock
from safecampus.core.forms import add_service_errors
from safecampus.core.steps_pages import step_forms, take_step
from safecampus.orgs.models import OrgUnit
from safecampus.orgs.views import breadcrumb

from . import stats
from .forms_submissions import AskForm, ask_values
from .models import Submission, SubmissionFile, SubmissionRequest, SubmissionState
from .services import submissions as service


def _org(request: HttpRequest, pk: int) -> OrgUnit:
    return get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)


def figures(request_row: SubmissionRequest, org: OrgUnit, children: list[OrgUnit]) -> stats.Table:
    day = request_row.opens_on
    return stats.table(org, children, day, day, clock.today(), request=request_row)


@login_required
def submission_list(request: HttpRequest, pk: int) -> HttpResponse:
    """What this unit was asked to send, and (a bureau) what it asked of the units below with their figures."""
    org = _org(request, pk)
    own = Submission.objects.visible_to(request.user).filter(org=org).select_related("request", "request__org")
    asked = SubmissionRequest.objects.visible_to(request.user).filter(org=org)
    page = Paginator(asked, 20).get_page(request.GET.get("page"))
    rows = [{"request": r, "figures": figures(r, org, []).total(org.pk)} for r in page]
    return render(
        request,
        "compliance/submissions.html",
        {
            "org": org,
            "crumbs": breadcrumb(request.user, org),
            "own": own.order_by("-request__deadline")[:50],
            "page": page,
            "rows": rows,
            "can_ask": service.may_ask(request.user, org),
            "today": clock.today(),
        },
    )


@login_required
def request_new(request: HttpRequest, pk: int) -> HttpResponse:
    org = _org(request, pk)
    if not service.may_ask(request.user, org):
        raise PermissionDenied(_("Only a bureau's safety officers and administrators ask for submissions."))
    form = AskForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = service.ask(org, actor=request.user, **ask_values(form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Asked for: %(title)s.") % {"title": made.title})
            return redirect("compliance:request", pk=made.pk)
    return render(
        request,
        "compliance/request_form.html",
        {"org": org, "crumbs": breadcrumb(request.user, org), "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _request(request: HttpRequest, pk: int) -> SubmissionRequest:
    """A request its bureau's people see, and so do the units asked (through their own submission)."""
    found = get_object_or_404(SubmissionRequest.objects.select_related("org", "created_by"), pk=pk)
    if SubmissionRequest.objects.visible_to(request.user).filter(pk=pk).exists():
        return found
    if Submission.objects.visible_to(request.user).filter(request=found).exists():
        return found
    raise Http404


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = _request(request, pk)
    mine = SubmissionRequest.objects.visible_to(request.user).filter(pk=pk).exists()
    context: dict[str, Any] = {"request_row": found, "org": found.org, "crumbs": breadcrumb(request.user, found.org)}
    if mine:
        children = list(OrgUnit.objects.within(found.org.path).filter(depth=found.org.depth + 1))
        children.sort(key=lambda child: child.path)
        table = figures(found, found.org, children)
        rows = Submission.objects.filter(request=found).select_related("org")
        state = request.GET.get("state", "")
        if state in SubmissionState.values:
            rows = rows.filter(state=state)
        elif state == "late":
            rows = rows.filter(
                state__in=[SubmissionState.DUE, SubmissionState.RETURNED], request__deadline__lt=clock.today()
            )
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            total=table.total(found.org.pk),
            children=[{"org": c, "figures": table.total(c.pk)} for c in children if table.rows.get(c.pk)],
            page=Paginator(rows.order_by("org_path"), 50).get_page(request.GET.get("page")),
            query=query.urlencode(),
            state=state,
            states=SubmissionState.choices,
        )
    else:
        context["mine"] = Submission.objects.visible_to(request.user).filter(request=found).select_related("org")
    context["is_bureau"] = mine
    return render(request, "compliance/request.html", context)


@login_required
def request_template(request: HttpRequest, pk: int) -> FileResponse:
    found = _request(request, pk)
    if not found.template:
        raise Http404
    return FileResponse(
        found.template.open("rb"),
        as_attachment=True,
        filename=f"{found.title}.{found.template.name.rsplit('.', 1)[-1]}",
    )


def _submission(request: HttpRequest, pk: int) -> Submission:
    queryset = Submission.objects.select_related("request", "request__org", "org", "submitted_by", "decided_by")
    found = get_object_or_404(queryset, pk=pk)
    visible = Submission.objects.visible_to(request.user).filter(pk=pk).exists()
    if not visible and not SubmissionRequest.objects.visible_to(request.user).filter(pk=found.request_id).exists():
        raise Http404
    return found


@login_required
def submission_detail(request: HttpRequest, pk: int, status: int = 200, bound: Any = None) -> HttpResponse:
    found = _submission(request, pk)
    return render(
        request,
        "compliance/submission.html",
        {
            "submission": found,
            "org": found.org,
            "crumbs": breadcrumb(request.user, found.org),
            "files": found.files.select_related("uploaded_by"),
            "step_forms": step_forms(service.flow, found, request.user, bound),
            "step_base": reverse("compliance:submission", args=[found.pk]) + "step/",
            "late": found.first_submitted_at is None and found.request.deadline < clock.today(),
        },
        status=status,
    )


@login_required
def submission_step(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    if request.method != "POST":
        raise Http404
    found = _submission(request, pk)
    return take_step(
        request,
        service.flow,
        found,
        verb,
        done_url=reverse("compliance:submission", args=[found.pk]),
        render=lambda **kwargs: submission_detail(request, pk, **kwargs),
    )


@login_required
def submission_file(request: HttpRequest, pk: int) -> FileResponse:
    row = get_object_or_404(SubmissionFile.objects.select_related("submission"), pk=pk)
    _submission(request, row.submission_id)
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=row.name or row.file.name.rsplit("/", 1)[-1])

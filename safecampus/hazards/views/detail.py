"""One hazard: its record, photos, steps so far, and a form for each step the user may take now (from `flow`)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core.forms import add_service_errors
from safecampus.core.steps_pages import step_forms, take_step
from safecampus.orgs.models import Level, OrgUnit
from safecampus.orgs.views import breadcrumb

from .. import forms as f
from ..models import Hazard, Photo
from ..permissions import reports_as_bureau
from ..services import workflow
from ..services.common import flow


def _visible_hazard(request: HttpRequest, pk: int) -> Hazard:
    return get_object_or_404(Hazard.objects.visible_to(request.user).select_related("school", "listed_by"), pk=pk)


def render_detail(
    request: HttpRequest, hazard: Hazard, bound: dict[str, forms.Form] | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "hazard": hazard,
        "org": hazard.school,
        "crumbs": breadcrumb(request.user, hazard.school),
        "events": hazard.events.select_related("actor"),
        "photos": hazard.photos.all(),
        "extensions": hazard.extensions.select_related("requested_by", "decided_by"),
        "listings": hazard.listings.select_related("listed_by"),
        "step_forms": step_forms(flow, hazard, request.user, bound),
    }
    return render(request, "hazards/detail.html", context, status=status)


@login_required
def hazard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_detail(request, _visible_hazard(request, pk))


@login_required
@require_POST
def hazard_step(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    """Every step's form posts here; the declaration in services decides everything else."""
    hazard = _visible_hazard(request, pk)
    return take_step(
        request,
        flow,
        hazard,
        verb,
        done_url=reverse("hazards:detail", args=[hazard.pk]),
        render=lambda **kwargs: render_detail(request, _visible_hazard(request, pk), **kwargs),
    )


@login_required
def report_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Register a hazard at a school (mobile-friendly; the camera opens for photos)."""
    school = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk, level=Level.SCHOOL)
    form = f.ReportForm(request.POST or None, request.FILES or None, bureau=reports_as_bureau(request.user, school))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "photos"}
        try:
            hazard = workflow.report_hazard(
                actor=request.user, school=school, photos=form.cleaned_data["photos"], **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The hazard is registered. Its deadline is %(date)s.") % {"date": hazard.deadline.isoformat()},
            )
            return redirect("hazards:detail", pk=hazard.pk)
    return render(
        request, "hazards/report.html", {"org": school, "form": form, "crumbs": breadcrumb(request.user, school)}
    )


@login_required
def photo_file(request: HttpRequest, pk: int) -> FileResponse:
    """Serve a photo only to people who may see its school."""
    photo = get_object_or_404(Photo.objects.visible_to(request.user), pk=pk)
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response

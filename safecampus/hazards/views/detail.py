"""One hazard: its record, photos, steps so far, and a form for each step the user may take now."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from safecampus.core import clock
from safecampus.core.exceptions import StateConflict
from safecampus.core.forms import add_service_errors
from safecampus.orgs.models import Level, OrgUnit
from safecampus.orgs.views import breadcrumb

from .. import forms as f
from ..models import Hazard, Photo
from ..permissions import allowed_steps, listing_orgs
from ..services import recheck, workflow

STEP_FORMS: dict[str, type[forms.Form]] = {
    "report": f.CommentForm,
    "edit": f.DraftForm,
    "rectify": f.RectifyForm,
    "submit": f.SubmitForm,
    "photos": f.PhotosForm,
    "verify": f.CommentForm,
    "reject": f.ReasonForm,
    "request_extension": f.ExtensionForm,
    "approve_extension": f.DecisionForm,
    "deny_extension": f.DecisionForm,
    "list": f.ListForm,
    "unlist": f.ReasonForm,
    "reopen": f.ReopenForm,
    "confirm_recheck": f.CommentForm,
}


STEP_TITLES = {
    "report": gettext_lazy("Register this hazard"),
    "edit": gettext_lazy("Correct the draft"),
    "rectify": gettext_lazy("Rectification plan"),
    "submit": gettext_lazy("Submit the rectification"),
    "photos": gettext_lazy("Add evidence photos"),
    "verify": gettext_lazy("Verify and close"),
    "reject": gettext_lazy("Reject the rectification"),
    "request_extension": gettext_lazy("Request an extension"),
    "approve_extension": gettext_lazy("Approve the extension"),
    "deny_extension": gettext_lazy("Deny the extension"),
    "list": gettext_lazy("List for supervision"),
    "unlist": gettext_lazy("End the listing"),
    "reopen": gettext_lazy("Reopen after re-check"),
    "confirm_recheck": gettext_lazy("Re-check: the fix holds"),
}
STEP_ORDER = list(STEP_TITLES)
DANGER_STEPS = {"reject", "deny_extension", "unlist", "reopen"}


def _call(verb: str, request: HttpRequest, hazard: Hazard, data: dict[str, Any], photos: list[Any]) -> Any:
    actor = request.user
    calls: dict[str, Callable[[], Any]] = {
        "report": lambda: workflow.report(hazard, actor=actor, comment=data["comment"]),
        "edit": lambda: workflow.edit_draft(hazard, actor=actor, **data),
        "rectify": lambda: workflow.rectify(hazard, actor=actor, **data),
        "submit": lambda: workflow.submit(hazard, actor=actor, rectification=data["rectification"], photos=photos),
        "photos": lambda: workflow.add_evidence(hazard, actor=actor, photos=photos),
        "verify": lambda: workflow.verify(hazard, actor=actor, comment=data["comment"]),
        "reject": lambda: workflow.reject(hazard, actor=actor, reason=data["reason"]),
        "request_extension": lambda: workflow.request_extension(hazard, actor=actor, **data),
        "approve_extension": lambda: workflow.decide_extension(hazard, actor=actor, approve=True, note=data["note"]),
        "deny_extension": lambda: workflow.decide_extension(hazard, actor=actor, approve=False, note=data["note"]),
        "list": lambda: workflow.list_hazard(
            hazard,
            actor=actor,
            listed_by=OrgUnit.objects.get(pk=data["listed_by"]),
            notice_no=data["notice_no"],
            supervising_unit=data["supervising_unit"],
            deadline=data["deadline"],
        ),
        "unlist": lambda: workflow.unlist(hazard, actor=actor, reason=data["reason"]),
        "reopen": lambda: workflow.reopen(hazard, actor=actor, **data),
        "confirm_recheck": lambda: recheck.confirm_recheck(hazard, actor=actor, comment=data["comment"]),
    }
    return calls[verb]()


def _visible_hazard(request: HttpRequest, pk: int) -> Hazard:
    return get_object_or_404(Hazard.objects.visible_to(request.user).select_related("school", "listed_by"), pk=pk)


def _forms_for(request: HttpRequest, hazard: Hazard, bound: dict[str, forms.Form] | None = None) -> dict[str, Any]:
    steps = allowed_steps(request.user, hazard)
    if "submit" in steps or "rectify" in steps:
        steps.add("photos")
    built: dict[str, forms.Form] = {}
    for verb in steps:
        if bound and verb in bound:
            built[verb] = bound[verb]
            continue
        initial: dict[str, Any] = {}
        if verb == "rectify":
            initial = {
                "owner_name": hazard.owner_name,
                "measures": hazard.measures,
                "funds": hazard.funds,
                "deadline": hazard.deadline,
                "contingency": hazard.contingency,
            }
        elif verb == "edit":
            initial = {
                "place": hazard.place,
                "area": hazard.area,
                "level": hazard.level,
                "description": hazard.description,
            }
        elif verb == "list":
            built[verb] = f.ListForm(orgs=listing_orgs(request.user, hazard), prefix=verb)
            continue
        built[verb] = STEP_FORMS[verb](initial=initial, prefix=verb)
    return built


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
        "step_forms": [
            {
                "verb": verb,
                "form": form,
                "title": STEP_TITLES[verb],
                "danger": verb in DANGER_STEPS,
                "multipart": verb in ("submit", "photos"),
            }
            for verb, form in sorted(_forms_for(request, hazard, bound).items(), key=lambda kv: STEP_ORDER.index(kv[0]))
        ],
        "overdue": hazard.is_overdue(clock.today()),
        "today": clock.today(),
    }
    return render(request, "hazards/detail.html", context, status=status)


@login_required
def hazard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_detail(request, _visible_hazard(request, pk))


@login_required
@require_POST
def hazard_step(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    hazard = _visible_hazard(request, pk)
    if verb not in STEP_FORMS:
        raise Http404
    if verb == "list":
        form: forms.Form = f.ListForm(request.POST, orgs=listing_orgs(request.user, hazard), prefix=verb)
    else:
        form = STEP_FORMS[verb](request.POST, request.FILES, prefix=verb)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "photos"}
        try:
            _call(verb, request, hazard, data, form.cleaned_data.get("photos") or [])
        except ValidationError as error:
            add_service_errors(form, error)
        except StateConflict as error:
            messages.error(request, str(error))
            return render_detail(request, _visible_hazard(request, pk), status=409)
        else:
            messages.success(request, _("%(step)s: done.") % {"step": STEP_TITLES[verb]})
            return redirect("hazards:detail", pk=hazard.pk)
    return render_detail(request, _visible_hazard(request, pk), bound={verb: form}, status=400)


@login_required
def report_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Register a hazard at a school (mobile-friendly; the camera opens for photos)."""
    school = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk, level=Level.SCHOOL)
    from safecampus.core.access import Perm, has_perm

    parent = OrgUnit.objects.filter(path=school.path[: -OrgUnit.steplen]).first()
    bureau = parent is not None and has_perm(request.user, Perm.SUPERVISE, parent)
    form = f.ReportForm(request.POST or None, request.FILES or None, bureau=bureau)
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

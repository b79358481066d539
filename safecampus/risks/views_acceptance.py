"""Acceptance pages: a node's assessments and progress against the target, one assessment with its indicator tree
and steps, the score sheet and certificate (PDF), and a title's page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core import clock
from safecampus.core.access import Perm, has_perm
from safecampus.core.forms import add_service_errors
from safecampus.core.pdf import pdf_response
from safecampus.core.steps_pages import step_forms, take_step
from safecampus.hazards.documents import qr_data_uri
from safecampus.orgs.models import OrgUnit
from safecampus.orgs.views import breadcrumb

from . import forms_acceptance as f
from .models import Assessment, AssessmentState, ScoreStage, Title
from .services import acceptance, titles
from .services.common import may_manage_school
from .stats_acceptance import progress


@login_required
def assessment_list(
    request: HttpRequest, pk: int, start_form: Any = None, adopt_form: Any = None, status: int = 200
) -> HttpResponse:
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    rows = Assessment.objects.visible_within(request.user, org.path).select_related("school", "scheme")
    state = request.GET.get("state", "")
    if state in AssessmentState.values:
        rows = rows.filter(state=state)
    kind = request.GET.get("kind", "")
    if kind:
        rows = rows.filter(scheme_kind=kind)
    is_school = org.level == "school"
    schemes = acceptance.schemes_for(org) if is_school and may_manage_school(request.user, org) else []
    adoptable = [] if is_school or not has_perm(request.user, Perm.MANAGE_ORGS, org) else acceptance.schemes_for(org)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "risks/assessments.html",
        {
            "org": org,
            "crumbs": breadcrumb(request.user, org),
            "page": Paginator(rows, 50).get_page(request.GET.get("page")),
            "query": query.urlencode(),
            "states": AssessmentState.choices,
            "progress": progress(org),
            "start_form": start_form or (f.StartForm(schemes=schemes) if schemes else None),
            "adopt_form": adopt_form or (f.AdoptForm(schemes=adoptable) if adoptable else None),
            "schemes_in_force": acceptance.schemes_for(org),
            "titles": Title.objects.visible_within(request.user, org.path).select_related("school")[:20],
        },
        status=status,
    )


@login_required
@require_POST
def assessment_start(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    schemes = acceptance.schemes_for(school)
    form = f.StartForm(request.POST, schemes=schemes)
    if form.is_valid():
        scheme = next(s for s in schemes if s.pk == form.cleaned_data["scheme"])
        try:
            assessment = acceptance.start(school, scheme, actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Self-assessment started: score each indicator, then submit."))
            return redirect("risks:assessment", pk=assessment.pk)
    return assessment_list(request, pk, start_form=form, status=400)


@login_required
@require_POST
def scheme_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    schemes = acceptance.schemes_for(org)
    form = f.AdoptForm(request.POST, schemes=schemes)
    if form.is_valid():
        scheme = next(s for s in schemes if s.pk == form.cleaned_data["scheme"])
        try:
            copy = acceptance.adopt_scheme(scheme, org, actor=request.user, pass_score=form.cleaned_data["pass_score"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Published for %(org)s: %(scheme)s.") % {"org": org.name, "scheme": str(copy)})
            return redirect("risks:assessments", pk=org.pk)
    return assessment_list(request, pk, adopt_form=form, status=400)


def _visible(request: HttpRequest, pk: int) -> Assessment:
    rows = Assessment.objects.visible_to(request.user).select_related("school", "scheme", "reviewed_by", "decided_by")
    return get_object_or_404(rows, pk=pk)


def indicator_rows(assessment: Assessment) -> list[dict[str, Any]]:
    """The scheme's tree with each leaf's self and review scores and its evidence."""
    scores: dict[tuple[int, str], Any] = {
        (s.indicator_id, s.stage): s for s in assessment.scores.prefetch_related("evidence")
    }
    rows = []
    leaves = {i.pk for i in acceptance.leaves(assessment.scheme)}
    for indicator in assessment.scheme.indicators.all():
        rows.append(
            {
                "indicator": indicator,
                "leaf": indicator.pk in leaves,
                "own": scores.get((indicator.pk, ScoreStage.SELF)),
                "review": scores.get((indicator.pk, ScoreStage.REVIEW)),
            }
        )
    return rows


@login_required
def assessment_detail(request: HttpRequest, pk: int, bound: dict | None = None, status: int = 200) -> HttpResponse:
    assessment = _visible(request, pk)
    title = Title.objects.filter(assessment=assessment).first()
    return render(
        request,
        "risks/assessment.html",
        {
            "assessment": assessment,
            "org": assessment.school,
            "crumbs": breadcrumb(request.user, assessment.school),
            "rows": indicator_rows(assessment),
            "self": acceptance.score_of(assessment, ScoreStage.SELF),
            "review": acceptance.score_of(assessment, ScoreStage.REVIEW),
            "events": assessment.events.select_related("actor"),
            "step_forms": step_forms(acceptance.flow, assessment, request.user, bound),
            "title": title,
            "title_steps": step_forms(titles.flow, title, request.user) if title else [],
        },
        status=status,
    )


@login_required
@require_POST
def assessment_step(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    assessment = _visible(request, pk)
    return take_step(
        request,
        acceptance.flow,
        assessment,
        verb,
        done_url=reverse("risks:assessment", args=[assessment.pk]),
        render=lambda **kwargs: assessment_detail(request, pk, **kwargs),
    )


@login_required
@require_POST
def title_step(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    title = get_object_or_404(Title.objects.visible_to(request.user).select_related("school"), pk=pk)
    return take_step(
        request,
        titles.flow,
        title,
        verb,
        done_url=reverse("risks:assessment", args=[title.assessment_id]),
        render=lambda **kwargs: assessment_detail(request, title.assessment_id, status=kwargs.get("status", 200)),
    )


@login_required
def score_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _visible(request, pk)
    context = {
        "assessment": assessment,
        "rows": indicator_rows(assessment),
        "today": clock.today(),
    }
    return pdf_response("risks/pdf/score_sheet.html", context, f"score-sheet-{assessment.number}.pdf")


@login_required
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _visible(request, pk)
    if assessment.state != AssessmentState.PASSED:
        raise Http404
    url = request.build_absolute_uri(reverse("risks:assessment", args=[assessment.pk]))
    context = {
        "assessment": assessment,
        "qr": qr_data_uri(url),
        "url": url,
        "title": getattr(assessment, "title", None),
    }
    return pdf_response("risks/pdf/certificate.html", context, f"certificate-{assessment.number}.pdf")


@login_required
def evidence(request: HttpRequest, pk: int) -> Any:
    """A self-assessment photo, to those who see the assessment."""
    from django.http import FileResponse

    from .models import Evidence

    visible = Assessment.objects.visible_to(request.user)
    row = get_object_or_404(Evidence.objects.filter(score__assessment__in=visible), pk=pk)
    return FileResponse(row.file.open("rb"), filename=row.file.name.rsplit("/", 1)[-1])

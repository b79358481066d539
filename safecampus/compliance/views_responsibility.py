"""Responsibility pages: a unit's yearly documents, its 办实事 list, the letters it signs (with coverage: how many
schools and posts have a signed letter this year), one document, one task and one letter with their steps, the
letter as PDF, and the wording of each post's duties."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core import clock
from safecampus.core.forms import add_service_errors
from safecampus.core.pdf import pdf_response
from safecampus.core.steps_pages import step_forms, take_step
from safecampus.orgs.models import Level, OrgUnit
from safecampus.orgs.views import breadcrumb

from .forms_responsibility import DocumentForm, IssueForm, TaskForm, TemplateForm
from .letters import DEFAULT_DUTIES, letter_context
from .models import DutyDocument, DutyTemplate, Letter, LetterState, Occurrence, PracticalTask, TaskState, Trainee
from .rulebook import obligations
from .services import letters as signing
from .services import responsibility as service
from .views import _org

RESPONSIBILITY = ("document", "practical", "letter", "post_letter", "supervision")


def coverage(user: Any, org: OrgUnit, year: int) -> dict[str, Any]:
    """This year's letters of the unit, as the user reads them: for a bureau, its schools with a signed letter; for
    a school, its own letter with the bureau and its people with a signed letter."""
    live = Letter.objects.visible_to(user).live().filter(year=year)
    if org.level == Level.SCHOOL:
        people = Trainee.objects.visible_to(user).filter(school=org, is_active=True).count()
        signed = live.filter(org=org, trainee__isnull=False, state=LetterState.SIGNED, trainee__is_active=True)
        return {"people": people, "people_signed": signed.count(), "own": live.filter(org=org, trainee=None).first()}
    schools = (
        OrgUnit.objects.visible_to(user)
        .within(org.path)
        .filter(depth=org.depth + 1, level=Level.SCHOOL, is_active=True)
    )
    signed = live.filter(issuer=org, trainee=None, state=LetterState.SIGNED).count()
    return {"schools": schools.count(), "schools_signed": signed}


@login_required
def responsibility(
    request: HttpRequest, pk: int, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    org = _org(request, pk)
    today = clock.today()
    year = _year(request, today.year)
    keeps = service.may_keep(request.user, org)
    forms = forms or {}
    own = Occurrence.objects.visible_to(request.user).filter(
        org=org,
        trainee=None,
        period_start__year=year,
        obligation__in=[s.code for s in obligations if s.source in RESPONSIBILITY],
    )
    titles = {spec.code: spec.title for spec in obligations}
    letters = Letter.objects.visible_to(request.user).filter(year=year).select_related("org", "trainee")
    letters = letters.filter(org=org) if org.level == Level.SCHOOL else letters.filter(issuer=org, trainee=None)
    return render(
        request,
        "compliance/responsibility.html",
        {
            "org": org,
            "crumbs": breadcrumb(request.user, org),
            "year": year,
            "years": [today.year + 1, today.year, today.year - 1, today.year - 2],
            "own": [
                {"o": o, "title": titles.get(o.obligation, o.obligation), "state": o.shown_state(today)} for o in own
            ],
            "documents": DutyDocument.objects.visible_to(request.user).filter(org=org, held_on__year=year),
            "tasks": PracticalTask.objects.visible_to(request.user).filter(org=org, year=year),
            "solved": PracticalTask.objects.visible_to(request.user)
            .filter(org=org, year=year, state=TaskState.DONE)
            .count(),
            "letters": letters.order_by("state", "trainee__post", "trainee__name", "org__path")[:500],
            "coverage": coverage(request.user, org, year),
            "keeps": keeps,
            "is_school": org.level == Level.SCHOOL,
            "document_form": forms.get("document")
            or (DocumentForm(prefix="document", initial={"held_on": today}) if keeps else None),
            "task_form": forms.get("task") or (TaskForm(prefix="task") if keeps else None),
            "issue_form": forms.get("issue") or (IssueForm(prefix="issue", initial={"year": year}) if keeps else None),
        },
        status=status,
    )


def _year(request: HttpRequest, default: int) -> int:
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        return default
    return year if 2000 <= year <= 2100 else default


def _keeper(request: HttpRequest, pk: int) -> OrgUnit:
    org = _org(request, pk)
    service.require_keeper(request.user, org)
    return org


@login_required
@require_POST
def document_new(request: HttpRequest, pk: int) -> HttpResponse:
    org = _keeper(request, pk)
    form = DocumentForm(request.POST, request.FILES, prefix="document")
    if form.is_valid():
        try:
            made = service.publish_document(org, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Published: %(doc)s.") % {"doc": made.title})
            return redirect(reverse("compliance:responsibility", args=[org.pk]) + f"?year={made.held_on.year}")
    return responsibility(request, pk, forms={"document": form}, status=400)


@login_required
@require_POST
def task_new(request: HttpRequest, pk: int) -> HttpResponse:
    org = _keeper(request, pk)
    form = TaskForm(request.POST, prefix="task")
    if form.is_valid():
        try:
            made = service.pledge(org, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("On the list: %(task)s.") % {"task": made.problem})
            return redirect(reverse("compliance:responsibility", args=[org.pk]) + f"?year={made.year}#tasks")
    return responsibility(request, pk, forms={"task": form}, status=400)


@login_required
@require_POST
def letters_issue(request: HttpRequest, pk: int) -> HttpResponse:
    org = _keeper(request, pk)
    form = IssueForm(request.POST, prefix="issue")
    if form.is_valid():
        issue = signing.issue_post_letters if org.level == Level.SCHOOL else signing.issue_school_letters
        try:
            made = issue(org, actor=request.user, year=form.cleaned_data["year"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if made:
                messages.success(request, _("%(n)s letters issued.") % {"n": made})
            else:
                messages.info(request, _("Every one already has a letter for this year."))
            year = form.cleaned_data["year"]
            return redirect(reverse("compliance:responsibility", args=[org.pk]) + f"?year={year}#letters")
    return responsibility(request, pk, forms={"issue": form}, status=400)


def _detail(
    request: HttpRequest,
    template: str,
    workflow: Any,
    record: Any,
    url: str,
    org: Any,
    status: int,
    bound: Any,
    **extra: Any,
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "record": record,
            "org": org,
            "crumbs": breadcrumb(request.user, org),
            "step_forms": step_forms(workflow, record, request.user, bound),
            "step_base": url + "step/",
            **extra,
        },
        status=status,
    )


@login_required
def document_detail(request: HttpRequest, pk: int, status: int = 200, bound: Any = None) -> HttpResponse:
    document = get_object_or_404(DutyDocument.objects.visible_to(request.user).select_related("org"), pk=pk)
    url = reverse("compliance:document", args=[pk])
    return _detail(request, "compliance/document.html", service.documents, document, url, document.org, status, bound)


@login_required
def document_file(request: HttpRequest, pk: int) -> FileResponse:
    document = get_object_or_404(DutyDocument.objects.visible_to(request.user), pk=pk)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1])


@login_required
def task_detail(request: HttpRequest, pk: int, status: int = 200, bound: Any = None) -> HttpResponse:
    task = get_object_or_404(PracticalTask.objects.visible_to(request.user).select_related("org"), pk=pk)
    url = reverse("compliance:task", args=[pk])
    return _detail(request, "compliance/task.html", service.tasks, task, url, task.org, status, bound)


@login_required
def letter_detail(request: HttpRequest, pk: int, status: int = 200, bound: Any = None) -> HttpResponse:
    letter = get_object_or_404(
        Letter.objects.visible_to(request.user).select_related("org", "issuer", "trainee"), pk=pk
    )
    url = reverse("compliance:letter", args=[pk])
    return _detail(
        request,
        "compliance/letter.html",
        signing.flow,
        letter,
        url,
        letter.org,
        status,
        bound,
        lines=letter_context(letter)["lines"],
    )


@login_required
def letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_object_or_404(
        Letter.objects.visible_to(request.user).select_related("org", "issuer", "trainee"), pk=pk
    )
    return pdf_response("compliance/pdf/letter.html", letter_context(letter), f"letter-{letter.year}-{letter.pk}.pdf")


@login_required
def letter_scan(request: HttpRequest, pk: int) -> FileResponse:
    letter = get_object_or_404(Letter.objects.visible_to(request.user).exclude(scan=""), pk=pk)
    return FileResponse(letter.scan.open("rb"), as_attachment=True, filename=letter.scan.name.rsplit("/", 1)[-1])


def _step(request: HttpRequest, model: Any, workflow: Any, name: str, detail: Any, pk: int, verb: str) -> HttpResponse:
    record = get_object_or_404(model.objects.visible_to(request.user), pk=pk)
    return take_step(
        request,
        workflow,
        record,
        verb,
        done_url=reverse(f"compliance:{name}", args=[pk]),
        render=lambda **kwargs: detail(request, pk, **kwargs),
    )


@login_required
@require_POST
def document_step(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    return _step(request, DutyDocument, service.documents, "document", document_detail, pk, verb)


@login_required
@require_POST
def task_step(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    return _step(request, PracticalTask, service.tasks, "task", task_detail, pk, verb)


@login_required
@require_POST
def letter_step(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    return _step(request, Letter, signing.flow, "letter", letter_detail, pk, verb)


@login_required
def templates(request: HttpRequest, pk: int) -> HttpResponse:
    """The duties each post's letter states at the schools below the unit: its own wording, else the platform's."""
    org = _org(request, pk)
    keeps = service.may_keep(request.user, org)
    form = TemplateForm(prefix="template") if keeps else None
    labels = {key: str(label) for key, label in TemplateForm.base_fields["post"].choices}
    status = 200
    if request.method == "POST":
        service.require_keeper(request.user, org)
        form = TemplateForm(request.POST, prefix="template")
        if form.is_valid():
            try:
                signing.word_duties(org, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The duties are worded; letters issued from now on state them."))
                return redirect("compliance:duty_templates", pk=org.pk)
        status = 400
    return render(
        request,
        "compliance/duty_templates.html",
        {
            "org": org,
            "crumbs": breadcrumb(request.user, org),
            "rows": DutyTemplate.objects.filter(owner_path__in=org.ancestor_paths()).select_related("owner"),
            "defaults": [(labels.get(post, post), text) for post, text in DEFAULT_DUTIES.items()],
            "post_labels": labels,
            "form": form,
        },
        status=status,
    )

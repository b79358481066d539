"""Duty pages: a school's calendar of what is due, a bureau's completeness table, recording drills and activities
(phone-sized), one record, one occurrence with its steps, and the list of occurrences behind each figure."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from safecampus.core import clock
from safecampus.core.forms import add_service_errors
from safecampus.core.steps_pages import step_forms, take_step
from safecampus.orgs.models import OrgUnit
from safecampus.orgs.views import breadcrumb

from . import stats
from .calendar_view import school_calendar
from .forms import ActivityForm, DrillForm
from .ical import feed_url
from .models import (
    Activity,
    Drill,
    DrillPhoto,
    Occurrence,
    OccurrenceState,
    Submission,
    SubmissionState,
    Training,
)
from .rulebook import obligations
from .services import records
from .sources import rows_of

SHOWN_STATES = (
    ("open", pgettext_lazy("duty", "Due")),
    ("overdue", gettext_lazy("Overdue (late if done now)")),
    ("missing", pgettext_lazy("duty", "Missing")),
    ("done", pgettext_lazy("duty", "Done on time")),
    ("late", pgettext_lazy("duty", "Done late")),
    ("excused", pgettext_lazy("duty", "Excused")),
)


def _org(request: HttpRequest, pk: int) -> OrgUnit:
    return get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)


@login_required
def duties(request: HttpRequest, pk: int) -> HttpResponse:
    """A school: what is due this month and term, and its records. A bureau: each child's figures per duty."""
    org = _org(request, pk)
    today = clock.today()
    if org.level == "school":
        return render(
            request,
            "compliance/school.html",
            {
                "org": org,
                "crumbs": breadcrumb(request.user, org),
                "calendar": school_calendar(org, today),
                "drills": Drill.objects.visible_to(request.user).filter(school=org)[:10],
                "activities": Activity.objects.visible_to(request.user).filter(school=org)[:10],
                "submissions": Submission.objects.visible_to(request.user)
                .filter(org=org, state__in=[SubmissionState.DUE, SubmissionState.RETURNED])
                .select_related("request", "request__org"),
                "can_record": records.may_record(request.user, org),
                "today": today,
                "feed": feed_url(request),
            },
        )
    choice = request.GET.get("range", "year")
    choice = choice if choice in dict(stats.RANGES) else "year"
    first, last = stats.bounds(choice, today, org)
    children = stats.children_of(request.user, org)
    figures = stats.table(org, children, first, last, today)
    order = request.GET.get("sort", "")
    rows = [
        {"org": child, "by": figures.rows.get(child.pk, {}), "total": figures.total(child.pk)} for child in children
    ]
    if order in ("completeness", "timeliness"):
        rows.sort(key=lambda row: (getattr(row["total"], order) is None, getattr(row["total"], order) or 0))
    return render(
        request,
        "compliance/bureau.html",
        {
            "org": org,
            "crumbs": breadcrumb(request.user, org),
            "duties": figures.duties,
            "own": figures.rows.get(org.pk, {}),
            "own_total": figures.total(org.pk),
            "rows": rows,
            "ranges": stats.RANGES,
            "range": choice,
            "first": first,
            "last": last,
            "sort": order,
        },
    )


def _school(request: HttpRequest, pk: int) -> OrgUnit:
    org = _org(request, pk)
    if not records.may_record(request.user, org):
        raise PermissionDenied(_("Only the school's principal, safety lead or safety officer records its duties."))
    return org


@login_required
def drill_new(request: HttpRequest, pk: int) -> HttpResponse:
    school = _school(request, pk)
    initial = {"held_on": clock.today(), "kind": request.GET.get("kind", "evacuation")}
    form = DrillForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        photos = data.pop("photos", [])
        try:
            drill = records.record_drill(school, actor=request.user, photos=photos, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Drill recorded: %(drill)s.") % {"drill": drill})
            return redirect("compliance:duties", pk=school.pk)
    return render(
        request,
        "compliance/record_form.html",
        {"org": school, "crumbs": breadcrumb(request.user, school), "form": form, "what": "drill"},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def activity_new(request: HttpRequest, pk: int) -> HttpResponse:
    school = _school(request, pk)
    initial = {"held_on": clock.today(), "kind": request.GET.get("kind", "first_lesson")}
    form = ActivityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            activity = records.record_activity(school, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Activity recorded: %(activity)s.") % {"activity": activity})
            return redirect("compliance:duties", pk=school.pk)
    return render(
        request,
        "compliance/record_form.html",
        {"org": school, "crumbs": breadcrumb(request.user, school), "form": form, "what": "activity"},
        status=400 if request.method == "POST" else 200,
    )


def _record(request: HttpRequest, model: Any, pk: int) -> Any:
    return get_object_or_404(model.objects.visible_to(request.user).select_related("school", "recorded_by"), pk=pk)


@login_required
def record_detail(request: HttpRequest, pk: int, what: str, status: int = 200, bound: Any = None) -> HttpResponse:
    model, flow = (Drill, records.drills) if what == "drill" else (Activity, records.activities)
    record = _record(request, model, pk)
    target = stats_target(record.school)
    return render(
        request,
        "compliance/record.html",
        {
            "record": record,
            "what": what,
            "org": record.school,
            "crumbs": breadcrumb(request.user, record.school),
            "step_forms": step_forms(flow, record, request.user, bound),
            "step_base": reverse(f"compliance:{what}", args=[record.pk]) + "step/",
            "photos": record.photos.all() if what == "drill" else [],
            "target": target,
            "met": _met(record, target) if what == "drill" else None,
            "occurrences": Occurrence.objects.filter(
                org=record.school,
                period_start__lte=record.held_on,
                period_end__gte=record.held_on,
                obligation__in=[o.code for o in obligations if o.source == what],
            ),
            "duty_titles": {o.code: o.title for o in obligations},
        },
        status=status,
    )


def stats_target(school: OrgUnit) -> int:
    from safecampus.rules.services import rule_value

    return rule_value("drill.evacuation_seconds", school)


def _met(drill: Drill, target: int) -> bool | None:
    """The target applies to buildings of up to four floors; above that the time is shown without a verdict."""
    if drill.evacuation_seconds is None or (drill.floors and drill.floors > 4):
        return None
    return drill.evacuation_seconds <= target


@login_required
@require_POST
def record_step(request: HttpRequest, pk: int, what: str, verb: str) -> HttpResponse:
    model, flow = (Drill, records.drills) if what == "drill" else (Activity, records.activities)
    record = _record(request, model, pk)
    return take_step(
        request,
        flow,
        record,
        verb,
        done_url=reverse(f"compliance:{what}", args=[record.pk]),
        render=lambda **kwargs: record_detail(request, pk, what, **kwargs),
    )


@login_required
def drill_photo(request: HttpRequest, pk: int) -> FileResponse:
    photo = get_object_or_404(DrillPhoto.objects.select_related("drill"), pk=pk)
    if not Drill.objects.visible_to(request.user).filter(pk=photo.drill_id).exists():
        raise Http404
    response = FileResponse(photo.file.open("rb"))
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def occurrence_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The occurrences behind a figure: a duty, a shown state and a range of periods, below a node."""
    org = _org(request, pk)
    today = clock.today()
    rows = Occurrence.objects.visible_within(request.user, org.path).select_related("org")
    # The duties of the rule rows; a submission's occurrences are listed on its request's page.
    duty = request.GET.get("duty", "")
    rows = rows.filter(obligation=duty) if duty in obligations else rows.filter(obligation__in=obligations.keys())
    first, last = _day(request.GET.get("from")), _day(request.GET.get("to"))
    if first:
        rows = rows.filter(period_start__gte=first)
    if last:
        rows = rows.filter(period_start__lte=last)
    state = request.GET.get("state", "")
    rows = _shown(rows, state, today)
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(rows.order_by("-period_start", "org_path"), 50).get_page(request.GET.get("page"))
    for occurrence in page:
        occurrence.shown = occurrence.shown_state(today)
    return render(
        request,
        "compliance/occurrences.html",
        {
            "org": org,
            "crumbs": breadcrumb(request.user, org),
            "page": page,
            "query": query.urlencode(),
            "duties": list(obligations),
            "duty_titles": {o.code: o.title for o in obligations},
            "duty": duty,
            "state": state,
            "states": SHOWN_STATES,
            "first": first,
            "last": last,
            "today": today,
        },
    )


def records_of(source: str, occurrence: Occurrence) -> Any:
    """The records of the occurrence's owner and period its page lists (counted or not, withdrawn ones too)."""
    if source == "training":
        return Training.objects.filter(
            attendances__trainee_id=occurrence.trainee_id,
            held_on__gte=occurrence.period_start,
            held_on__lte=occurrence.period_end,
        )
    return rows_of(source, occurrence)


def _day(text: str | None) -> date | None:
    """A filter's day, or none when the text is not a real date (a hand-typed 2024-02-30 is no filter)."""
    try:
        return parse_date(text or "")
    except ValueError:
        return None


def _shown(rows: Any, state: str, today: date) -> Any:
    if state == "missing":
        return rows.filter(state=OccurrenceState.OPEN, closes_on__lt=today)
    if state == "overdue":
        return rows.filter(state=OccurrenceState.OPEN, closes_on__gte=today, due_by__lt=today)
    if state == "open":
        return rows.filter(state=OccurrenceState.OPEN, due_by__gte=today)
    if state == "due":  # the figure "due": open and not yet closed
        return rows.filter(state=OccurrenceState.OPEN, closes_on__gte=today)
    if state in (OccurrenceState.DONE, OccurrenceState.LATE, OccurrenceState.EXCUSED):
        return rows.filter(state=state)
    return rows


@login_required
def occurrence_detail(request: HttpRequest, pk: int, status: int = 200, bound: Any = None) -> HttpResponse:
    occurrence = get_object_or_404(Occurrence.objects.visible_to(request.user).select_related("org", "trainee"), pk=pk)
    if occurrence.obligation not in obligations:  # a submission's: its own page tells it
        answer = Submission.objects.filter(
            request_id=occurrence.obligation.rpartition(".")[2], org=occurrence.org
        ).first()
        if answer is None:
            raise Http404
        return redirect("compliance:submission", pk=answer.pk)
    spec = obligations[occurrence.obligation]
    counted = records_of(spec.source, occurrence)
    return render(
        request,
        "compliance/occurrence.html",
        {
            "occurrence": occurrence,
            "spec": spec,
            "org": occurrence.org,
            "crumbs": breadcrumb(request.user, occurrence.org),
            "shown": dict(SHOWN_STATES).get(occurrence.shown_state(clock.today())),
            "records": counted,
            "what": spec.source,
            "step_forms": step_forms(records.occurrences, occurrence, request.user, bound),
            "step_base": reverse("compliance:occurrence", args=[occurrence.pk]) + "step/",
            "hours": {
                "on_time": occurrence.on_time / 10,
                "late": occurrence.late / 10,
                "required": occurrence.required / 10,
            }
            if spec.source == "training"
            else None,
        },
        status=status,
    )


@login_required
@require_POST
def occurrence_step(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    occurrence = get_object_or_404(Occurrence.objects.visible_to(request.user).select_related("org"), pk=pk)
    return take_step(
        request,
        records.occurrences,
        occurrence,
        verb,
        done_url=reverse("compliance:occurrence", args=[occurrence.pk]),
        render=lambda **kwargs: occurrence_detail(request, pk, **kwargs),
    )

"""Training pages: a school's roster with each person's hours this year against what their post owes (who is
short), adding people, recording a training with who attended, and one training with its attendees."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
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
from safecampus.orgs.views import breadcrumb

from .forms_training import TraineeForm, TrainingForm
from .models import Occurrence, Trainee, Training
from .rulebook import obligations
from .services import records
from .services import training as service
from .views import _org

TENTH = Decimal("0.1")


def roster(org: Any, today: date) -> list[dict[str, Any]]:
    """Each person with the occurrence of their post's duty that holds today (hours in tenths → hours)."""
    people = list(Trainee.objects.filter(school=org, is_active=True))
    duties = [spec.code for spec in obligations if spec.source == "training"]
    current = {
        row.trainee_id: row
        for row in Occurrence.objects.filter(
            org=org, obligation__in=duties, period_start__lte=today, period_end__gte=today
        ).order_by("period_start")
    }
    rows = []
    for person in people:
        occurrence = current.get(person.pk)
        required = (Decimal(occurrence.required) / 10).quantize(TENTH) if occurrence else None
        done = (Decimal(occurrence.on_time + occurrence.late) / 10).quantize(TENTH) if occurrence else None
        rows.append(
            {
                "person": person,
                "occurrence": occurrence,
                "required": required,
                "done": done,
                "short": max(Decimal("0"), required - done) if occurrence else None,
                "state": occurrence.shown_state(today) if occurrence else "",
            }
        )
    rows.sort(key=lambda row: (row["short"] is None, -(row["short"] or 0), row["person"].name))
    return rows


def _trainer(request: HttpRequest, pk: int) -> Any:
    org = _org(request, pk)
    service.require_recorder(request.user, org)
    return org


@login_required
def training_page(
    request: HttpRequest, pk: int, trainee_form: Any = None, training_form: Any = None, status: int = 200
) -> HttpResponse:
    org = _org(request, pk)
    today = clock.today()
    can_record = service.may_train(request.user, org)
    people = list(Trainee.objects.filter(school=org, is_active=True))
    rows = roster(org, today)
    if request.GET.get("short"):
        rows = [row for row in rows if row["short"]]
    return render(
        request,
        "compliance/training.html",
        {
            "org": org,
            "crumbs": breadcrumb(request.user, org),
            "rows": rows,
            "short_only": bool(request.GET.get("short")),
            "trainings": Training.objects.visible_to(request.user).filter(school=org)[:20],
            "can_record": can_record,
            "trainee_form": trainee_form or (TraineeForm(prefix="person", level=org.level) if can_record else None),
            "is_school": org.level == "school",
            "training_form": training_form
            or (TrainingForm(prefix="training", trainees=people, initial={"held_on": today}) if can_record else None),
            "today": today,
        },
        status=status,
    )


@login_required
@require_POST
def trainee_new(request: HttpRequest, pk: int) -> HttpResponse:
    school = _trainer(request, pk)
    form = TraineeForm(request.POST, prefix="person", level=school.level)
    if form.is_valid():
        try:
            person = service.add_trainee(school, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("On the roster: %(person)s.") % {"person": person})
            return redirect("compliance:training", pk=school.pk)
    return training_page(request, pk, trainee_form=form, status=400)


@login_required
@require_POST
def training_new(request: HttpRequest, pk: int) -> HttpResponse:
    school = _trainer(request, pk)
    people = list(Trainee.objects.filter(school=school, is_active=True))
    form = TrainingForm(request.POST, prefix="training", trainees=people)
    if form.is_valid():
        data = dict(form.cleaned_data)
        chosen = [person for person in people if person.pk in set(data.pop("attendees"))]
        try:
            made = service.record_training(school, actor=request.user, attendees=chosen, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Training recorded: %(training)s.") % {"training": made})
            return redirect("compliance:training", pk=school.pk)
    return training_page(request, pk, training_form=form, status=400)


@login_required
def training_detail(request: HttpRequest, pk: int, status: int = 200, bound: Any = None) -> HttpResponse:
    training = get_object_or_404(Training.objects.visible_to(request.user).select_related("school"), pk=pk)
    return render(
        request,
        "compliance/training_record.html",
        {
            "record": training,
            "org": training.school,
            "crumbs": breadcrumb(request.user, training.school),
            "attendances": training.attendances.select_related("trainee"),
            "step_forms": step_forms(records.trainings, training, request.user, bound),
            "step_base": reverse("compliance:training_record", args=[training.pk]) + "step/",
        },
        status=status,
    )


@login_required
@require_POST
def training_step(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    training = get_object_or_404(Training.objects.visible_to(request.user), pk=pk)
    return take_step(
        request,
        records.trainings,
        training,
        verb,
        done_url=reverse("compliance:training_record", args=[training.pk]),
        render=lambda **kwargs: training_detail(request, pk, **kwargs),
    )

"""A school's security ledger (安全台账): its baseline, guards needed and in post, insurance cover, findings, and
each sector ledger; adding, correcting and retiring a record; a finding registered as a hazard."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core import clock
from safecampus.core.exceptions import StateConflict
from safecampus.core.steps import add_more_errors
from safecampus.core.steps_pages import take_step
from safecampus.orgs.models import Level, OrgUnit
from safecampus.orgs.views import breadcrumb

from .forms import BaselineForm, ProfileForm, ledger_form
from .forms_logs import GateDutyForm
from .ledgers import LEDGERS, Ledger
from .models import BaselineItem, BaselineKind, GateDuty, Guard, GuardPost
from .services import findings as found
from .services import patrols, records, steps
from .services import profile as profiles
from .services.common import may_keep


def school_of(request: HttpRequest, pk: int) -> OrgUnit:
    school = get_object_or_404(OrgUnit.objects.visible_to(request.user).select_related("school"), pk=pk)
    if school.level != Level.SCHOOL:
        raise Http404
    return school


def _ledger(key: str) -> Ledger:
    if key not in LEDGERS:
        raise Http404
    return LEDGERS[key]


def _record(request: HttpRequest, key: str, pk: int) -> Any:
    ledger = _ledger(key)
    return get_object_or_404(ledger.model.objects.visible_to(request.user).select_related("school__school"), pk=pk)


def sections(school: OrgUnit, today: Any) -> list[dict[str, Any]]:
    """Each ledger the school keeps, with its records in use and the state of each (plain rows for the template)."""
    warn = found.rule_value("facilities.warn_days", school)
    shown = []
    for ledger in LEDGERS.values():
        rows = list(ledger.model.objects.filter(school=school).order_by("-is_active", "pk"))
        if not rows and not ledger.applies(school):
            continue
        items = []
        for record in rows:
            problems = (
                found.record_findings(record, today, warn[found.WARN_KEY[ledger.key]]) if record.is_active else []
            )
            items.append(
                {
                    "record": record,
                    "cells": [_cell(record, name) for name in ledger.columns[:6]],
                    "failing": [f for f in problems if f.failing],
                    "coming": [f for f in problems if not f.failing],
                }
            )
        shown.append(
            {
                "ledger": ledger,
                "rows": items,
                "headers": [_label(ledger, n) for n in ledger.columns[:6]],
                "history": f"facilities.{ledger.model.__name__}",
            }
        )
    return shown


def _label(ledger: Ledger, name: str) -> str:
    return str(ledger.model._meta.get_field(name).verbose_name)


def _cell(record: Any, name: str) -> Any:
    field = record._meta.get_field(name)
    if field.choices:
        return getattr(record, f"get_{name}_display")()
    value = getattr(record, name)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "—" if value in (None, "") else value


@login_required
def school_page(request: HttpRequest, pk: int, status: int = 200, **forms: Any) -> HttpResponse:
    school = school_of(request, pk)
    today = clock.today()
    profile = profiles.profile_of(school)
    baseline = {row.item: row for row in BaselineItem.objects.filter(school=school)}
    keeps = may_keep(request.user, school)
    listed = found.school_findings(school, today)
    problems = found.school_problems(school, profile, today)
    return render(
        request,
        "facilities/school.html",
        {
            "org": school,
            "school": school,
            "crumbs": breadcrumb(request.user, school),
            "profile": profile,
            "keeps": keeps,
            "baseline": [
                {"kind": kind, "label": label, "row": baseline.get(kind)} for kind, label in BaselineKind.choices
            ],
            "baseline_form": forms.get("baseline_form") or BaselineForm(initial={"checked_on": today}),
            "profile_form": forms.get("profile_form") or ProfileForm(initial={"boarders": profile.boarders}),
            "insurance": found.insurance_state(school, today),
            "findings": listed,
            "problems": problems,
            "finding_count": len(listed) + len(problems),
            "patrol_points": patrols.patrol_points(school),
            "patrol_guards": Guard.objects.filter(school=school, is_active=True, post=GuardPost.PATROL),
            "patrols": patrols.may_patrol(request.user, school),
            "gate_form": forms.get("gate_form") or GateDutyForm(initial={"day": today}),
            "gate_duties": GateDuty.objects.filter(school=school).order_by("-day", "period")[:10],
            "patrol_days": patrols.recent_days(school, today),
            "rounds_required": found.rule_value("facilities.patrol.rounds_per_day", school),
            "sections": sections(school, today),
            "today": today,
        },
        status=status,
    )


@login_required
@require_POST
def save_baseline(request: HttpRequest, pk: int) -> HttpResponse:
    school = school_of(request, pk)
    form = BaselineForm(request.POST, request.FILES)
    try:
        profiles.record_baseline(
            school,
            actor=request.user,
            item=request.POST.get("item", ""),
            met=request.POST.get("met", ""),
            checked_on=request.POST.get("checked_on", ""),
            evidence=request.FILES.get("evidence"),
            note=request.POST.get("note", ""),
        )
    except ValidationError as error:
        form.is_valid()
        add_more_errors(form, error)  # the service's own errors, on fields the form did not fault
        return school_page(request, pk, status=400, baseline_form=form)
    messages.success(request, _("The baseline item is recorded."))
    return redirect(reverse("facilities:school", args=[pk]) + "#baseline")


@login_required
@require_POST
def log_gate(request: HttpRequest, pk: int) -> HttpResponse:
    school = school_of(request, pk)
    form = GateDutyForm(request.POST)
    try:
        patrols.log_gate_duty(
            school,
            actor=request.user,
            day=request.POST.get("day", ""),
            period=request.POST.get("period", ""),
            people=request.POST.get("people", ""),
            police=ticked(request.POST, "police"),
        )
    except ValidationError as error:
        form.is_valid()
        add_more_errors(form, error)  # the service's own errors, on fields the form did not fault
        return school_page(request, pk, status=400, gate_form=form)
    messages.success(request, _("The gate post is logged."))
    return redirect(reverse("facilities:school", args=[pk]) + "#gate")


@login_required
@require_POST
def save_profile(request: HttpRequest, pk: int) -> HttpResponse:
    school = school_of(request, pk)
    form = ProfileForm(request.POST)
    try:
        profiles.set_boarders(school, actor=request.user, boarders=request.POST.get("boarders", ""))
    except ValidationError as error:
        form.is_valid()
        add_more_errors(form, error)  # the service's own errors, on fields the form did not fault
        return school_page(request, pk, status=400, profile_form=form)
    messages.success(request, _("The number of boarders is saved; the guards required are recomputed."))
    return redirect(reverse("facilities:school", args=[pk]) + "#guards")


def ticked(data: Any, name: str) -> bool:
    """A page's checkbox: an unticked box is absent (or empty)."""
    return data.get(name) not in (None, "", "false", "0", "off")


def _values(ledger: Ledger, data: Any) -> dict[str, Any]:
    """The form's fields from a page's POST (an unticked box is absent: False)."""
    values: dict[str, Any] = {}
    for name in ledger.columns:
        if ledger.model._meta.get_field(name).get_internal_type() == "BooleanField":
            values[name] = ticked(data, name)
        else:
            values[name] = data.get(name, "")
    return values


@login_required
def record_form(request: HttpRequest, key: str, pk: int | None = None, school_pk: int | None = None) -> HttpResponse:
    """Add a record to a school's ledger (`school_pk`) or correct one (`pk`)."""
    ledger = _ledger(key)
    record = _record(request, key, pk) if pk else None
    school = record.school if record else school_of(request, school_pk)  # type: ignore[arg-type]
    if not may_keep(request.user, school):
        raise PermissionDenied(_("Only the school's principal, safety lead or safety officer keeps its ledgers."))
    if record is not None and not record.is_active:
        raise PermissionDenied(_("This record is out of use; add a new one instead."))
    form = ledger_form(key, school, instance=record)
    status = 200
    if request.method == "POST":
        form = ledger_form(key, school, data=request.POST, instance=record)
        try:
            saved = records.save_record(
                key, actor=request.user, school=school, values=_values(ledger, request.POST), record=record
            )
        except ValidationError as error:
            form.is_valid()
            add_more_errors(form, error)
            status = 400
        else:
            messages.success(request, _("%(record)s is saved.") % {"record": saved})
            return redirect(reverse("facilities:school", args=[school.pk]) + f"#ledger-{key}")
    return render(
        request,
        "facilities/record_form.html",
        {"org": school, "crumbs": breadcrumb(request.user, school), "ledger": ledger, "form": form, "record": record},
        status=status,
    )


def _step_page(request: HttpRequest, key: str, pk: int, verb: str) -> HttpResponse:
    """A record's step from its page: the confirmation page (GET) and its POST, through the declared step."""
    ledger = _ledger(key)
    record = _record(request, key, pk)
    flow = steps.FLOWS[key]
    school_url = reverse("facilities:school", args=[record.school_id])

    def page(bound: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
        step = flow.steps[verb]
        form = (bound or {}).get(verb) or step.make_form(record, request.user)
        return render(
            request,
            "facilities/step.html",
            {
                "org": record.school,
                "crumbs": breadcrumb(request.user, record.school),
                "ledger": ledger,
                "record": record,
                "step": step,
                "form": form,
                "findings": steps.open_findings(record),
                "back": f"{school_url}#ledger-{key}",
            },
            status=status,
        )

    if request.method != "POST":
        try:
            flow.steps[verb].check(request.user, record)
        except StateConflict as error:
            messages.error(request, str(error))
            return redirect(f"{school_url}#ledger-{key}")
        return page()
    done = {
        "retire": f"{school_url}#ledger-{key}",
        "register_hazard": f"{school_url}#findings",
    }.get(verb, reverse("facilities:record", args=[key, record.pk]))
    return take_step(request, flow, record, verb, done_url=done, render=page, prefix=None)


@login_required
def step_page(request: HttpRequest, key: str, pk: int, verb: str) -> HttpResponse:
    """Any other declared step of a record (a chemical's movement, a canteen's meal or delivery)."""
    if verb not in steps.FLOWS.get(key, steps.FLOWS["guard"]).steps:
        raise Http404
    return _step_page(request, key, pk, verb)


LOGS = {"chemical": ("movements", "move"), "canteen": ("meal_logs", "log_meal")}


@login_required
def record_page(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """One record: its fields, its findings, the steps the user may take, and the logs kept on it."""
    ledger = _ledger(key)
    record = _record(request, key, pk)
    today = clock.today()
    warn = found.rule_value("facilities.warn_days", record.school)[found.WARN_KEY[key]]
    logs = {}
    if key == "chemical":
        logs["movements"] = record.movements.order_by("-day", "-pk")[:200]
    if key == "guard":
        logs["trainings"] = record.trainings.order_by("-day", "-pk")[:100]
    if key == "equipment":
        logs["visits"] = record.maintenance.order_by("-day", "-pk")[:100]
    if key == "canteen":
        logs["meals"] = record.meal_logs.order_by("-day", "-pk")[:100]
        logs["supplies"] = record.supplies.order_by("-day", "-pk")[:100]
    return render(
        request,
        "facilities/record.html",
        {
            "org": record.school,
            "crumbs": breadcrumb(request.user, record.school),
            "ledger": ledger,
            "record": record,
            "fields": [(_label(ledger, name), _cell(record, name)) for name in ledger.columns],
            "findings": found.record_findings(record, today, warn) if record.is_active else [],
            "offered": [s for s in steps.FLOWS[key].offered(request.user, record) if s.verb != "register_hazard"],
            "keeps": may_keep(request.user, record.school),
            "history": f"facilities.{ledger.model.__name__}",
            **logs,
        },
    )


@login_required
def retire(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """Take a record out of use, after a page that asks the day and the reason."""
    return _step_page(request, key, pk, "retire")


@login_required
def register_hazard(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """Register one of the record's failing checks as a hazard (the finding's button posts its check)."""
    return _step_page(request, key, pk, "register_hazard")

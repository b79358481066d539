"""Incident pages: the ledger of a node, the initial report form, one incident with its steps."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safecampus.core import clock
from safecampus.core.access import Perm, has_perm
from safecampus.core.forms import add_service_errors
from safecampus.core.steps import add_more_errors
from safecampus.core.steps_pages import step_forms, take_step
from safecampus.orgs.models import Membership, OrgUnit
from safecampus.orgs.views import breadcrumb

from . import forms as f
from .filters import IncidentFilter
from .grading import casualty_window_end
from .models import Incident, IncidentEvent, IncidentState, Receipt
from .permissions import my_receipt, reports_for
from .services import people, reporting
from .services.common import flow
from .stats import double_decline


def ledger_queryset(request: HttpRequest, org: OrgUnit) -> tuple[IncidentFilter, object]:
    base = Incident.objects.visible_within(request.user, org.path).select_related("org")
    filtered = IncidentFilter(request.GET, queryset=base, request=request)
    return filtered, filtered.qs


@login_required
def incident_list(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    filtered, queryset = ledger_queryset(request, org)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "incidents/list.html",
        {
            "org": org,
            "crumbs": breadcrumb(request.user, org),
            "filter": filtered,
            "page": Paginator(queryset, 50).get_page(request.GET.get("page")),
            "query": query.urlencode(),
            "can_report": has_perm(request.user, Perm.REPORT_INCIDENT, org),
            "decline": double_decline(org, clock.today()),
        },
    )


@login_required
def incident_new(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    if not has_perm(request.user, Perm.REPORT_INCIDENT, org):
        raise PermissionDenied(_("You may not report incidents for %(org)s.") % {"org": org.name})
    form = f.InitialReportForm(request.POST or None)
    persons = f.PersonFormSet(request.POST or None, prefix="p")
    if request.method == "POST":
        valid = form.is_valid() & persons.is_valid()
        people_rows = [row for row in persons.cleaned_data if row and (row.get("name") or "").strip()] if valid else []
        if valid:
            data = form.cleaned_data
            try:
                incident = reporting.report_initial(
                    actor=request.user,
                    org=org,
                    persons=people_rows,
                    **{k: v for k, v in data.items() if k != "grade"},
                    grade=data["grade"] or None,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Initial report sent: %(number)s.") % {"number": incident.number})
                return redirect("incidents:detail", pk=incident.pk)
        else:
            # The rules the service checks are shown with the form's own errors, all at once.
            try:
                reporting.check_initial(org, dict(form.cleaned_data))
            except ValidationError as error:
                add_more_errors(form, error)
    return render(
        request,
        "incidents/new.html",
        {
            "org": org,
            "crumbs": breadcrumb(request.user, org),
            "form": form,
            "persons": persons,
            "groups": {
                name: [form[field] for field in fields]
                for name, fields in (
                    ("what", ("category", "subtype", "title", "occurred_at", "known_at", "place")),
                    ("figures", tuple(f.FiguresMixin.base_fields)),
                    ("text", ("description", "measures", "grade")),
                )
            },
        },
    )


def _visible(request: HttpRequest, pk: int) -> Incident:
    return get_object_or_404(Incident.objects.visible_to(request.user).select_related("org", "reported_by"), pk=pk)


# Steps whose unit is the event's own (the bureau that received, acknowledged, forwarded, was escalated).
BUREAU_VERBS = frozenset({"arrived", "acknowledge", "forward", "escalate", "regrade", "remind_final"})


def _acting_units(incident: Incident, events: list[IncidentEvent]) -> dict[int, OrgUnit]:
    """The unit each actor acts for on this incident: their membership nearest the incident's unit."""
    actors = {e.actor_id for e in events if e.actor_id}
    units: dict[int, OrgUnit] = {}
    rows = Membership.objects.filter(user_id__in=actors, org_path__in=incident.org.ancestor_paths()).select_related(
        "org"
    )
    for row in rows:
        if row.user_id not in units or len(row.org_path) > len(units[row.user_id].path):
            units[row.user_id] = row.org
    return units


def _caused_by_forward(events: list[IncidentEvent]) -> dict[int, IncidentEvent]:
    """Rows a forward wrote before its own (the arrivals it caused, its late flag), each mapped to that forward."""
    causes: dict[int, IncidentEvent] = {}
    by_id = sorted(events, key=lambda e: e.pk)
    for index, event in enumerate(by_id):
        if event.verb != "forward":
            continue
        for before in reversed(by_id[:index]):
            arrival = before.verb == "arrived" and "by_skip" in before.data and before.actor_id == event.actor_id
            late = before.verb == "flag_late" and before.actor_id is None and before.org_id == event.org_id
            if not (arrival or late) or before.pk in causes:
                break
            causes[before.pk] = event
    return causes


def _timeline(incident: Incident, receipts: list[Receipt]) -> tuple[list[dict[str, Any]], dict[int, OrgUnit]]:
    """The 办理过程 in the order things happened (a forward before the arrivals it caused), each line with the
    unit whose step it was and the person who took it; and, per receiving bureau, the unit it came from."""
    events = list(incident.events.select_related("actor", "org"))
    units = _acting_units(incident, events)
    causes = _caused_by_forward(events)
    bureaus = {r.org_id: r.org for r in receipts}

    def order(e: IncidentEvent) -> tuple:
        cause = causes.get(e.pk)
        return (cause.at, cause.pk, 1, e.pk) if cause else (e.at, e.pk, 0, e.pk)

    lines, came_from = [], {}
    for e in sorted(events, key=order):
        acting = units.get(e.actor_id)
        line: dict[str, Any] = {"event": e, "at": e.at, "label": e.verb_label, "comment": e.comment}
        if e.verb in BUREAU_VERBS:
            line["unit"] = e.org
        elif e.verb.startswith("flag_"):
            line["unit"], line["at_fault"] = acting, e.org
        else:
            line["unit"] = acting or e.org
        if e.verb == "forward":
            target = bureaus.get(e.data.get("to"))
            line["to"] = target.name if target else e.data.get("to_name", "")
        if e.actor_id:
            line["person"] = e.actor.display_name
            # An arrival is the sender's doing: name them as the sender, with their unit.
            line["sender"] = e.verb == "arrived"
            their_unit = causes[e.pk].org if e.pk in causes else acting
            shown = line.get("unit")
            if their_unit is not None and (shown is None or their_unit.pk != shown.pk):
                line["person_unit"] = their_unit
                if e.verb == "arrived" and e.org_id:
                    came_from.setdefault(e.org_id, their_unit)
        elif e.verb.startswith("flag_"):
            line["automatic"] = True
        lines.append(line)
    return lines, came_from


@login_required
def incident_detail(request: HttpRequest, pk: int, bound: dict | None = None, status: int = 200) -> HttpResponse:
    incident = _visible(request, pk)
    receipts = list(
        incident.receipts.select_related("org", "acknowledged_by", "forwarded_by", "forwarded_to").order_by(
            "arrived_at", "id"
        )
    )
    timeline, came_from = _timeline(incident, receipts)
    for receipt in receipts:
        receipt.came_from = came_from.get(receipt.org_id)
    steps = step_forms(flow, incident, request.user, bound)
    if incident.state == IncidentState.OPEN and reports_for(request.user, incident):
        # The final report follows the end of handling: say so where its step will be.
        final = flow.get("final")
        after = next((i + 1 for i, s in enumerate(steps) if s["verb"] == "mark_handled"), len(steps))
        steps.insert(after, {"verb": "final", "title": final.title if final else "", "hint": True})
    return render(
        request,
        "incidents/detail.html",
        {
            "incident": incident,
            "org": incident.org,
            "crumbs": breadcrumb(request.user, incident.org),
            "reports": incident.reports.select_related("sent_by"),
            "receipts": receipts,
            "timeline": timeline,
            "flags": incident.flags.select_related("org", "actor"),
            "persons": [people.masked(p) for p in incident.persons.all()],
            "revealed": getattr(request, "revealed_persons", None),
            "may_reveal": people.may_see(request.user, incident),
            "reveal_form": f.RevealForm(),
            "step_forms": steps,
            "my_receipt": my_receipt(request.user, incident),
            "initial_report": incident.reports.filter(stage="initial").first(),
            "casualty_window_end": casualty_window_end(incident.occurred_at, incident.subtype, incident.org),
            "hazards": incident.hazards.select_related("school"),
            "now": clock.now(),
        },
        status=status,
    )


@login_required
@require_POST
def incident_step(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    """Every step's form posts here; the declaration in services decides everything else."""
    incident = _visible(request, pk)
    return take_step(
        request,
        flow,
        incident,
        verb,
        done_url=reverse("incidents:detail", args=[incident.pk]),
        render=lambda **kwargs: incident_detail(request, pk, **kwargs),
    )


@login_required
@require_POST
def reveal_persons(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _visible(request, pk)
    form = f.RevealForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why you need the full personal data."))
        return redirect("incidents:detail", pk=incident.pk)
    request.revealed_persons = people.reveal(
        incident, actor=request.user, purpose=form.cleaned_data["purpose"], ip=request.META.get("REMOTE_ADDR")
    )
    response = incident_detail(request, pk)
    response["Cache-Control"] = "no-store"
    return response

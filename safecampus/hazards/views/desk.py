"""My desk: everything waiting for this user now, across their whole area."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safecampus.core import clock
from safecampus.core.access import Perm, perm_paths
from safecampus.core.paths import subtrees_q
from safecampus.incidents.desk import waiting as incident_waiting

from ..models import OPEN_STATES, Extension, Hazard, HazardState, Inspection, InspectionTask
from ..permissions import can_supervise_school, can_verify

LIMIT = 50


def _within(paths: list[str] | None) -> Q:
    return Q() if paths is None else subtrees_q("org_path", paths)


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    user = request.user
    visible = Hazard.objects.visible_to(user).select_related("school", "listed_by")
    today = clock.today()
    manage = perm_paths(user, Perm.MANAGE_HAZARD)
    supervise = perm_paths(user, Perm.SUPERVISE)
    report = perm_paths(user, Perm.REPORT_HAZARD)
    sections = []
    to_verify = [
        h for h in visible.filter(state=HazardState.SUBMITTED).order_by("submitted_at")[:500] if can_verify(user, h)
    ][:LIMIT]
    sections.append(("verify", to_verify))
    if supervise is None or supervise:
        waiting = Extension.objects.filter(approved__isnull=True).values("hazard_id")
        pending = visible.filter(pk__in=waiting).order_by("deadline")[:200]
        sections.append(("extensions", [h for h in pending if can_supervise_school(user, h)][:LIMIT]))
        bureau_nodes = [p for p in (supervise or []) if len(p) <= 8]
        listed = visible.filter(state__in=OPEN_STATES, listed_by__isnull=False)
        if supervise is not None:
            listed = listed.filter(listed_by__path__in=bureau_nodes)
        sections.append(("listed", list(listed.order_by("deadline")[:LIMIT])))
        sections.append(
            ("recheck", [h for h in visible.filter(recheck_due=True)[:200] if can_supervise_school(user, h)][:LIMIT])
        )
    if manage is None or manage:
        work = visible.filter(_within(manage), state__in=(HazardState.REPORTED, HazardState.RECTIFYING))
        sections.append(("work", list(work.order_by("deadline")[:LIMIT])))
        tasks = InspectionTask.objects.visible_to(user).filter(_within(manage), inspection__isnull=True)
        sections.append(("tasks", list(tasks.select_related("plan", "school").order_by("due_date")[:LIMIT])))
    mine = Inspection.objects.filter(inspectors=user, status=Inspection.Status.IN_PROGRESS).select_related("school")
    sections.append(("inspections", list(mine.order_by("date")[:LIMIT])))
    if report is None or report:
        sections.append(("drafts", list(visible.filter(_within(report), state=HazardState.DRAFT)[:LIMIT])))
    return render(
        request,
        "hazards/desk.html",
        {
            "sections": [{"key": key, "rows": rows} for key, rows in sections],
            "incident_rows": incident_waiting(user),
            "today": today,
        },
    )

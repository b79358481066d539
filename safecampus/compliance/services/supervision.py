"""Supervision plans: a bureau names, school by school, its supervisor, the visits a year and what is checked; on
publishing, each visit becomes a due inspection (kind "supervision") of the inspection mechanism, spread evenly over
the rest of the year, so a missed visit is counted like any missed inspection; the plan fulfils the bureau's April
duty to make one (seed 001).
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core import clock
from safecampus.core.access import Perm, access
from safecampus.core.history import register_reasons, stamp
from safecampus.core.steps import Workflow
from safecampus.hazards.models import Checklist, InspectionKind, InspectionPlan
from safecampus.hazards.services.inspections import may_inspect
from safecampus.hazards.services.plans import schedule_visits
from safecampus.orgs.models import Level, OrgUnit

from .. import engine
from ..models import Assignment, PlanState, SupervisionPlan

register_reasons({"plan": gettext_lazy("Planned"), "assign": gettext_lazy("School assigned")})


def may_plan(user: Any, org: Any) -> bool:
    """The bureau's own safety officers (a role held on the bureau itself: its April duty is its own)."""
    holder = access(user)
    return org.level not in (Level.SCHOOL, Level.OTHER) and (
        holder.superuser or holder.holds_at(Perm.SUPERVISE, org.path)
    )


def require_planner(user: Any, org: Any) -> None:
    if not may_plan(user, org):
        raise PermissionDenied(_("Only the bureau's safety officers make its supervision plan."))


def create_plan(
    org: OrgUnit, *, actor: Any, name: str = "", year: Any = None, checklist: Any = None
) -> SupervisionPlan:
    """Start the bureau's supervision plan for a year (one a year), with the checklist its visits use."""
    require_planner(actor, org)
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("Give the plan a name.")
    try:
        year = int(year)
    except (TypeError, ValueError):
        errors["year"] = _("Give the year.")
    else:
        if not clock.today().year <= year <= clock.today().year + 1:
            errors["year"] = _("A plan is for this year or next year.")
    found = Checklist.objects.filter(pk=getattr(checklist, "pk", checklist)).first() if checklist else None
    if found is None or not org.path.startswith(found.owner_path) or found.published() is None:
        errors["checklist"] = _("Choose a published checklist of your level or above.")
    if not errors and SupervisionPlan.objects.filter(org=org, year=year).exists():
        errors["year"] = _("The bureau has a supervision plan for %(year)s already.") % {"year": year}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        OrgUnit.objects.select_for_update().filter(pk=org.pk).first()  # one plan a year, even on a double click
        if SupervisionPlan.objects.filter(org=org, year=year).exists():
            raise ValidationError(
                {"year": _("The bureau has a supervision plan for %(year)s already.") % {"year": year}}
            )
        plan = SupervisionPlan(
            org=org, year=year, name=name.strip(), checklist=found, created_by=actor, created_at=clock.now()
        )
        stamp(plan, actor, "plan")
        plan.save()
    return plan


def assign(
    plan: SupervisionPlan, *, actor: Any, school: Any = None, supervisor: Any = None, visits: Any = 2, focus: str = ""
) -> Assignment:
    """Name a school's supervisor, visits a year and what is checked (while the plan is a draft; set again to
    change them). The supervisor is an account that may inspect the school."""
    require_planner(actor, plan.org)
    if plan.state != PlanState.DRAFT:
        raise ValidationError({"school": _("The plan is published; its visits are due inspections now.")})
    errors = {}
    unit = (
        OrgUnit.objects.within(plan.org.path)
        .filter(pk=getattr(school, "pk", school), level=Level.SCHOOL, is_active=True)
        .first()
    )
    if unit is None:
        errors["school"] = _("Choose a school of the bureau's area.")
    person = get_user_model().objects.filter(pk=getattr(supervisor, "pk", supervisor), is_active=True).first()
    if person is None or (
        unit is not None and not (may_inspect(person, unit) and access(person).holds_above(Perm.INSPECT, unit.path))
    ):
        errors["supervisor"] = _("Choose an account of the bureau that may inspect this school.")
    try:
        visits = int(visits)
    except (TypeError, ValueError):
        visits = 0
    if not 1 <= visits <= 12:
        errors["visits"] = _("Between 1 and 12 visits a year.")
    if len(focus or "") > 200:
        errors["focus"] = _("At most 200 characters.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if SupervisionPlan.objects.select_for_update().get(pk=plan.pk).state != PlanState.DRAFT:
            raise ValidationError({"school": _("The plan is published; its visits are due inspections now.")})
        row = Assignment.objects.select_for_update().filter(plan=plan, school=unit).first() or Assignment(
            plan=plan, school=unit
        )
        row.supervisor, row.visits, row.focus = person, visits, (focus or "").strip()
        stamp(row, actor, "assign")
        row.save()
    return row


def due_days(year: int, visits: int, start: date) -> list[date]:
    """The due day of each visit: the months from `start` to the end of the year split in `visits` equal parts,
    each visit due on the last day of its part (two visits from January: 30 June and 31 December)."""
    first = start.month
    months = 12 - first + 1
    days = []
    for visit in range(1, visits + 1):
        month = first - 1 + max(1, round(months * visit / visits))
        days.append(date(year, month, calendar.monthrange(year, month)[1]))
    return days


plans = Workflow("supervision_plan", SupervisionPlan, related=("org",))


@plans.step(
    "publish",
    title=gettext_lazy("Publish: make the visits due"),
    sources=[PlanState.DRAFT],
    who=lambda user, plan: may_plan(user, plan.org),
    when=lambda plan, user: plan.assignments.exists(),
    conflict=lambda user, plan: _("Assign at least one school first."),
)
def publish(plan: SupervisionPlan, *, actor: Any) -> SupervisionPlan:
    """Publish the plan: each visit of each school becomes a due inspection by its supervisor's bureau."""
    today = clock.today()
    start = max(today, date(plan.year, 1, 1))
    if start.year != plan.year:
        raise ValidationError({"year": _("The year of this plan is over.")})
    inspections = InspectionPlan(
        owner=plan.org,
        name=plan.name,
        kind=InspectionKind.SUPERVISION,
        checklist=plan.checklist,
        start_date=start,
        due_date=date(plan.year, 12, 31),
        created_by=actor,
    )
    stamp(inspections, actor, "created")
    inspections.save()
    visits = []
    for row in plan.assignments.select_related("school"):
        visits += [(row.school, number, due) for number, due in enumerate(due_days(plan.year, row.visits, start), 1)]
    schedule_visits(inspections, visits)
    plan.state, plan.inspection_plan, plan.published_at = PlanState.PUBLISHED, inspections, clock.now()
    stamp(plan, actor, "publish")
    plan.save()
    engine.apply_record(plan)
    return plan

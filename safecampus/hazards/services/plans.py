"""Inspection plans: a bureau schedules inspections for its schools; each school sees what is due."""

from __future__ import annotations

import calendar
import random
from collections import defaultdict
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core import clock, counting
from safecampus.core.access import Perm, require_perm
from safecampus.core.history import stamp
from safecampus.orgs.models import Level, OrgUnit, SchoolKind

from ..models import Checklist, InspectionKind, InspectionPlan, InspectionTask
from .dates import check_future_date, check_period_date


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def create_plan(
    *,
    actor: Any,
    owner: OrgUnit,
    name: str,
    kind: str,
    checklist: Checklist,
    start_date: date | None,
    due_date: date | None,
    school_kinds: list[str] | None = None,
    sample_percent: int = 100,
    repeat_months: int = 0,
) -> InspectionPlan:
    require_perm(actor, Perm.SUPERVISE, owner)
    errors = {}
    if owner.level == Level.SCHOOL:
        errors["owner"] = _("Plans are made by bureaus.")
    if not (name or "").strip():
        errors["name"] = _("Give the plan a name.")
    if kind not in InspectionKind.values:
        errors["kind"] = _("Choose an inspection kind.")
    if not owner.path.startswith(checklist.owner_path) or checklist.published() is None:
        errors["checklist"] = _("Choose a published checklist of your level or above.")
    if start_date is None or due_date is None:
        errors["due_date"] = _("Give the start and due dates.")
    elif due_date < start_date:
        errors["due_date"] = _("The due date cannot be before the start date.")
    elif due_date < clock.today():
        errors["due_date"] = _("The due date cannot be in the past.")
    if not 1 <= int(sample_percent or 0) <= 100:
        errors["sample_percent"] = _("The share of schools is between 1 and 100 %.")
    if any(k not in SchoolKind.values for k in school_kinds or []):
        errors["school_kinds"] = _("Unknown school kind.")
    if not 0 <= int(repeat_months or 0) <= 24:
        errors["repeat_months"] = _("Repeat every 0 to 24 months.")
    if errors:
        raise ValidationError(errors)
    check_period_date("start_date", start_date)
    check_future_date("due_date", due_date)
    plan = InspectionPlan(
        owner=owner,
        name=name.strip(),
        kind=kind,
        checklist=checklist,
        start_date=start_date,
        due_date=due_date,
        school_kinds=school_kinds or [],
        sample_percent=sample_percent,
        repeat_months=repeat_months,
        created_by=actor,
    )
    stamp(plan, actor, "created")
    plan.save()
    if not create_round(plan, round_number=1):
        raise ValidationError({"school_kinds": _("No school of your area matches this plan.")})
    return plan


@transaction.atomic
def create_round(plan: InspectionPlan, *, round_number: int) -> int:
    """Make one round's due inspections: all matching schools, or a sample of each county."""
    schools = OrgUnit.objects.within(plan.owner.path).filter(level=Level.SCHOOL, is_active=True)
    if plan.school_kinds:
        schools = schools.filter(school__kind__in=plan.school_kinds)
    by_county: dict[str, list[OrgUnit]] = defaultdict(list)
    for school in schools.order_by("path"):
        by_county[school.path[: 3 * OrgUnit.steplen]].append(school)
    rng = random.Random(f"{plan.pk}-{round_number}")
    due = add_months(plan.due_date, plan.repeat_months * (round_number - 1))
    tasks = []
    for members in by_county.values():
        count = len(members) if plan.sample_percent >= 100 else max(1, round(len(members) * plan.sample_percent / 100))
        chosen = members if count >= len(members) else rng.sample(members, count)
        for school in chosen:
            inspector = None
            if plan.kind == InspectionKind.CROSS_CHECK and len(members) > 1:
                # The next school of the same county (in a shuffled ring) inspects this one.
                ring = sorted(members, key=lambda s: rng.random())
                inspector = ring[(ring.index(school) + 1) % len(ring)]
            tasks.append(
                InspectionTask(
                    plan=plan,
                    school=school,
                    org_path=school.path,
                    inspecting_org=inspector,
                    due_date=due,
                    round=round_number,
                )
            )
    return _insert(plan, tasks)


@transaction.atomic
def schedule_visits(plan: InspectionPlan, visits: list[tuple[OrgUnit, int, date]]) -> int:
    """Make the due inspections another plan names school by school (visit number as the round, its due day), for
    a plan that is not a sample of its area (a bureau's supervision plan). Visits already made are left as they are."""
    return _insert(
        plan,
        [
            InspectionTask(plan=plan, school=school, org_path=school.path, due_date=due, round=visit)
            for school, visit, due in visits
        ],
    )


def _insert(plan: InspectionPlan, tasks: list[InspectionTask]) -> int:
    """Insert and count the tasks whose (school, round) the plan has not got yet."""
    have = set(InspectionTask.objects.filter(plan=plan).values_list("school_id", "round"))
    tasks = [task for task in tasks if (task.school_id, task.round) not in have]
    InspectionTask.objects.bulk_create(tasks)
    counting.apply_many(tasks)
    return len(tasks)

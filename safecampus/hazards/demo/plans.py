"""The demo's inspection plan: a provincial term-start self-check that fell due three weeks ago.

The checklist and the plan (with its due inspections) are made by the services
at a moved clock. Most schools did the check, some late, some not: each done
task is fulfilled by a submitted inspection with every applicable item checked,
exactly what the service's submit leaves, so the task lists, the inspection
pages, the desk and the dashboards count the same tasks as done.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from safecampus.core import clock
from safecampus.core.access import Role
from safecampus.core.bulkload import insert_rows, reserve_ids, update_rows
from safecampus.orgs.models import Level, Membership, OrgUnit

from ..models import Checklist, Inspection, InspectionResult, InspectionTask
from .findings import PROFILE_FIELDS, profile_of

# The items of the term-start check (开学安全检查): what every school looks at first.
TERM_START = (
    "FIRE-01", "FIRE-11", "FIRE-13", "FIRE-14", "FIRE-17", "FIRE-18", "DORM-01", "DORM-04", "CANTEEN-01",
    "CANTEEN-03", "GAS-02", "ELEC-01", "ELEC-04", "BLDG-03", "BLDG-04", "BUS-01", "BUS-06", "SEC-01", "SEC-04",
    "SEC-07", "MGMT-03", "MGMT-06",
)  # fmt: skip
TERM_CODE = "SD-TERM-START"


def term_checklist(admin: object, province: OrgUnit) -> Checklist | None:
    """The province's term-start checklist: the library's items for it, published through the service."""
    from ..services.checklists import create_checklist

    existing = Checklist.objects.filter(code=TERM_CODE).first()
    library = Checklist.objects.filter(code="SD-GENERAL").first()
    if existing or library is None:
        return existing
    fields = ("code", "area", "text", "pass_hint", "source", "is_major_criterion", "weight", "kinds", "flags")
    items = [
        {field: getattr(item, field) for field in fields}
        for item in library.published().items.filter(code__in=TERM_START).order_by("order", "code")
    ]
    return create_checklist(actor=admin, owner=province, code=TERM_CODE, name="秋季开学安全检查表", items=items)


def seed_plan(seed: int) -> int:
    """The plan, its due inspections, and the inspections that fulfil the done ones; returns how many were done."""
    from safecampus.accounts.models import User

    from ..services.checklists import effective_items
    from ..services.plans import create_plan

    admin = User.objects.filter(username__startswith="admin.", memberships__org__depth=1).first()
    province = OrgUnit.objects.filter(depth=1).first()
    if admin is None or province is None or not OrgUnit.objects.filter(level=Level.SCHOOL).exists():
        return 0
    rng = random.Random(seed)
    with clock.travel_to(clock.now() - timedelta(days=50)):
        checklist = term_checklist(admin, province)
        if checklist is None:
            return 0
        plan = create_plan(
            actor=admin,
            owner=province,
            name="秋季学期开学安全自查",
            kind="self_check",
            checklist=checklist,
            start_date=clock.today(),
            due_date=clock.today() + timedelta(days=30),
        )
    version = checklist.published()
    items = effective_items(version)
    tz = ZoneInfo(settings.TIME_ZONE)
    due_end = datetime.combine(plan.due_date, time(18), tz)
    tasks = list(InspectionTask.objects.filter(plan=plan).order_by("pk"))
    done = []
    for task in tasks:
        if rng.random() < 0.8:
            late = rng.random() < 0.15
            hours = rng.uniform(2.4, 10 * 24) if late else -rng.uniform(0, 25 * 24)
            done.append((task, min(due_end + timedelta(hours=hours), clock.now() - timedelta(hours=1))))
    if not done:
        return 0
    profiles = {
        pk: profile_of(values)
        for pk, *values in OrgUnit.objects.filter(pk__in=[task.school_id for task, _at in done]).values_list(
            "pk", *PROFILE_FIELDS
        )
    }
    principals = dict(
        Membership.objects.filter(role=Role.PRINCIPAL, org_id__in=list(profiles)).values_list("org_id", "user_id")
    )
    with transaction.atomic():
        ids = reserve_ids(Inspection, len(done))
        inspections, results, team = [], [], []
        for inspection_id, (task, at) in zip(ids, done, strict=True):
            creator = principals.get(task.school_id, admin.pk)
            applicable = [item for item in items if item.applies_to(profiles[task.school_id])]
            day = at.astimezone(tz).date()
            inspections.append(
                (inspection_id, "self_check", task.school_id, task.org_path, False, version.pk, day, "submitted",
                 Decimal("100.0"), 0, 0, creator, at - timedelta(hours=2), at)
            )  # fmt: skip
            results.extend((inspection_id, item.pk, "pass", "", "", at, creator) for item in applicable)
            team.append((inspection_id, creator))
            task.inspection_id, task.done_at = inspection_id, at
        insert_rows(
            Inspection,
            ("id", "kind", "school_id", "org_path", "is_unannounced", "checklist_version_id", "date", "status",
             "score", "failed_count", "major_failed_count", "created_by_id", "created_at", "submitted_at"),
            inspections,
        )  # fmt: skip
        insert_rows(
            InspectionResult,
            ("inspection_id", "item_id", "outcome", "note", "place", "updated_at", "updated_by_id"),
            results,
        )
        insert_rows(Inspection.inspectors.through, ("inspection_id", "user_id"), team)
        update_rows(
            InspectionTask, ("inspection_id", "done_at"), [(task.pk, task.inspection_id, at) for task, at in done]
        )
    return len(done)

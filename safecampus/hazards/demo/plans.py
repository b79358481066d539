"""The demo's inspection plan, so completeness and timeliness have figures (see seed_demo)."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from safecampus.core import clock
from safecampus.orgs.models import Level, OrgUnit

from ..models import Checklist, InspectionTask


def seed_plan(seed: int) -> int:
    """A provincial term-start self-check that fell due three weeks ago: most schools did it, some late, some not.

    The plan and its tasks are made by the service (at a moved clock); completions are written in bulk, and
    the counters are rebuilt from the records afterwards by seed_demo.
    """
    from safecampus.accounts.models import User

    from ..services.plans import create_plan

    admin = User.objects.filter(username__startswith="admin.", memberships__org__depth=1).first()
    checklist = Checklist.objects.filter(code="SD-GENERAL").first()
    if admin is None or checklist is None or not OrgUnit.objects.filter(level=Level.SCHOOL).exists():
        return 0
    rng = random.Random(seed)
    start = clock.now() - timedelta(days=50)
    with clock.travel_to(start):
        plan = create_plan(
            actor=admin,
            owner=OrgUnit.objects.get(depth=1),
            name="秋季学期全面自查",
            kind="self_check",
            checklist=checklist,
            start_date=clock.today(),
            due_date=clock.today() + timedelta(days=30),
        )
    tz = ZoneInfo(settings.TIME_ZONE)
    due_end = datetime.combine(plan.due_date, time.max, tz)
    done = []
    for task in InspectionTask.objects.filter(plan=plan):
        if rng.random() < 0.8:
            late = rng.random() < 0.15
            task.done_at = (
                due_end - timedelta(days=rng.uniform(0, 25))
                if not late
                else due_end + timedelta(days=rng.uniform(0.1, 10))
            )
            done.append(task)
    InspectionTask.objects.bulk_update(done, ["done_at"], batch_size=5000)
    return len(done)

"""Three years of demo incidents, made through the real services with a moved clock (a seeder, core.demo).

The kinds of incident and how each goes are in cases.py; the people in people.py.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta
from itertools import accumulate
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.test.utils import override_settings

from safecampus.core import clock
from safecampus.core.demo import Demo, Option, seeder
from safecampus.core.progress import Progress
from safecampus.orgs.models import Level, OrgUnit

from ..services import reporting, routing
from .calendar import Case, _when
from .cases import ANY_TIME, CASES
from .people import _grade, _person, _user


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def seed_incidents(count: int, seed: int, stream: TextIO) -> int:
    """`count` incidents over the last three years, fewer each year, through every stage."""
    rng = random.Random(seed)
    schools = list(
        OrgUnit.objects.filter(level=Level.SCHOOL, is_active=True, school__isnull=False)
        .select_related("school")
        .order_by("path")
    )
    if not schools or count <= 0:
        return 0
    progress = Progress("incidents", count, stream)
    now = clock.now()
    tz = ZoneInfo(settings.TIME_ZONE)
    made = 0
    # Bigger schools have more incidents, though not in proportion (a kindergarten's 200 pupils, a school's 2,000).
    sizes = list(accumulate(math.sqrt(min(max(school.school.student_count, 1), 3000)) for school in schools))
    # Year weights 1.0 / 0.8 / 0.65 (oldest to newest), spread over each year's days.
    for number in range(count):
        years_back = rng.choices([2, 1, 0], weights=[1.0, 0.8, 0.65])[0]
        start = now - timedelta(days=365 * (years_back + 1))
        end = min(now, start + timedelta(days=365))
        if number < min(3, count // 20):
            start, end = now - timedelta(hours=30), now - timedelta(minutes=25)  # a few still open, clocks running
        school = rng.choices(schools, cum_weights=sizes)[0]
        case, occurred = _pick(rng, school.school, start, end, tz)
        if _make(rng, school, case, occurred, now):
            made += 1
        progress.advance(1)
    return made


def _pick(rng: random.Random, profile: Any, start: datetime, end: datetime, tz: ZoneInfo) -> tuple[Case, datetime]:
    """What happens at this school, and when: a case that fits it, at a moment that fits the case."""
    cases = [case for case in CASES if case.weight(profile) > 0]
    weights = [case.weight(profile) for case in cases]
    for _attempt in range(10):
        case = rng.choices(cases, weights=weights)[0]
        occurred = _when(rng, case, start, end, tz)
        if occurred is not None:
            return case, occurred
    return ANY_TIME, start + (end - start) * rng.random()


def _make(rng: random.Random, school: OrgUnit, case: Case, occurred: datetime, now: datetime) -> bool:
    principal = _user(f"principal.{school.code}")
    county = OrgUnit.objects.filter(path=school.path[: -OrgUnit.steplen]).first()
    if principal is None or county is None:
        return False
    tz = ZoneInfo(settings.TIME_ZONE)
    detail = case.build(rng, school.school, occurred.astimezone(tz))
    delay = timedelta(minutes=rng.uniform(70, 150) if rng.random() < 0.04 else rng.uniform(10, 50))
    if occurred + delay > now:
        delay = (now - occurred) / 2
    kind = school.school.kind
    persons = [
        _person(rng, school, harm, occurred, detail.get("pupil") or _grade(rng, kind))
        for harm in detail.get("harms", [])[:3]
    ]
    deaths = detail["deaths"]
    with transaction.atomic(), clock.travel_to(occurred + delay):
        incident = reporting.report_initial(
            actor=principal,
            org=school,
            category=case.category,
            subtype=case.subtype,
            occurred_at=occurred,
            # A title names the school only by its whole short name; the school has its own column.
            title=f"{school.short_name}{detail['title']}" if school.short_name else detail["title"],
            place=detail["place"],
            description=detail["description"],
            measures=detail["measures"],
            students_involved=detail["students"],
            student_grades=detail.get("grades", ""),
            deaths=deaths,
            student_deaths=deaths,
            serious_injuries=detail["serious_injuries"],
            injuries=detail["injuries"],
            direct_loss=detail.get("direct_loss", 0),
            persons=persons,
        )
    moment = occurred + delay
    for receipt_org in routing.chain(incident):
        officer = _user(f"safety.{receipt_org.code}") or _user(f"admin.{receipt_org.code}")
        receipt = incident.receipts.filter(org=receipt_org).first()
        if officer is None or receipt is None:
            break
        moment += timedelta(minutes=rng.uniform(5, 40))
        if moment > now:
            return True
        with transaction.atomic(), clock.travel_to(moment):
            routing.acknowledge(incident, actor=officer, org=receipt_org)
        if receipt.forward_due_at:
            moment += timedelta(minutes=rng.uniform(130, 200) if rng.random() < 0.02 else rng.uniform(10, 90))
            if moment > now:
                return True
            with transaction.atomic(), clock.travel_to(moment):
                routing.forward(incident, actor=officer, org=receipt_org)
    handled = occurred + timedelta(days=rng.uniform(1, 6))
    if handled > now:
        return True
    with transaction.atomic(), clock.travel_to(handled):
        reporting.mark_handled(incident, actor=principal)
    final = handled + timedelta(days=rng.uniform(8, 12) if rng.random() < 0.03 else rng.uniform(0.5, 6))
    if final > now:
        return True
    with transaction.atomic(), clock.travel_to(final):
        reporting.final_report(
            incident, actor=principal, cause=detail["cause"], handling=detail["handling"], lessons=detail["lessons"]
        )
    return True


def default_count(schools: int) -> int:
    return min(200, max(0, schools // 3))


@seeder(
    "incidents",
    order=80,
    options=[
        Option(
            "incidents",
            None,
            "incidents over three years, made through the services (default: one per 3 schools, at most 200)",
        )
    ],
)
def seed_demo_incidents(demo: Demo) -> str:
    wanted = demo.options["incidents"]
    made = seed_incidents(
        default_count(len(demo.facts["schools"])) if wanted is None else wanted, demo.seed, demo.progress
    )
    return f"{made} incidents over three years"

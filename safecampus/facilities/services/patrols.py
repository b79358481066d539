"""Patrol rounds: a guard's scan of a patrol point, and each school day's rounds done against the rule.

A school's patrol points are its active checkpoints whose areas include security (the same QR codes the
inspections use: a guard who scans one records a patrol, services.patrols is where it lands). The rounds done on
a day are the fewest scans of any one point that day, so a round counts only when every point was visited. Two
scans of one point within `REPEAT_MINUTES` are one visit (a double tap)."""

from __future__ import annotations

import re
from collections import Counter as Tally
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core import clock, counting
from safecampus.core.access import Perm, access
from safecampus.core.forms import cleaned
from safecampus.hazards.models import Area, Checkpoint
from safecampus.rules.services import rule_value

from ..models import GateDuty, GatePeriod, PatrolDay, PatrolScan

REPEAT_MINUTES = 5


def patrol_points(school: Any) -> list[Checkpoint]:
    points = Checkpoint.objects.filter(school=school, is_active=True).order_by("name")
    return [point for point in points if Area.SECURITY in (point.areas or [])]


def may_patrol(user: Any, school: Any) -> bool:
    return access(user).holds(Perm.PATROL, school.path)


def _rounds(school: Any, day: date, points: list[Checkpoint]) -> int:
    if not points:
        return 0
    seen = Tally(PatrolScan.objects.filter(school=school, day=day).values_list("checkpoint_id", flat=True))
    return min(seen.get(point.pk, 0) for point in points)


def refresh_day(school: Any, day: date, *, close: bool = False) -> PatrolDay | None:
    """Recount a school's patrol day (inside the caller's transaction) and move its counters."""
    points = patrol_points(school)
    row = PatrolDay.objects.select_for_update().filter(school=school, day=day).first()
    if row is None and not points:
        return None
    if row is None:
        row = PatrolDay(school=school, day=day)
        before: Tally = Tally()
    else:
        before = counting.track(row)
    row.points = len(points)
    row.required = rule_value("facilities.patrol.rounds_per_day", school) if points else 0
    row.done = _rounds(school, day, points)
    row.closed = row.closed or close
    row.save()
    counting.changed(row, before)
    return row


@transaction.atomic
def scan(point: Checkpoint, *, actor: Any) -> tuple[PatrolScan | None, PatrolDay | None]:
    """Record a guard's visit of a patrol point now; a repeat within minutes is the same visit (None)."""
    school = point.school
    if not may_patrol(actor, school):
        raise PermissionDenied(_("Only the school's guards and keepers record patrol rounds."))
    if point not in patrol_points(school):
        raise PermissionDenied(_("This checkpoint is not a patrol point (its areas do not include security)."))
    now = clock.now()
    day = clock.today()
    recent = PatrolScan.objects.filter(checkpoint=point, by=actor, at__gte=now - timedelta(minutes=REPEAT_MINUTES))
    if recent.exists():
        return None, PatrolDay.objects.filter(school=school, day=day).first()
    made = PatrolScan.objects.create(school=school, checkpoint=point, by=actor, at=now, day=day)
    return made, refresh_day(school, day)


def close_days(today: date) -> int:
    """Close every patrol day before today, and open yesterday's for schools with patrol points that scanned
    nothing (so a day without a single round counts as missed)."""
    from safecampus.orgs.models import OrgUnit

    closed = 0
    yesterday = today - timedelta(days=1)
    schools = {
        school
        for school, areas in Checkpoint.objects.filter(is_active=True).values_list("school_id", "areas")
        if Area.SECURITY in (areas or [])
    }
    have = set(PatrolDay.objects.filter(day=yesterday).values_list("school_id", flat=True))
    for school in OrgUnit.objects.filter(pk__in=schools - have, is_active=True):
        with transaction.atomic():
            refresh_day(school, yesterday)
    for row in PatrolDay.objects.filter(day__lt=today, closed=False).select_related("school").iterator(chunk_size=500):
        with transaction.atomic():
            refresh_day(row.school, row.day, close=True)
        closed += 1
    return closed


def recent_days(school: Any, today: date, days: int = 7) -> list[PatrolDay]:
    return list(PatrolDay.objects.filter(school=school, day__gte=today - timedelta(days=days)).order_by("-day"))


def headcount(people: str) -> int:
    return len([name for name in re.split(r"[、，,;；\s]+", people or "") if name.strip()])


def last_school_day(today: date) -> date:
    """The last weekday before today (the gate posts are kept on school days)."""
    day = today - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


@transaction.atomic
def log_gate_duty(school: Any, *, actor: Any, day: Any, period: str, people: str, police: Any = False) -> GateDuty:
    """Record who kept the gate post at arrival or dismissal (every field at fault named at once)."""
    from ..forms_logs import GateDutyForm
    from .common import require_keeper

    if not may_patrol(actor, school):
        require_keeper(actor, school)
    form = GateDutyForm(data={"day": day, "period": period, "people": people, "police": police})
    cleaned(form)
    values = form.cleaned_data
    if GateDuty.objects.filter(school=school, day=values["day"], period=values["period"]).exists():
        raise ValidationError({"period": _("This gate post is already logged for that day.")})
    need = rule_value("facilities.gate_duty.people", school)
    count = headcount(values["people"])
    if count < need:
        raise ValidationError(
            {"people": _("Name at least %(n)d people on duty (separate names with 、).") % {"n": need}}
        )
    return GateDuty.objects.create(school=school, recorded_by=actor, recorded_at=clock.now(), headcount=count, **values)


def gate_gaps(school: Any, today: date) -> list[str]:
    """The periods of the last school day with no gate post logged."""
    day = last_school_day(today)
    logged = set(GateDuty.objects.filter(school=school, day=day).values_list("period", flat=True))
    return [period for period in GatePeriod.values if period not in logged]

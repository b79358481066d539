"""The hazard loop's time-based checks, registered in hazards/jobs.py and run by `manage.py tick` and the worker.

Overdue status itself needs no job: it is computed from the deadline at read
time. These checks only send reminders and escalations, each once.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from safecampus.core import clock
from safecampus.core.access import BUREAU_OFFICERS, SCHOOL_MANAGERS, holders
from safecampus.core.notifications import notify
from safecampus.orgs.models import OrgUnit
from safecampus.rules.services import rule_value

from ..models import OPEN_STATES, Hazard, HazardEvent, InspectionPlan, InspectionTask, Listing
from ..permissions import parent_path
from .notify import hazard_url


def _rule_for(cache: dict[tuple[str, str], Any], key: str, path: str) -> Any:
    """Rules change per subtree; look each (rule, county) up once per run."""
    county_path = path[: 3 * OrgUnit.steplen]
    if (key, county_path) not in cache:
        node = OrgUnit.objects.filter(path=county_path).first() or OrgUnit.objects.filter(path=path).first()
        cache[(key, county_path)] = rule_value(key, node)
    return cache[(key, county_path)]


def send_reminders(today: Any) -> int:
    cache: dict[tuple[str, str], Any] = {}
    default_days = rule_value("hazard.reminder_days_before")
    horizon = today + timedelta(days=max(default_days or [0]) + 30)
    sent = 0
    candidates = (
        Hazard.objects.filter(state__in=OPEN_STATES, deadline__gte=today, deadline__lte=horizon)
        .exclude(reminded_for=today)
        .select_related("school")
    )
    for hazard in candidates.iterator(chunk_size=500):
        days_left = (hazard.deadline - today).days
        if days_left not in _rule_for(cache, "hazard.reminder_days_before", hazard.org_path):
            continue
        with transaction.atomic():
            Hazard.objects.filter(pk=hazard.pk).update(reminded_for=today)
            notify(
                holders(hazard.org_path, SCHOOL_MANAGERS),
                _("Deadline in %(days)d days: %(name)s") % {"days": days_left, "name": hazard.place},
                hazard.description[:200],
                hazard_url(hazard),
                kind="hazard.reminder",
            )
        sent += 1
    return sent


def escalate_overdue(today: Any) -> int:
    """Overdue by the configured days: tell the level above (the listing bureau for listed hazards)."""
    cache: dict[tuple[str, str], Any] = {}
    escalated = 0
    overdue = Hazard.objects.filter(state__in=OPEN_STATES, deadline__lt=today, escalated_at__isnull=True)
    for hazard in overdue.select_related("school", "listed_by").iterator(chunk_size=500):
        days = (today - hazard.deadline).days
        if days < int(_rule_for(cache, "hazard.escalate_days_overdue", hazard.org_path)):
            continue
        target = hazard.listed_by.path if hazard.listed_by_id else parent_path(hazard)
        with transaction.atomic():
            Hazard.objects.filter(pk=hazard.pk).update(escalated_at=clock.now())
            HazardEvent.objects.create(
                hazard=hazard,
                verb="escalate",
                from_state=hazard.state,
                to_state=hazard.state,
                actor=None,
                at=clock.now(),
                data={"days_overdue": days, "to": target},
            )
            notify(
                holders(target, BUREAU_OFFICERS),
                _("Overdue %(days)d days: %(school)s · %(name)s")
                % {"days": days, "school": hazard.school.name, "name": hazard.place},
                hazard.description[:200],
                hazard_url(hazard),
                kind="hazard.escalation",
            )
        escalated += 1
    return escalated


def flag_late_acceptance(today: Any) -> int:
    """A listed hazard not accepted by its acceptance date is reported to the listing bureau once."""
    late = Listing.objects.filter(ended_at__isnull=True, accept_by__lt=today, acceptance_overdue_at__isnull=True)
    count = 0
    for listing in late.select_related("hazard__school", "listed_by"):
        with transaction.atomic():
            Listing.objects.filter(pk=listing.pk).update(acceptance_overdue_at=clock.now())
            notify(
                holders(listing.listed_by.path, BUREAU_OFFICERS),
                _("Acceptance overdue for listed hazard %(notice)s") % {"notice": listing.notice_no},
                listing.hazard.school.name,
                hazard_url(listing.hazard),
                kind="hazard.acceptance_overdue",
            )
        count += 1
    return count


def schedule_next_rounds(today: Any) -> int:
    """Repeating plans: when a round's due date has passed, make the next round's tasks."""
    from .plans import create_round

    created = 0
    for plan in InspectionPlan.objects.filter(is_active=True, repeat_months__gt=0):
        last = InspectionTask.objects.filter(plan=plan).aggregate(round=Max("round"), due=Max("due_date"))
        if last["due"] is not None and last["due"] < today:
            created += create_round(plan, round_number=(last["round"] or 0) + 1)
    return created

"""Reminders of the duties (the job `compliance_reminders`): each school is told N days before a duty's on-time
window ends (rule `duty.remind_days`), and when a period closes with nothing recorded the school and its county
are told. Each goes once, claimed by one UPDATE, however many workers run the job."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from safecampus.core import clock
from safecampus.core.access import BUREAU_OFFICERS, SCHOOL_MANAGERS, holders
from safecampus.core.notifications import notify
from safecampus.core.paths import parent_path
from safecampus.orgs.models import Level
from safecampus.rules.services import rule_value

from ..calendar_view import record_url
from ..models import Occurrence, OccurrenceState
from ..rulebook import obligations

ESCALATE_WITHIN = 7  # days: a period that closed longer ago (before the platform ran) is not announced late


def remind_duties(today: date | None = None) -> dict[str, int]:
    today = today or clock.today()
    days = rule_value("duty.remind_days")
    school_duties = [spec.code for spec in obligations if not spec.per_person]
    open_rows = Occurrence.objects.filter(state=OccurrenceState.OPEN, obligation__in=school_duties)
    soon = open_rows.filter(reminded=False, due_by__gte=today, due_by__lte=today + timedelta(days=days))
    late = open_rows.filter(
        escalated=False, closes_on__lt=today, closes_on__gte=today - timedelta(days=ESCALATE_WITHIN)
    )
    before = _once(soon, "reminded", _remind)
    after = _once(late, "escalated", _escalate)
    return {"duty reminders": before, "duty escalations": after}


def _once(rows: Any, flag: str, tell: Any) -> int:
    sent = 0
    for occurrence in rows.select_related("org"):
        with transaction.atomic():
            if Occurrence.objects.filter(pk=occurrence.pk, **{flag: False}).update(**{flag: True}):
                tell(occurrence)
                sent += 1
    return sent


def _title(occurrence: Occurrence) -> str:
    return str(obligations[occurrence.obligation].title)


def _keepers(occurrence: Occurrence) -> list[Any]:
    """Who keeps the owner's duties: a school's managers, or a bureau's own officers."""
    roles = SCHOOL_MANAGERS if occurrence.org.level == Level.SCHOOL else BUREAU_OFFICERS
    return holders(occurrence.org_path, roles)


def _remind(occurrence: Occurrence) -> None:
    spec = obligations[occurrence.obligation]
    notify(
        _keepers(occurrence),
        _("Due by %(day)s: %(duty)s") % {"day": occurrence.due_by.isoformat(), "duty": _title(occurrence)},
        _("Record it on the duties page once it is done."),
        reverse("compliance:duties", args=[occurrence.org_id])
        if spec.source in ("drill", "activity")
        else record_url(spec.source, occurrence.org, ""),
        kind="duty",
    )


def _escalate(occurrence: Occurrence) -> None:
    people = _keepers(occurrence) + holders(parent_path(occurrence.org_path), BUREAU_OFFICERS)
    notify(
        people,
        _("Missing: %(duty)s · %(school)s") % {"duty": _title(occurrence), "school": occurrence.org.name},
        _("The period %(first)s – %(last)s closed with nothing recorded.")
        % {"first": occurrence.period_start.isoformat(), "last": occurrence.period_end.isoformat()},
        reverse("compliance:occurrence", args=[occurrence.pk]),
        kind="duty",
    )

"""A school's calendar: for each duty it owes, the period it is in now (or the next one), and any earlier period
still open, with how far the records fulfil it and a link to record what counts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.urls import reverse

from .engine import duty_of, owes_unit, window
from .models import Occurrence, OccurrenceState
from .rulebook import obligations
from .schoolyear import Terms, periods

LOOK_AHEAD = 60  # days: a duty with no period now shows its next one if it begins within this


def school_calendar(school: Any, today: date) -> list[dict[str, Any]]:
    profile = school.school
    terms = Terms.of(school)
    have = {
        (o.obligation, o.period_start): o
        for o in Occurrence.objects.filter(org=school, closes_on__gte=today - timedelta(days=1))
    }
    rows = []
    for spec in obligations:
        if spec.per_person:  # a person's hours: the training page lists who is short
            continue
        duty = duty_of(spec, school)
        if not owes_unit(duty, school, profile):
            continue
        near = periods(
            duty["every"], today - timedelta(days=duty["grace_days"]), today + timedelta(days=LOOK_AHEAD), terms
        )
        current = [p for p in near if p.start <= today]
        shown = [p for p in current if window(duty, p)[1] >= today] or [p for p in near if p.start > today][:1]
        for period in shown:
            due_by, closes_on = window(duty, period)
            occurrence = have.get((spec.code, period.start))
            state = occurrence.shown_state(today) if occurrence else ("open" if period.start <= today else "upcoming")
            first_kind = duty["counts"][0] if duty["counts"] else ""
            rows.append(
                {
                    "spec": spec,
                    "period": period,
                    "due_by": due_by,
                    "closes_on": closes_on,
                    "required": duty["times"],
                    "on_time": occurrence.on_time if occurrence else 0,
                    "late": occurrence.late if occurrence else 0,
                    "state": state,
                    "occurrence": occurrence,
                    "record_url": record_url(spec.source, school, first_kind),
                    "unannounced": duty.get("unannounced") == "only",
                    "evidence": duty.get("evidence", []),
                    "done": occurrence is not None and occurrence.state != OccurrenceState.OPEN,
                }
            )
    rows.sort(key=lambda row: (row["done"], row["state"] == "upcoming", row["due_by"]))
    return rows


def record_url(source: str, org: Any, kind: str) -> str:
    """Where a duty's record is made: a drill or activity form, else the unit's responsibility page."""
    if source in ("drill", "activity"):
        return reverse(f"compliance:{source}_new", args=[org.pk]) + f"?kind={kind}"
    if source == "supervision":
        return reverse("compliance:supervision", args=[org.pk])
    anchor = {"document": "documents", "practical": "tasks"}.get(source, "letters")
    return reverse("compliance:responsibility", args=[org.pk]) + f"#{anchor}"

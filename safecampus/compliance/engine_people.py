"""The obligation engine for duties each person owes (training hours): one occurrence per person and period, owned
by their school, counting hours in tenths (9.5 of 10 is short; nothing is rounded).

The same window rule as the school's duties: hours of a training held within the period and entered by the day it
closes count on time, later ones late. A new principal's 40 hours run for the year from their appointment.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from safecampus.core import clock, counting
from safecampus.orgs.models import Level

from .engine import duty_of, locked_or_made, owes, refresh, window
from .models import Attendance, Occurrence, OccurrenceState, RecordState, Trainee
from .rulebook import Obligation, obligations
from .schoolyear import Period, Terms, period_of

TENTHS = Decimal("10")


def people_duties(source: str | None = None) -> list[Obligation]:
    return [spec for spec in obligations if spec.per_person and source in (None, spec.source)]


def _scale(spec: Obligation) -> Decimal:
    """Training counts hours in tenths; a letter counts letters."""
    return TENTHS if spec.source == "training" else Decimal("1")


def unit_owes(duty: dict[str, Any], org: Any, school: Any = None) -> bool:
    """A school's people owe a person duty by the school's row (kinds, flags); a bureau's people (the heads of its
    units: their post is a bureau's only) owe those counting their post."""
    if org.level == Level.SCHOOL:
        return owes(duty, school or org.school)
    return duty["active"] == "on"


def person_owes(duty: dict[str, Any], trainee: Trainee) -> bool:
    if not trainee.is_active or trainee.post not in duty["counts"]:
        return False
    return duty["every"] != "appointment" or trainee.appointed_on is not None


def person_period(duty: dict[str, Any], trainee: Trainee, day: date, terms: Terms) -> Period | None:
    if duty["every"] == "appointment":
        start = trainee.appointed_on
        if start is None or not start <= day <= start + timedelta(days=364):
            return None
        return Period(start, start + timedelta(days=364), f"{start.isoformat()} +1y")
    return period_of(duty["every"], day, terms)


def _new(spec: Obligation, trainee: Trainee, period: Period, duty: dict[str, Any]) -> Occurrence:
    due_by, closes_on = window(duty, period)
    return Occurrence(
        org_id=trainee.school_id,
        org_path=trainee.org_path,
        trainee=trainee,
        obligation=spec.code,
        period_start=period.start,
        period_end=period.end,
        due_by=due_by,
        closes_on=closes_on,
        required=int(Decimal(duty["times"]) * _scale(spec)),
    )


def ensure(spec: Obligation, trainee: Trainee, period: Period, duty: dict[str, Any]) -> Occurrence:
    filters = {"trainee": trainee, "obligation": spec.code, "period_start": period.start}
    return locked_or_made(filters, lambda: _new(spec, trainee, period, duty))


def recount_hours(occurrence: Occurrence) -> Occurrence:
    """Hours (tenths) of the person's trainings held in the period: on time when held by `due_by` and entered by
    `closes_on`, late otherwise; the state as for any duty. (A person's letter is counted like any record.)"""
    rows = Attendance.objects.filter(
        trainee_id=occurrence.trainee_id,
        training__state=RecordState.RECORDED,
        training__held_on__gte=occurrence.period_start,
        training__held_on__lte=occurrence.period_end,
    ).select_related("training")
    on_time = late = Decimal("0")
    for row in rows:
        entered = counting.local_day(row.training.recorded_at)
        if row.training.held_on <= occurrence.due_by and entered <= occurrence.closes_on:
            on_time += row.hours
        else:
            late += row.hours
    occurrence.on_time, occurrence.late = min(int(on_time * TENTHS), 32767), min(int(late * TENTHS), 32767)
    return _state(occurrence)


def _state(occurrence: Occurrence) -> Occurrence:
    if occurrence.state != OccurrenceState.EXCUSED:
        if occurrence.on_time >= occurrence.required:
            occurrence.state = OccurrenceState.DONE
        elif occurrence.on_time + occurrence.late >= occurrence.required:
            occurrence.state = OccurrenceState.LATE
        else:
            occurrence.state = OccurrenceState.OPEN
    return occurrence


def apply_training(training: Any, trainees: Iterable[Trainee]) -> None:
    """After a training is recorded or withdrawn: refresh each attendee's occurrences of the period it was held in."""
    apply_people("training", training.school, list(trainees), training.held_on)


def apply_letter(letter: Any) -> None:
    """After a person's letter is signed or voided: refresh their occurrence of the letter's year."""
    apply_people("post_letter", letter.org, [letter.trainee], date(letter.year, 1, 1))


def apply_people(source: str, school: Any, trainees: list[Trainee], day: date) -> None:
    terms = Terms.of(school)
    for spec in people_duties(source):
        duty = duty_of(spec, school)
        if not unit_owes(duty, school):
            continue
        for trainee in trainees:
            if not person_owes(duty, trainee):
                continue
            period = person_period(duty, trainee, day, terms)
            if period is not None:
                refresh(ensure(spec, trainee, period, duty), duty)


def open_for(trainee: Trainee, today: date | None = None) -> int:
    """A person added to the roster owes this period's hours from today (each duty of their post)."""
    today = today or clock.today()
    school = trainee.school
    terms, made = Terms.of(school), 0
    for spec in people_duties():
        duty = duty_of(spec, school)
        if unit_owes(duty, school) and person_owes(duty, trainee):
            period = person_period(duty, trainee, today, terms)
            if (
                period is not None
                and not Occurrence.objects.filter(
                    trainee=trainee, obligation=spec.code, period_start=period.start
                ).exists()
            ):
                ensure(spec, trainee, period, duty)
                made += 1
    return made


def hours_of(trainee: Trainee, first: date, last: date) -> Decimal:
    found = Attendance.objects.filter(
        trainee=trainee,
        training__state=RecordState.RECORDED,
        training__held_on__gte=first,
        training__held_on__lte=last,
    ).aggregate(total=Sum("hours"))["total"]
    return found or Decimal("0")

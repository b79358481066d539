"""The obligation engine: who owes each duty, which period a record falls in, and each occurrence's state.

One engine for every duty (rulebook.py): a duty's rule row says who owes it and what counts; the records of its
source (drills, activities) fulfil it. An occurrence is recounted from the records each time one of them changes,
inside the same transaction, and its counters follow through the counted-record protocol (counted.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction

from safecampus.core import clock, counting
from safecampus.orgs.models import Level, OrgUnit, School
from safecampus.rules.services import rule_value, rule_values

from .models import (
    Occurrence,
    OccurrenceState,
    RecordState,
)
from .models.submissions import REQUEST_PREFIX
from .rulebook import Obligation, obligations
from .schoolyear import Period, Terms, period_of, periods
from .sources import REQUEST_DUTY, SOURCES, evidence, fulfilling, live_kind, record_day, record_owner, sent

logger = logging.getLogger(__name__)
BUREAU_LEVELS = (Level.PROVINCE, Level.CITY, Level.COUNTY)


def owes(duty: dict[str, Any], school: School) -> bool:
    """Whether a school owes a duty under its rule row (kind, and the boarding or bus flag it asks for)."""
    if duty["active"] != "on" or school.kind not in duty["school_kinds"]:
        return False
    only = duty.get("only", "all")
    return only == "all" or (only == "boarding" and school.is_boarding) or (only == "bus" and school.uses_school_bus)


def owes_unit(duty: dict[str, Any], org: OrgUnit, school: School | None = None) -> bool:
    """Whether a unit owes a duty: a bureau when its level is one the row names; a school by `owes`."""
    if "levels" in duty:
        if duty["active"] != "on" or org.level not in duty["levels"]:
            return False
        if org.level != Level.SCHOOL:
            return True
    elif org.level != Level.SCHOOL:
        return False
    profile = school or getattr(org, "school", None)
    return profile is not None and owes(duty, profile)


def counts(duty: dict[str, Any], record: Any) -> bool:
    """Whether a record fulfils the duty: a recorded one of a kind it counts, with the evidence it needs."""
    if record.state != RecordState.RECORDED or record.kind not in duty["counts"]:
        return False
    if duty.get("unannounced") == "only" and not record.unannounced:
        return False
    return not duty.get("evidence") or set(duty["evidence"]) <= evidence(record)


def window(duty: dict[str, Any], period: Period) -> tuple[date, date]:
    """The last day a record counts as on time, and the last day the occurrence is open (then: missing)."""
    days = duty["on_time_days"]
    due_by = min(period.end, period.start + timedelta(days=days - 1)) if days else period.end
    return due_by, period.end + timedelta(days=duty["grace_days"])


def duty_of(obligation: Obligation, org: Any) -> dict[str, Any]:
    return rule_value(obligation.rule_key, org)


def ensure(obligation: Obligation, org: OrgUnit, period: Period, duty: dict[str, Any]) -> Occurrence:
    """The occurrence of (owner, duty, period), made if it is not there yet (locked for the caller)."""
    filters = {"org": org, "obligation": obligation.code, "period_start": period.start, "trainee": None}
    return locked_or_made(filters, lambda: new_occurrence(org.pk, org.path, obligation.code, period, duty))


def locked_or_made(filters: dict[str, Any], make: Any) -> Occurrence:
    """The occurrence `filters` name, locked; made and counted if there is none (a concurrent writer's wins)."""
    found = Occurrence.objects.select_for_update().filter(**filters).first()
    if found is not None:
        return found
    occurrence = make()
    try:
        with transaction.atomic():
            occurrence.save()
    except IntegrityError:  # made by a concurrent writer a moment ago
        return Occurrence.objects.select_for_update().get(**filters)
    counting.created(occurrence)
    return occurrence


def new_occurrence(org_id: int, path: str, code: str, period: Period, duty: dict[str, Any]) -> Occurrence:
    """An unsaved occurrence of the duty for one owner and period, with the duty's window."""
    due_by, closes_on = window(duty, period)
    return Occurrence(
        org_id=org_id,
        org_path=path,
        obligation=code,
        period_start=period.start,
        period_end=period.end,
        due_by=due_by,
        closes_on=closes_on,
        required=duty["times"],
    )


def refresh(occurrence: Occurrence, duty: dict[str, Any]) -> Occurrence:
    """Recount the occurrence from its records (the caller holds its lock), save it and move its counters."""
    before = counting.track(occurrence)
    recount(occurrence, duty)
    occurrence.save()
    counting.changed(occurrence, before)
    return occurrence


def recount(occurrence: Occurrence, duty: dict[str, Any]) -> Occurrence:
    """Set the occurrence's counts and state from its records (not saved; a step's counters move by themselves)."""
    if occurrence.obligation.startswith(REQUEST_PREFIX):
        duty, records = REQUEST_DUTY, sent(occurrence)
    else:
        source = obligations[occurrence.obligation].source
        if source == "training":  # hours, not records
            from .engine_people import recount_hours

            return recount_hours(occurrence)
        records = fulfilling(source, occurrence)
    on_time, late, state = tally(duty, occurrence.due_by, occurrence.closes_on, occurrence.required, records)
    occurrence.on_time, occurrence.late = min(on_time, 32767), min(late, 32767)
    if occurrence.state != OccurrenceState.EXCUSED:
        occurrence.state = state
    return occurrence


def duty_for(occurrence: Occurrence) -> dict[str, Any]:
    """The rule row an occurrence is counted by (a request's fixed duty for a submission)."""
    if occurrence.obligation.startswith(REQUEST_PREFIX):
        return REQUEST_DUTY
    return duty_of(obligations[occurrence.obligation], occurrence.org)


def tally(
    duty: dict[str, Any], due_by: date, closes_on: date, required: int, records: Iterable[Any]
) -> tuple[int, int, str]:
    """(on time, late, state) from the records held in the period: on time when held within the window and entered
    by the day the period closes; late otherwise. The demo calls it too, so its figures follow the same rule."""
    on_time = late = 0
    for record in records:
        if not counts(duty, record):
            continue
        if record.held_on <= due_by and counting.local_day(record.recorded_at) <= closes_on:
            on_time += 1
        else:
            late += 1
    if on_time >= required:
        return on_time, late, OccurrenceState.DONE
    if on_time + late >= required:
        return on_time, late, OccurrenceState.LATE
    return on_time, late, OccurrenceState.OPEN


def apply_record(record: Any) -> list[Occurrence]:
    """After a record of a school is made or withdrawn: refresh the occurrences of the period it was held in, for
    every duty of its source the school owes (inside the caller's transaction)."""
    owner = record_owner(record)
    touched = []
    terms = Terms.of(owner)
    for obligation in obligations:
        if obligation.per_person or SOURCES[obligation.source] is not type(record):
            continue
        duty = duty_of(obligation, owner)
        if not owes_unit(duty, owner):
            continue
        period = period_of(duty["every"], record_day(record), terms)
        if period is None:
            continue
        exists = Occurrence.objects.filter(org=owner, obligation=obligation.code, period_start=period.start)
        fulfils = counts(duty, record) if obligation.source in ("drill", "activity", "document") else live_kind(record)
        if not fulfils and not exists.exists():
            continue
        touched.append(refresh(ensure(obligation, owner, period, duty), duty))
    return touched


def open_periods(today: date | None = None, path: str | None = None) -> int:
    """Make the occurrences of every period that has begun and not yet closed, for every school owing each duty
    (the job; idempotent: what exists is left as it is). Counters move once per node, not once per school."""
    today = today or clock.today()
    schools = School.objects.filter(org__level=Level.SCHOOL, org__is_active=True).select_related("org")
    if path:
        schools = schools.filter(org__path__startswith=path)
    schools = list(schools)
    if not schools:
        return 0
    made = 0
    bureaus = list(OrgUnit.objects.filter(level__in=BUREAU_LEVELS, is_active=True))
    if path:
        bureaus = [unit for unit in bureaus if unit.path.startswith(path)]
    terms_by_path = _terms([school.org.path for school in schools] + [unit.path for unit in bureaus])
    for obligation in obligations:
        if obligation.per_person:
            made += _open_people(obligation, schools, bureaus, today, terms_by_path)
            continue
        owners = [(school.org, school) for school in schools]
        if obligation.by_units:
            owners += [(unit, None) for unit in bureaus]
        duties = rule_values(obligation.rule_key, [org.path for org, _school in owners])
        wanted: dict[tuple[int, date], Occurrence] = {}
        for org, school in owners:
            duty = duties[org.path]
            if not owes_unit(duty, org, school):
                continue
            for period in _open(duty, today, terms_by_path[org.path]):
                occurrence = new_occurrence(org.pk, org.path, obligation.code, period, duty)
                wanted[(org.pk, period.start)] = occurrence
        made += _create(obligation, wanted)
    return made


def _open_people(
    obligation: Obligation, schools: list[School], bureaus: list[OrgUnit], today: date, terms: dict[str, Terms]
) -> int:
    """The person duty's occurrences of the period holding today, for every active person of a post that owes it
    (a school's staff, or a bureau's heads of units)."""
    from .engine_people import _new, person_owes, person_period, unit_owes
    from .models import Trainee

    owners = {school.org_id: (school.org, school) for school in schools} | {unit.pk: (unit, None) for unit in bureaus}
    duties = rule_values(obligation.rule_key, [org.path for org, _school in owners.values()])
    wanted: dict[tuple[int, date], Occurrence] = {}
    people = Trainee.objects.filter(is_active=True, school_id__in=list(owners)).select_related("school")
    for trainee in people:
        org, school = owners[trainee.school_id]
        duty = duties[org.path]
        if not unit_owes(duty, org, school) or not person_owes(duty, trainee):
            continue
        period = person_period(duty, trainee, today, terms[org.path])
        if period is not None:
            wanted[(trainee.pk, period.start)] = _new(obligation, trainee, period, duty)
    if not wanted:
        return 0
    try:
        with transaction.atomic():
            have = set(
                Occurrence.objects.filter(
                    obligation=obligation.code, trainee_id__in={k for k, _d in wanted}
                ).values_list("trainee_id", "period_start")
            )
            new = [row for key, row in wanted.items() if key not in have]
            Occurrence.objects.bulk_create(new, batch_size=2000)
            counting.apply_many(new)
    except IntegrityError:
        logger.warning("duty %s: occurrences made concurrently; left for the next run", obligation.code)
        return 0
    return len(new)


def _open(duty: dict[str, Any], today: date, terms: Terms) -> Iterable[Period]:
    """The periods that have begun and whose occurrence is still open today."""
    reach = timedelta(days=duty["grace_days"])
    for period in periods(duty["every"], today - reach, today, terms):
        if period.start <= today <= period.end + reach:
            yield period


def _terms(paths: list[str]) -> dict[str, Terms]:
    values = rule_values("calendar.terms", paths)
    return {path: Terms.from_rule(value) for path, value in values.items()}


def _create(obligation: Obligation, wanted: dict[tuple[int, date], Occurrence]) -> int:
    if not wanted:
        return 0
    starts = {start for _org, start in wanted}
    try:
        with transaction.atomic():
            return _insert(obligation, wanted, starts)
    except IntegrityError:  # another worker opened some of these at the same moment: the next run makes the rest
        logger.warning("duty %s: occurrences made concurrently; left for the next run", obligation.code)
        return 0


def _insert(obligation: Obligation, wanted: dict[tuple[int, date], Occurrence], starts: set[date]) -> int:
    """The occurrences not made yet, inserted and counted (all or none: a row made meanwhile fails the batch)."""
    have = set(
        Occurrence.objects.filter(obligation=obligation.code, period_start__in=starts).values_list(
            "org_id", "period_start"
        )
    )
    new = [occurrence for key, occurrence in wanted.items() if key not in have]
    Occurrence.objects.bulk_create(new, batch_size=2000)
    counting.apply_many(new)
    return len(new)

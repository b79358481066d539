"""What fulfils a duty: each source's records of an occurrence's owner and period (drills, activities, documents
by their day; tasks, letters, plans by their year; a request's sent submissions), as the engine's `tally` reads
them, and the evidence a record carries.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from types import SimpleNamespace
from typing import Any

from safecampus.core import counting
from safecampus.orgs.models import OrgUnit

from .models import (
    Activity,
    Drill,
    DutyDocument,
    Letter,
    Occurrence,
    PlanState,
    PracticalTask,
    RecordState,
    SupervisionPlan,
)
from .models.responsibility import LetterState, TaskState
from .models.submissions import REQUEST_PREFIX

SOURCES = {
    "drill": Drill,
    "activity": Activity,
    "document": DutyDocument,
    "practical": PracticalTask,
    "letter": Letter,
    "supervision": SupervisionPlan,
}


def evidence(record: Any) -> set[str]:
    found = set()
    if isinstance(record, Drill):
        if record.students or record.staff:
            found.add("participants")
        if record.review.strip():
            found.add("review")
        if record.photos.exists():
            found.add("photo")
    else:
        if record.participants:
            found.add("participants")
        if record.summary.strip():
            found.add("review")
    return found


def rows_of(source: str, occurrence: Occurrence) -> Any:
    """Every record of a source the occurrence's owner holds for its period, counted or not (the occurrence's page
    lists them): a document or drill by its day, a task, letter or plan by its year."""
    year = occurrence.period_start.year
    if source == "practical":
        return PracticalTask.objects.filter(org_id=occurrence.org_id, year=year)
    if source == "letter":
        return Letter.objects.filter(org_id=occurrence.org_id, trainee=None, year=year)
    if source == "post_letter":
        return Letter.objects.filter(trainee_id=occurrence.trainee_id, year=year)
    if source == "supervision":
        return SupervisionPlan.objects.filter(org_id=occurrence.org_id, year=year)
    model = SOURCES[source]
    owner = getattr(model, "owner_field", "school")
    return model.objects.filter(
        **{f"{owner}_id": occurrence.org_id},
        held_on__gte=occurrence.period_start,
        held_on__lte=occurrence.period_end,
    )


def fulfilling(source: str, occurrence: Occurrence) -> Iterable[Any]:
    """The records of `rows_of` that may count, as `tally` reads them: a kind, a state, the day it was held and
    when it was entered (a task solved, a letter signed, a plan published, a document published)."""
    rows = rows_of(source, occurrence)
    if source == "practical":
        return [_fact("solved", task.done_on, task.done_at) for task in rows.filter(state=TaskState.DONE)]
    if source in ("letter", "post_letter"):  # counted as the post it was signed for ("school": the school's own)
        return [_fact(row.post, row.held_on, row.signed_at) for row in rows.filter(state=LetterState.SIGNED)]
    if source == "supervision":
        published = rows.filter(state=PlanState.PUBLISHED)
        return [_fact("plan", counting.local_day(plan.published_at), plan.published_at) for plan in published]
    return rows.filter(state=RecordState.RECORDED)


def _fact(kind: str, held_on: date, recorded_at: Any) -> SimpleNamespace:
    return SimpleNamespace(
        kind=kind, state=RecordState.RECORDED, held_on=held_on, recorded_at=recorded_at, unannounced=False
    )


def record_day(record: Any) -> date:
    """The day that places a record in its duty's period: a letter's or a task's year counts, not the signing day."""
    year = getattr(record, "year", None)
    return date(year, 1, 1) if year else record.held_on


def record_owner(record: Any) -> OrgUnit:
    return getattr(record, getattr(type(record), "owner_field", "school"))


def live_kind(record: Any) -> bool:
    """Whether the record, as it is now, could fulfil a duty (else only an occurrence already made is refreshed)."""
    if isinstance(record, PracticalTask):
        return record.state == TaskState.DONE
    if isinstance(record, Letter):
        return record.state == LetterState.SIGNED
    if isinstance(record, SupervisionPlan):
        return record.state == PlanState.PUBLISHED
    return record.state == RecordState.RECORDED


# A request's duty: one document, counted when sent (a returned one is not, until it is sent again). Its window is
# the request's: on time when first sent by the deadline.
REQUEST_DUTY: dict[str, Any] = {"counts": ["document"], "evidence": [], "unannounced": "any"}


def sent(occurrence: Occurrence) -> list[Any]:
    from .models import Submission, SubmissionState

    code = occurrence.obligation[len(REQUEST_PREFIX) :]
    rows = Submission.objects.filter(
        request_id=int(code),
        org_id=occurrence.org_id,
        state__in=[SubmissionState.SUBMITTED, SubmissionState.ACCEPTED],
    )
    return [
        SimpleNamespace(
            kind="document",
            state=RecordState.RECORDED,
            held_on=counting.local_day(row.first_submitted_at),
            recorded_at=row.first_submitted_at,
            unannounced=False,
        )
        for row in rows
        if row.first_submitted_at is not None
    ]

"""Recording what fulfils a duty (a drill, an education activity), withdrawing a record, and excusing a period.

Each action is one function, called by the pages, the API, imports and the demo alike: permission, input check,
one transaction (the record, its photos, the occurrences it fulfils and their counters), the history row.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core import clock, uploads
from safecampus.core.access import Perm, access
from safecampus.core.history import register_reasons, stamp
from safecampus.core.steps import Workflow, holds
from safecampus.core.text import TEXT, check_texts

from .. import engine
from ..forms import ACTIVITY_FIELDS, DRILL_FIELDS, ReasonForm, check_day
from ..models import Activity, Drill, DrillPhoto, Occurrence, OccurrenceState, RecordState

MAX_PHOTOS = 9
PHOTO_BYTES = 10 * 1024 * 1024
register_reasons(
    {
        "record": gettext_lazy("Recorded"),
        "withdraw": gettext_lazy("Withdrawn"),
        "excuse": gettext_lazy("Excused"),
        "reinstate": gettext_lazy("Excuse withdrawn"),
    }
)


def may_record(user: Any, school: Any) -> bool:
    return school.level == "school" and access(user).holds(Perm.RECORD_DUTY, school.path)


def require_recorder(user: Any, school: Any) -> None:
    if not may_record(user, school):
        raise PermissionDenied(_("Only the school's principal, safety lead or safety officer records its duties."))


def _checked(values: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """The values a command or import gives, checked as the form checks them (pages and the API use the form)."""
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in unknown})
    errors: dict[str, Any] = {}
    try:
        check_day(values.get("held_on"))
    except ValidationError as error:
        errors["held_on"] = error.messages
    if values.get("held_on") is None:
        errors["held_on"] = _("Give the day it was held.")
    for name in ("students", "staff", "participants", "evacuation_seconds", "floors"):
        value = values.get(name)
        if value is not None and (not isinstance(value, int) or value < 0):
            errors[name] = _("A whole number, 0 or more.")
    check_texts({k: v for k, v in values.items() if isinstance(v, str)}, limits={"review": TEXT}, errors=errors)
    return values


def record_drill(school: Any, *, actor: Any, photos: list[Any] | None = None, **values: Any) -> Drill:
    """Record a drill held at the school; it fulfils every duty of the period it was held in that it counts for."""
    require_recorder(actor, school)
    _checked(values, DRILL_FIELDS)
    photos = photos or []
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most %(n)s photos.") % {"n": MAX_PHOTOS}})
    kinds = [uploads.check(p, uploads.IMAGES, field="photos", max_bytes=PHOTO_BYTES) for p in photos]
    with transaction.atomic():
        drill = Drill(school=school, recorded_by=actor, recorded_at=clock.now(), **_clean(values))
        stamp(drill, actor, "record")
        drill.save()
        for photo, kind in zip(photos, kinds, strict=True):
            row = DrillPhoto(drill=drill)
            uploads.save(row.file, photo, kind)
            row.save()
        engine.apply_record(drill)
    return drill


def record_activity(school: Any, *, actor: Any, **values: Any) -> Activity:
    """Record an education activity (a first lesson, a holiday warning…) held at the school."""
    require_recorder(actor, school)
    _checked(values, ACTIVITY_FIELDS)
    with transaction.atomic():
        activity = Activity(school=school, recorded_by=actor, recorded_at=clock.now(), **_clean(values))
        stamp(activity, actor, "record")
        activity.save()
        engine.apply_record(activity)
    return activity


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items() if v is not None or k == "floors"}


def _withdraw(record: Any, actor: Any, reason: str) -> Any:
    check_texts({"reason": reason}, required={"reason": _("Say why the record is withdrawn.")}, limits={"reason": TEXT})
    record.state, record.withdrawn_reason = RecordState.WITHDRAWN, reason.strip()
    stamp(record, actor, "withdraw")
    record.save()
    engine.apply_record(record)
    return record


drills = Workflow("drill", Drill, related=("school",))
activities = Workflow("activity", Activity, related=("school",))
WITHDRAW = gettext_lazy("Withdraw the record")


def _withdraw_step(workflow: Workflow) -> Any:
    @workflow.step(
        "withdraw",
        title=WITHDRAW,
        sources=[RecordState.RECORDED],
        who=holds(Perm.RECORD_DUTY),
        form=ReasonForm,
        danger=True,
    )
    def withdraw(record: Any, *, actor: Any, reason: str = "") -> Any:
        """Withdraw a record made by mistake (it stays in the history; the duties it fulfilled are recounted)."""
        return _withdraw(record, actor, reason)

    return withdraw


# Drills and activities are withdrawn alike: one step, declared on each record's workflow.
withdraw_drill = _withdraw_step(drills)
withdraw_activity = _withdraw_step(activities)


occurrences = Workflow("occurrence", Occurrence, related=("org",))


def _bureau_above(user: Any, occurrence: Occurrence) -> bool:
    """A bureau officer of an area above the school (a school never excuses itself)."""
    return access(user).holds(Perm.EXCUSE_DUTY, occurrence.org_path)


@occurrences.step(
    "excuse",
    title=gettext_lazy("Excuse this period"),
    sources=[OccurrenceState.OPEN],
    who=_bureau_above,
    form=ReasonForm,
)
def excuse(occurrence: Occurrence, *, actor: Any, reason: str = "") -> Occurrence:
    """Excuse the school from this period of the duty (closed for works, a flood…), with the reason."""
    check_texts({"reason": reason}, required={"reason": _("Say why the school is excused.")}, limits={"reason": TEXT})
    occurrence.state = OccurrenceState.EXCUSED
    occurrence.excused_reason, occurrence.excused_by, occurrence.excused_at = reason.strip(), actor, clock.now()
    stamp(occurrence, actor, "excuse")
    occurrence.save()
    return occurrence


@occurrences.step(
    "reinstate",
    title=gettext_lazy("Withdraw the excuse"),
    sources=[OccurrenceState.EXCUSED],
    who=_bureau_above,
    danger=True,
)
def reinstate(occurrence: Occurrence, *, actor: Any) -> Occurrence:
    """Count the period again (the records decide its state)."""
    occurrence.state = OccurrenceState.OPEN
    stamp(occurrence, actor, "reinstate")
    engine.recount(occurrence, engine.duty_for(occurrence))
    occurrence.save()
    return occurrence

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
from safecampus.core.forms import cleaned
from safecampus.core.history import register_reasons, stamp
from safecampus.core.steps import Workflow, holds
from safecampus.core.text import TEXT, check_texts

from .. import engine
from ..forms import ActivityForm, DrillForm, ReasonForm
from ..models import Activity, Drill, DrillPhoto, Occurrence, OccurrenceState, RecordState, Training
from ..models.submissions import REQUEST_PREFIX

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


def checked(values: dict[str, Any], form_class: type, files: dict[str, Any] | None = None) -> dict[str, Any]:
    """The values a command or import gives, checked by the page's form (pages and the API have used it already):
    every field at fault named at once, and the form's cleaned values kept."""
    unknown = sorted(set(values) - set(form_class.base_fields) - {"photos"})
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in unknown})
    attached = {name: upload for name, upload in (files or {}).items() if upload is not None}
    form = form_class(data={k: v for k, v in values.items() if v is not None}, files=attached)
    cleaned(form)
    return {k: v for k, v in form.cleaned_data.items() if k != "photos"}


def record_drill(school: Any, *, actor: Any, photos: list[Any] | None = None, **values: Any) -> Drill:
    """Record a drill held at the school; it fulfils every duty of the period it was held in that it counts for."""
    require_recorder(actor, school)
    values = checked(values, DrillForm)
    photos = photos or []
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most %(n)s photos.") % {"n": MAX_PHOTOS}})
    kinds = [uploads.check(p, uploads.IMAGES, field="photos", max_bytes=PHOTO_BYTES) for p in photos]
    with transaction.atomic():
        drill = Drill(school=school, recorded_by=actor, recorded_at=clock.now(), **values)
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
    values = checked(values, ActivityForm)
    with transaction.atomic():
        activity = Activity(school=school, recorded_by=actor, recorded_at=clock.now(), **values)
        stamp(activity, actor, "record")
        activity.save()
        engine.apply_record(activity)
    return activity


def withdraw_record(record: Any, actor: Any, reason: str) -> Any:
    check_texts({"reason": reason}, required={"reason": _("Say why the record is withdrawn.")}, limits={"reason": TEXT})
    record.state, record.withdrawn_reason = RecordState.WITHDRAWN, reason.strip()
    stamp(record, actor, "withdraw")
    record.save()
    if isinstance(record, Training):
        from .. import engine_people

        engine_people.apply_training(record, [row.trainee for row in record.attendances.select_related("trainee")])
    else:
        engine.apply_record(record)
    return record


drills = Workflow("drill", Drill, related=("school",))
activities = Workflow("activity", Activity, related=("school",))
trainings = Workflow("training", Training, related=("school",))
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
        return withdraw_record(record, actor, reason)

    return withdraw


# Drills and activities are withdrawn alike: one step, declared on each record's workflow.
withdraw_drill = _withdraw_step(drills)
withdraw_activity = _withdraw_step(activities)
withdraw_training = _withdraw_step(trainings)


occurrences = Workflow("occurrence", Occurrence, related=("org",))


def _bureau_above(user: Any, occurrence: Occurrence) -> bool:
    """A bureau officer of an area above the unit (a unit never excuses itself)."""
    return access(user).holds_above(Perm.EXCUSE_DUTY, occurrence.org_path)


def _a_rule_duty(occurrence: Occurrence, user: Any) -> bool:
    """A submission is answered or not; only the bureau that asked decides on it (accept, return)."""
    return not occurrence.obligation.startswith(REQUEST_PREFIX)


@occurrences.step(
    "excuse",
    title=gettext_lazy("Excuse this period"),
    sources=[OccurrenceState.OPEN],
    who=_bureau_above,
    when=_a_rule_duty,
    conflict=lambda user, occurrence: _("A submission is not excused; the bureau that asked accepts or returns it."),
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
    occurrence.excused_reason, occurrence.excused_by, occurrence.excused_at = "", None, None
    stamp(occurrence, actor, "reinstate")
    engine.recount(occurrence, engine.duty_for(occurrence))
    occurrence.save()
    return occurrence

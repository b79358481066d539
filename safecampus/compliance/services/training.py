"""Safety training: the school's roster of people by post, recording a training with who attended, withdrawing it.

Recording counts each attendee's hours into their occurrence of the period (engine_people), in the same
transaction; a training of more than 12 hours in a day, or of none, is refused."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core import clock
from safecampus.core.history import stamp
from safecampus.core.text import check_texts

from .. import engine_people
from ..forms import PAST_DAYS
from ..models import Attendance, Trainee, Training
from ..models.training import posts_at
from .records import may_record

MAX_HOURS = Decimal("12")  # hours of training one person can take in a day
MAX_ATTENDEES = 3000


def may_train(user: Any, org: Any) -> bool:
    """A school's recorders keep its roster; a bureau's own keepers keep its heads of units'."""
    if org.level == "school":
        return may_record(user, org)
    from .responsibility import may_keep

    return org.level in ("province", "city", "county") and may_keep(user, org)


def require_recorder(user: Any, org: Any) -> None:
    if not may_train(user, org):
        raise PermissionDenied(_("Only the unit's own safety officers, principal or safety lead keep its training."))


def add_trainee(school: Any, *, actor: Any, name: str, post: str, appointed_on: Any = None) -> Trainee:
    """Put a person on the unit's training roster (or find them: one per name and post); a bureau's roster holds
    the heads of its units, a school's its staff."""
    require_recorder(actor, school)
    errors: dict[str, Any] = {}
    if post not in dict(posts_at(school.level)):
        errors["post"] = _("Choose the post.")
    if appointed_on is not None and appointed_on > clock.today():
        errors["appointed_on"] = _("The day cannot be in the future.")
    check_texts({"name": name}, required={"name": _("Give the person's name.")}, limits={"name": 40}, errors=errors)
    found = Trainee.objects.filter(school=school, name=name.strip(), post=post).first()
    if found is not None:
        if appointed_on and found.appointed_on != appointed_on:
            found.appointed_on = appointed_on
            stamp(found, actor, "record")
            found.save()
            engine_people.open_for(found)
        return found
    with transaction.atomic():
        trainee = Trainee(school=school, name=name.strip(), post=post, appointed_on=appointed_on)
        stamp(trainee, actor, "record")
        trainee.save()
        engine_people.open_for(trainee)
    return trainee


def hours_value(value: Any, field: str = "hours") -> Decimal:
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Give the hours as a number, e.g. 2 or 1.5.")}) from None
    if not Decimal("0.5") <= hours <= MAX_HOURS:
        raise ValidationError({field: _("Between 0.5 and %(most)s hours in a day.") % {"most": MAX_HOURS}})
    return hours


def record_training(
    school: Any,
    *,
    actor: Any,
    course: str,
    held_on: Any,
    hours: Any,
    attendees: list[Trainee],
    provider: str = "",
    attendee_hours: dict[int, Any] | None = None,
    certificates: dict[int, str] | None = None,
) -> Training:
    """Record a training held at (or for) the school and who attended it; their hours count at once."""
    require_recorder(actor, school)
    errors: dict[str, Any] = {}
    today = clock.today()
    if held_on is None or held_on > today or held_on < today - timedelta(days=PAST_DAYS):
        errors["held_on"] = _("Give the day it was held: not in the future, not more than %(days)s days ago.") % {
            "days": PAST_DAYS
        }
    try:
        total = hours_value(hours)
    except ValidationError as error:
        errors.update(error.message_dict)
        total = Decimal("0")
    if not attendees:
        errors["attendees"] = _("Choose who attended.")
    elif len(attendees) > MAX_ATTENDEES or any(t.school_id != school.pk for t in attendees):
        errors["attendees"] = _("Choose people of this school.")
    own: dict[int, Decimal] = {}
    for trainee_id, value in (attendee_hours or {}).items():
        try:
            own[trainee_id] = min(hours_value(value), total) if total else hours_value(value)
        except ValidationError as error:
            errors.setdefault("attendee_hours", error.messages)
    check_texts(
        {"course": course, "provider": provider},
        required={"course": _("Give the course.")},
        limits={"course": 120, "provider": 120},
        errors=errors,
    )
    with transaction.atomic():
        training = Training(
            school=school,
            course=course.strip(),
            provider=provider.strip(),
            held_on=held_on,
            hours=total,
            recorded_by=actor,
            recorded_at=clock.now(),
        )
        stamp(training, actor, "record")
        training.save()
        Attendance.objects.bulk_create(
            [
                Attendance(
                    training=training,
                    trainee=trainee,
                    hours=own.get(trainee.pk, total),
                    certificate=(certificates or {}).get(trainee.pk, "")[:60],
                    added_by=actor,
                )
                for trainee in attendees
            ]
        )
        engine_people.apply_training(training, attendees)
    return training


def attendees_of(training: Training) -> list[Trainee]:
    return [row.trainee for row in training.attendances.select_related("trainee")]


def add_attendee(training: Training, trainee: Trainee, *, actor: Any, hours: Any = None, certificate: str = "") -> bool:
    """One more attendee of a training already recorded (an import's next row); False if already on it."""
    require_recorder(actor, training.school)
    if trainee.school_id != training.school_id:
        raise ValidationError({"attendees": _("Choose people of this school.")})
    if training.attendances.filter(trainee=trainee).exists():
        return False
    own = min(hours_value(hours), training.hours) if hours not in (None, "") else training.hours
    with transaction.atomic():
        Attendance.objects.create(
            training=training, trainee=trainee, hours=own, certificate=certificate[:60], added_by=actor
        )
        engine_people.apply_training(training, [trainee])
    return True

"""The duty roster (值班表) and the escalation chain it drives: who hears of an alarm first, and who next."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core.access import Role, holders
from safecampus.core.history import stamp
from safecampus.orgs.models import Level, OrgUnit

from ..models import DutyShift
from .common import require_keeper

FIRST = (Role.SAFETY_OFFICER, Role.GUARD)  # who is told first when nobody is on the roster
HEADS = (Role.PRINCIPAL, Role.SAFETY_LEAD)  # the first escalation


def on_duty(path: str, at: datetime) -> list[Any]:
    """The people on the roster of the unit at `path` at that moment."""
    shifts = DutyShift.objects.filter(org_path=path, starts_at__lte=at, ends_at__gt=at).select_related("person")
    return [shift.person for shift in shifts if shift.person.is_active]


def first_told(school: OrgUnit, at: datetime) -> list[Any]:
    """The school's people on duty; with nobody on the roster, its safety officers and guards."""
    return on_duty(school.path, at) or holders(school.path, FIRST)


def heads(school: OrgUnit) -> list[Any]:
    return holders(school.path, HEADS)


def bureau_for(school: OrgUnit) -> OrgUnit | None:
    """The county bureau over a school (the nearest region above it)."""
    above = OrgUnit.objects.filter(path__in=school.ancestor_paths()[:-1]).exclude(level=Level.SCHOOL)
    return above.order_by("-depth").first()


def bureau_told(school: OrgUnit, at: datetime) -> list[Any]:
    """The county bureau's people on duty; with nobody on its roster, its safety officers."""
    bureau = bureau_for(school)
    if bureau is None:
        return []
    return on_duty(bureau.path, at) or holders(bureau.path, (Role.BUREAU_SAFETY_OFFICER,))


@transaction.atomic
def add_shift(
    *, actor: Any, org: OrgUnit, person: Any, starts_at: datetime, ends_at: datetime, post: str = "", phone: str = ""
) -> DutyShift:
    """Put a person of the unit on its roster for a span of time."""
    require_keeper(actor, org)
    errors: dict[str, Any] = {}
    if ends_at <= starts_at:
        errors["ends_at"] = _("A shift ends after it starts.")
    elif (ends_at - starts_at).days > 7:
        errors["ends_at"] = _("A shift lasts at most 7 days; add one per day or week.")
    members = get_user_model().objects.filter(memberships__org_path=org.path, is_active=True)
    if not members.filter(pk=person.pk).exists():
        errors["person"] = _("Only a person of %(org)s can be on its roster.") % {"org": org.name}
    if errors:
        raise ValidationError(errors)
    shift = DutyShift(org=org, person=person, starts_at=starts_at, ends_at=ends_at, post=post or "值班员", phone=phone)
    stamp(shift, actor, "add_shift")
    shift.save()
    return shift


@transaction.atomic
def remove_shift(shift: DutyShift, *, actor: Any) -> None:
    """Take a shift off the roster (its history row keeps it)."""
    require_keeper(actor, shift.org)
    stamp(shift, actor, "remove_shift")
    shift.delete()

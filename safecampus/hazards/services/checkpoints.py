"""Fixed checkpoints of a school (dorm block, kitchen, lab…) with printable QR codes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core.access import Perm, require_perm
from safecampus.core.history import stamp
from safecampus.orgs.models import Level, OrgUnit

from ..models import Area, Checkpoint


@transaction.atomic
def create_checkpoint(*, actor: Any, school: OrgUnit, name: str, areas: list[str]) -> Checkpoint:
    require_perm(actor, Perm.MANAGE_HAZARD, school)
    errors = {}
    if school.level != Level.SCHOOL:
        errors["school"] = _("Checkpoints belong to schools.")
    if not (name or "").strip():
        errors["name"] = _("Name the place.")
    if not areas or any(area not in Area.values for area in areas):
        errors["areas"] = _("Choose at least one area.")
    if not errors.get("name") and Checkpoint.objects.filter(school=school, name=name.strip(), is_active=True).exists():
        errors["name"] = _("This school already has a checkpoint with this name.")
    if errors:
        raise ValidationError(errors)
    checkpoint = Checkpoint(school=school, name=name.strip()[:80], areas=list(areas))
    stamp(checkpoint, actor, "created")
    checkpoint.save()
    return checkpoint


@transaction.atomic
def deactivate_checkpoint(checkpoint: Checkpoint, *, actor: Any) -> Checkpoint:
    require_perm(actor, Perm.MANAGE_HAZARD, checkpoint.school)
    checkpoint.is_active = False
    stamp(checkpoint, actor, "disabled")
    checkpoint.save()
    return checkpoint

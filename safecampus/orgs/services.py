"""Actions on the tree and its schools. Pages, API, imports and commands call these."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core.access import Perm, require_perm
from safecampus.core.history import stamp

from .models import ALLOWED_CHILDREN, SCHOOL_CODE, Level, OrgUnit, School

ORG_FIELDS = ("name", "short_name", "code", "division_code", "lng", "lat", "is_active")
SCHOOL_FIELDS = (
    "kind",
    "is_boarding",
    "uses_school_bus",
    "is_private",
    "is_rural",
    "is_small",
    "student_count",
    "staff_count",
    "address",
    "phone",
)


def check_child_level(parent: OrgUnit, level: str) -> None:
    if level not in ALLOWED_CHILDREN.get(parent.level, set()):
        raise ValidationError(
            {
                "level": _("A %(child)s cannot be placed under a %(parent)s.")
                % {"child": Level(level).label, "parent": Level(parent.level).label}
            }
        )


@transaction.atomic
def create_org(
    *, actor: Any, parent: OrgUnit, level: str, fields: dict[str, Any], school: dict[str, Any] | None = None
) -> OrgUnit:
    """Add a node under `parent`; a school node also gets its profile."""
    require_perm(actor, Perm.MANAGE_ORGS, parent)
    check_child_level(parent, level)
    org = OrgUnit(level=level, **{k: v for k, v in fields.items() if k in ORG_FIELDS})
    if level == Level.SCHOOL and not SCHOOL_CODE.match(org.code or ""):
        raise ValidationError({"code": _("A school code is 6 to 20 digits.")})
    org.full_clean(exclude=["path", "depth", "numchild"])
    if level == Level.SCHOOL:
        profile = School(**{k: v for k, v in (school or {}).items() if k in SCHOOL_FIELDS})
        profile.full_clean(exclude=["org"])
    stamp(org, actor, "created")
    org = OrgUnit.objects.add_child(parent, instance=org)
    if level == Level.SCHOOL:
        profile.org = org
        stamp(profile, actor, "created")
        profile.save()
    return org


@transaction.atomic
def update_org(org: OrgUnit, *, actor: Any, fields: dict[str, Any]) -> OrgUnit:
    """Change a node's own fields (name, codes, coordinates, active)."""
    require_perm(actor, Perm.MANAGE_ORGS, org)
    changed = False
    for name, value in fields.items():
        if name in ORG_FIELDS and getattr(org, name) != value:
            setattr(org, name, value)
            changed = True
    if changed:
        org.full_clean()
        stamp(org, actor, "updated")
        org.save()
    return org


@transaction.atomic
def update_school(school: School, *, actor: Any, fields: dict[str, Any]) -> School:
    """Change a school's profile: kind, flags, sizes, address."""
    require_perm(actor, Perm.EDIT_SCHOOL_PROFILE, school.org)
    changed = False
    for name, value in fields.items():
        if name in SCHOOL_FIELDS and getattr(school, name) != value:
            setattr(school, name, value)
            changed = True
    if changed:
        school.full_clean()
        stamp(school, actor, "updated")
        school.save()
    return school

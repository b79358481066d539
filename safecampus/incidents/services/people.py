"""People involved: masked everywhere by default; unmasking is allowed to few roles and always logged (PIPL)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core import clock
from safecampus.core.access import Perm, has_perm

from ..models import Incident, Person, PersonalDataAccess


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***: keep the first character only."""
    name = (name or "").strip()
    return name[:1] + "*" * max(1, len(name) - 1) if name else ""


def mask_id(number: str) -> str:
    """An ID number keeps its first 6 (region) and last 4 characters."""
    number = (number or "").strip()
    return number[:6] + "*" * (len(number) - 10) + number[-4:] if len(number) > 10 else "*" * len(number)


def masked(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "role": person.role,
        "role_label": str(person.get_role_display()),
        "name": mask_name(person.name),
        "id_number": mask_id(person.id_number),
        "gender": person.gender,
        "age": person.age,
        "grade_class": person.grade_class,
        "harm": person.harm,
        "harm_label": str(person.get_harm_display()),
    }


def may_see(user: Any, incident: Incident) -> bool:
    return has_perm(user, Perm.VIEW_PERSONAL_DATA, incident.org)


@transaction.atomic
def reveal(incident: Incident, *, actor: Any, purpose: str, ip: str | None = None) -> list[dict[str, Any]]:
    """The unmasked people of one incident, for a stated purpose; the view is logged before anything is shown."""
    if not may_see(actor, incident):
        raise PermissionDenied(_("Your role may not see the personal data of people involved."))
    if not (purpose or "").strip():
        raise ValidationError({"purpose": _("Say why you need the full personal data.")})
    PersonalDataAccess.objects.create(
        user=actor, incident=incident, org_path=incident.org_path, at=clock.now(), purpose=purpose.strip()[:200], ip=ip
    )
    rows = []
    for person in incident.persons.all():
        row = masked(person)
        row.update(name=person.name, id_number=person.id_number)
        rows.append(row)
    return rows

"""Who may take the steps on an incident: the `who` checks its workflow declares (services/*.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from safecampus.core.access import Perm, access
from safecampus.orgs.models import OrgUnit

from .models import Incident, Receipt


def units_above(org: OrgUnit) -> QuerySet:
    """The units strictly above `org`, nearest first."""
    return OrgUnit.objects.filter(path__in=org.ancestor_paths()[:-1]).order_by("-depth")


def handles_above(user: Any, path: str) -> bool:
    """The user handles incidents at a bureau above the unit at `path` (who may lower a grade or find a fault)."""
    return access(user).holds_above(Perm.HANDLE_INCIDENT, path)


def is_bureau_above(user: Any, incident: Incident) -> bool:
    return handles_above(user, incident.org_path)


def reports_for(user: Any, incident: Incident) -> bool:
    """The user reports for the incident's unit (its own people, or a bureau for an event in its region)."""
    return access(user).holds(Perm.REPORT_INCIDENT, incident.org_path)


def reports_or_above(user: Any, incident: Incident) -> bool:
    return reports_for(user, incident) or is_bureau_above(user, incident)


def my_receipt(user: Any, incident: Incident) -> Receipt | None:
    """The receipt of the bureau the user handles incidents at (a receipt is handled by its own bureau)."""
    held = set(access(user).nodes(Perm.HANDLE_INCIDENT))
    if not held:
        return None
    return incident.receipts.select_related("org").filter(org_path__in=held).order_by("-org_path").first()


def on_the_chain(user: Any, incident: Incident) -> bool:
    """The user handles incidents at a bureau above the incident's unit: its receipt is theirs to handle once the
    report reaches it."""
    return any(
        incident.org_path.startswith(node) and incident.org_path != node
        for node in access(user).nodes(Perm.HANDLE_INCIDENT)
    )

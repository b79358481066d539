"""Who may take which step on an incident (the services enforce the same; this decides what pages offer)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from safecampus.core.access import Perm, access, has_perm
from safecampus.orgs.models import OrgUnit

from .models import Incident, IncidentState, Receipt


def holds_at(user: Any, perm: str, org: OrgUnit) -> bool:
    """The user holds `perm` through a role on this very node (a receipt is handled by its own bureau)."""
    return access(user).holds_at(perm, org.path)


def units_above(org: OrgUnit) -> QuerySet:
    """The units strictly above `org`, nearest first."""
    return OrgUnit.objects.filter(path__in=org.ancestor_paths()[:-1]).order_by("-depth")


def handles_above(user: Any, org: OrgUnit) -> bool:
    """The user handles incidents at a bureau above `org` (who may lower a grade or find a fault)."""
    return any(has_perm(user, Perm.HANDLE_INCIDENT, node) for node in units_above(org))


def is_bureau_above(user: Any, incident: Incident) -> bool:
    return handles_above(user, incident.org)


def my_receipt(user: Any, incident: Incident) -> Receipt | None:
    for receipt in incident.receipts.select_related("org"):
        if holds_at(user, Perm.HANDLE_INCIDENT, receipt.org):
            return receipt
    return None


def allowed_actions(user: Any, incident: Incident) -> list[str]:
    reporter = has_perm(user, Perm.REPORT_INCIDENT, incident.org)
    above = is_bureau_above(user, incident)
    receipt = my_receipt(user, incident)
    actions = []
    if receipt and not receipt.acknowledged_at:
        actions.append("acknowledge")
    if receipt and not receipt.forwarded_at and not receipt.is_top:
        actions.append("forward")
    if reporter or above:
        actions += ["follow_up", "set_grade"]
    if reporter and incident.state == IncidentState.OPEN:
        actions.append("mark_handled")
    if reporter and incident.state in (IncidentState.OPEN, IncidentState.HANDLED):
        actions.append("final")
    if above:
        actions.append("flag")
    if incident.org.level == "school" and has_perm(user, Perm.REPORT_HAZARD, incident.org):
        actions.append("hazard")
    return actions

"""What the desk shows of incidents: reports waiting for my bureau, and final reports my unit owes, with clocks."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from safecampus.core.access import Perm, access

from .models import Incident, IncidentState, Receipt

LIMIT = 50


def waiting(user: Any) -> list[dict[str, Any]]:
    """Rows with a deadline, soonest first: acknowledge/forward at my bureau, final reports of my units."""
    rows: list[dict[str, Any]] = []
    bureaus = access(user).nodes(Perm.HANDLE_INCIDENT)
    if bureaus:
        pending = (
            Receipt.objects.visible_to(user)
            .filter(org_path__in=bureaus)
            .filter(Q(acknowledged_at__isnull=True) | Q(forward_due_at__isnull=False, forwarded_at__isnull=True))
            .select_related("incident", "org")
            .order_by("forward_due_at", "arrived_at")[:LIMIT]
        )
        for receipt in pending:
            rows.append(
                {
                    "incident": receipt.incident,
                    "what": "forward" if receipt.must_forward else "acknowledge",
                    "due": receipt.forward_due_at,
                    "org": receipt.org,
                }
            )
    # The unit that reported owes the follow-ups and the final report: its own people, not the bureaus above.
    own_units = access(user).nodes(Perm.REPORT_INCIDENT)
    if own_units:
        mine = Incident.objects.visible_to(user).filter(
            state__in=(IncidentState.OPEN, IncidentState.HANDLED), org_path__in=own_units
        )
        for incident in mine.select_related("org").order_by("final_due_at", "-occurred_at")[:LIMIT]:
            rows.append(
                {
                    "incident": incident,
                    "what": "final" if incident.state == IncidentState.HANDLED else "open",
                    "due": incident.final_due_at,
                    "org": incident.org,
                }
            )
    rows.sort(key=lambda r: (r["due"] is None, r["due"] or r["incident"].occurred_at))
    return rows[:LIMIT]

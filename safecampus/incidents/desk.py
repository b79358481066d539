"""Incident reporting's sections of the desk (core.desk): receipts my bureau must acknowledge or forward, and the
incidents my unit must finish — each with the clock that runs, soonest first."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.core.access import Perm, access
from safecampus.core.desk import DeskSection, register
from safecampus.orgs.models import OrgUnit

from .models import Incident, IncidentState, Receipt


def waiting_receipts(user: Any) -> Q:
    """Receipts of the bureaus the user handles incidents at, not yet acknowledged or not yet forwarded."""
    bureaus = access(user).nodes(Perm.HANDLE_INCIDENT)
    open_step = Q(acknowledged_at__isnull=True) | Q(forward_due_at__isnull=False, forwarded_at__isnull=True)
    return Q(org_path__in=bureaus) & open_step


def unfinished(user: Any) -> Q:
    """Incidents of the units the user reports for themselves (not the bureaus above): follow-ups, the end of
    handling and the final report are theirs to send."""
    units = access(user).nodes(Perm.REPORT_INCIDENT)
    return Q(org_path__in=units, state__in=(IncidentState.OPEN, IncidentState.HANDLED))


def _receipts(user: Any) -> QuerySet | None:
    if not access(user).nodes(Perm.HANDLE_INCIDENT):
        return None
    rows = Receipt.objects.visible_to(user).filter(waiting_receipts(user)).select_related("incident", "org")
    return rows.order_by("forward_due_at", "arrived_at", "pk")


def _incidents(user: Any) -> QuerySet | None:
    if not access(user).nodes(Perm.REPORT_INCIDENT):
        return None
    rows = Incident.objects.visible_to(user).filter(unfinished(user)).select_related("org")
    return rows.order_by("final_due_at", "-occurred_at", "pk")


def _ledger(todo: str) -> Any:
    def url(user: Any) -> str | None:
        homes = OrgUnit.objects.home_nodes(user)
        return f"{reverse('incidents:list', args=[homes[0].pk])}?todo={todo}" if homes else None

    return url


register(
    DeskSection(
        key="incidents",
        title=_("Incident reports waiting for you"),
        rows=_receipts,
        template="incidents/desk/_receipt.html",
        list_url=_ledger("receipts"),
        order=10,
        urgent=True,
    )
)
register(
    DeskSection(
        key="incident_reports",
        title=_("Incidents your unit must finish reporting"),
        rows=_incidents,
        template="incidents/desk/_incident.html",
        list_url=_ledger("unfinished"),
        order=11,
        urgent=True,
    )
)

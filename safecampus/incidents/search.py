"""What the top bar's search finds of incidents: by number, title, place or unit (as the ledger does)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecampus.core.search import Hit, SearchKind, register
from safecampus.orgs.search import list_url

from .filters import IncidentFilter
from .models import Incident


def find_incidents(user: Any, q: str) -> Any:
    base = Incident.objects.visible_to(user).select_related("org")
    return IncidentFilter({"q": q}, queryset=base).qs


def show_incident(incident: Incident) -> Hit:
    occurred = timezone.localtime(incident.occurred_at)
    subtitle = f"{incident.org.name} · {occurred:%Y-%m-%d %H:%M} · {incident.get_state_display()}"
    return Hit(f"{incident.number} · {incident.title}", subtitle, reverse("incidents:detail", args=[incident.pk]))


register(
    SearchKind(
        key="incidents",
        label=_("Incidents"),
        find=find_incidents,
        show=show_incident,
        hint=_("number (e.g. SJ2025000045), title, place or unit"),
        list_url=lambda user, q: list_url(user, "incidents:list", q),
        icon="bi-lightning",
        order=30,
    )
)

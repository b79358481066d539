"""What the top bar's search finds of hazards: by number, place, description or school (as the ledger does)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.core.search import Hit, SearchKind, register
from safecampus.orgs.search import list_url

from .filters import HazardFilter
from .models import Hazard


def find_hazards(user: Any, q: str) -> Any:
    base = Hazard.objects.visible_to(user).select_related("school")
    return HazardFilter({"q": q}, queryset=base).qs


def show_hazard(hazard: Hazard) -> Hit:
    subtitle = f"{hazard.school.name} · {hazard.get_level_display()} · {hazard.get_state_display()}"
    return Hit(f"{hazard.number} · {hazard.place}", subtitle, reverse("hazards:detail", args=[hazard.pk]))


register(
    SearchKind(
        key="hazards",
        label=_("Hazards"),
        find=find_hazards,
        show=show_hazard,
        hint=_("number (e.g. YH20250000123), place, description or school"),
        list_url=lambda user, q: list_url(user, "hazards:ledger", q),
        icon="bi-exclamation-triangle",
        order=20,
    )
)

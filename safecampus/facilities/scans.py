"""A guard who scans a patrol point's QR code records a patrol round (hazards.scans: the checkpoint scan's
handlers); keepers and inspectors still open the place's inspection items."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from safecampus.core.access import Role, access
from safecampus.hazards.models import Area
from safecampus.hazards.scans import ScanHandler, handlers


def _guard_on_patrol(user: Any, point: Any) -> bool:
    return Area.SECURITY in (point.areas or []) and access(user).has_role_on([Role.GUARD], point.org_path)


handlers.register(
    "patrol",
    ScanHandler("patrol", _guard_on_patrol, lambda point: reverse("facilities:patrol", args=[point.token])),
)

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def platform(request: HttpRequest) -> dict[str, Any]:
    """Which menu entries the user's roles open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    from safecampus.core.access import Perm, holds_any_perm

    from .models import Notification
    from .services import import_kinds

    return {
        "nav": {
            "unread": Notification.objects.filter(user=user, read_at__isnull=True).count(),
            "manage_users": holds_any_perm(user, Perm.MANAGE_USERS),
            "imports": bool(import_kinds(user)),
            "audit": holds_any_perm(user, Perm.VIEW_AUDIT),
        }
    }

"""What a user may do on a node: the roles they hold on it or an ancestor."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from safecampus.accounts.roles import ROLE_PERMISSIONS, SECOND_FACTOR_ROLES
from safecampus.core.scope import outermost

from .models import OrgUnit


def grants(user: Any) -> list[tuple[str, str]]:
    """(path, role) of every membership the user holds, cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_grants", None)
    if cached is None:
        cached = list(user.memberships.values_list("org__path", "role"))
        user._grants = cached
    return cached


def forget_grants(user: Any) -> None:
    """Drop cached grants after memberships change (the same object may be reused)."""
    for attribute in ("_grants", "_scope_paths"):
        if hasattr(user, attribute):
            delattr(user, attribute)


def has_perm(user: Any, perm: str, org: OrgUnit) -> bool:
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(org.path.startswith(path) and perm in ROLE_PERMISSIONS.get(role, ()) for path, role in grants(user))


def require_perm(user: Any, perm: str, org: OrgUnit) -> None:
    if not has_perm(user, perm, org):
        raise PermissionDenied(_("You do not have permission to do this on %(org)s.") % {"org": org.name})


def perm_paths(user: Any, perm: str) -> list[str] | None:
    """Subtrees in which the user holds `perm`; None means everywhere."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return None
    return outermost(path for path, role in grants(user) if perm in ROLE_PERMISSIONS.get(role, ()))


def holds_any_perm(user: Any, perm: str) -> bool:
    paths = perm_paths(user, perm)
    return paths is None or bool(paths)


def needs_second_factor(user: Any) -> bool:
    from django.conf import settings

    if not settings.SAFECAMPUS_REQUIRE_ADMIN_2FA or not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or any(role in SECOND_FACTOR_ROLES for _path, role in grants(user))


def home_nodes(user: Any) -> list[OrgUnit]:
    """The topmost nodes a user commands: where their pages start."""
    from safecampus.core.scope import scope_paths

    paths = scope_paths(user)
    if paths is None:
        return list(OrgUnit.objects.filter(depth=1))
    return list(OrgUnit.objects.filter(path__in=paths))


def holders(path: str, roles: list[str]) -> list[Any]:
    """Active users holding one of `roles` on the node at `path` itself (who is told of a step there)."""
    from safecampus.accounts.models import User

    return list(
        User.objects.filter(is_active=True, memberships__org__path=path, memberships__role__in=roles).distinct()
    )

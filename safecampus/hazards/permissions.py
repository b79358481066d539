"""Who may take the steps on a hazard: the `who` checks its workflow declares (services/workflow.py, oversight.py)."""

from __future__ import annotations

from typing import Any

from safecampus.core.access import BUREAU_OFFICERS, Perm, access, has_perm
from safecampus.core.paths import ancestor_paths
from safecampus.orgs.models import Level, OrgUnit
from safecampus.rules.services import rule_value

from .models import Hazard, Listing

LEVEL_DEPTH = {Level.PROVINCE: 1, Level.CITY: 2, Level.COUNTY: 3, Level.SCHOOL: 4}


def parent_path(hazard: Hazard) -> str:
    return hazard.org_path[: -OrgUnit.steplen]


def verifier_rule(hazard: Hazard) -> tuple[list[str], str]:
    """(roles, path) of who verifies: the listing bureau, or the rule for the hazard's level."""
    if hazard.listed_by_id:
        return list(BUREAU_OFFICERS), hazard.listed_by.path
    rule = rule_value(f"hazard.verifier.{hazard.level}", hazard.school)
    depth = LEVEL_DEPTH.get(rule.get("level", "school"), 4)
    path = (
        hazard.org_path[: depth * OrgUnit.steplen]
        if depth * OrgUnit.steplen <= len(hazard.org_path)
        else hazard.org_path
    )
    return list(rule.get("roles", [])), path


def can_verify(user: Any, hazard: Hazard) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if hazard.submitted_by_id == user.pk:
        return False  # nobody verifies their own rectification
    if user.is_superuser:
        return True
    roles, path = verifier_rule(hazard)
    if access(user).has_role_on(roles, path):
        return True
    return _verifies_for_a_lone_verifier(user, hazard, roles, path)


def _verifies_for_a_lone_verifier(user: Any, hazard: Hazard, roles: list[str], path: str) -> bool:
    """When the only person who could verify did the rectification (a small school's principal),
    the bureau of the level above verifies instead, so no hazard waits for ever."""
    from safecampus.orgs.models import Membership

    if not access(user).holds_above(Perm.SUPERVISE, path):
        return False
    others = Membership.objects.filter(org__path=path, role__in=roles, user__is_active=True).exclude(
        user_id=hazard.submitted_by_id
    )
    return not others.exists()


def can_supervise_school(user: Any, hazard: Hazard) -> bool:
    """The level above the school: its county (or any bureau above it)."""
    return access(user).holds(Perm.SUPERVISE, parent_path(hazard))


def listing_orgs(user: Any, hazard: Hazard) -> list[OrgUnit]:
    """City or province nodes above the hazard on which the user may list it."""
    paths = [held for held in access(user).nodes(Perm.SUPERVISE) if hazard.org_path.startswith(held)]
    if user.is_superuser:
        paths = ancestor_paths(hazard.org_path)[:2]
    return list(OrgUnit.objects.filter(path__in=paths, level__in=[Level.PROVINCE, Level.CITY]).order_by("depth"))


def reports_as_bureau(user: Any, school: OrgUnit) -> bool:
    """A bureau above the school registers what its supervision found (the form offers that source)."""
    return access(user).holds(Perm.SUPERVISE, school.path[: -OrgUnit.steplen])


def decides_extensions(user: Any, hazard: Hazard) -> bool:
    """The level above the school decides extensions; a listed hazard's, the listing bureau (or one above it)."""
    if not can_supervise_school(user, hazard):
        return False
    return not hazard.listed_by_id or has_perm(user, Perm.SUPERVISE, hazard.listed_by)


def ends_listings(user: Any, hazard: Hazard) -> bool:
    """The listing bureau or one above it; for a hazard not listed, any bureau that could list it."""
    if hazard.listed_by_id:
        return has_perm(user, Perm.SUPERVISE, hazard.listed_by)
    return bool(listing_orgs(user, hazard))


def active_listing(hazard: Hazard) -> Listing | None:
    return hazard.listings.filter(ended_at__isnull=True).first()

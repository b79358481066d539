"""Who may take the steps on a hazard: the `who` checks its workflow declares (services/workflow.py, oversight.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from safecampus.core.access import BUREAU_OFFICERS, Perm, access, has_perm
from safecampus.core.paths import ancestor_paths, outermost, subtree_q, subtrees_q
from safecampus.orgs.models import Level, OrgUnit
from safecampus.rules.services import rule_value

from .models import Hazard, HazardLevel, HazardState, Listing

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


def verifiable_q(user: Any) -> Q:
    """`can_verify` as a query: the hazards awaiting verification that `user` may verify (the desk, its list).

    Who verifies is a rule per level (`hazard.verifier.<level>`) that bureaus may override for their subtree, so
    the tree is cut into zones — the subtree of each grant, less the subtrees of deeper overrides — each with one
    rule in force. A zone is the user's when the rule names the role they hold there at a level their grant
    reaches; or, when the only people who could verify did the work, when they supervise above that level.
    """
    from django.db.models import Exists, OuterRef
    from django.db.models.functions import Substr

    from safecampus.orgs.models import Membership
    from safecampus.rules.models import Rule

    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    waiting = Q(state=HazardState.SUBMITTED) & ~Q(submitted_by_id=user.pk)
    if user.is_superuser:
        return waiting
    held = access(user)
    mine = Q(pk__in=[])
    officers = outermost(path for path, role in held.grants if role in BUREAU_OFFICERS)
    if officers:
        mine |= Q(listed_by__isnull=False) & subtrees_q("listed_by__path", officers)
    supervising = held.paths(Perm.SUPERVISE) or []
    for level in HazardLevel.values:
        key = f"hazard.verifier.{level}"
        roots = outermost([path for path, _role in held.grants] + supervising)
        overrides = set(
            Rule.objects.filter(key=key).filter(subtrees_q("org_path", roots)).values_list("org_path", flat=True)
        )
        for zone in sorted({*roots, *overrides}):
            node = OrgUnit.objects.filter(path=zone).first()
            if node is None:
                continue
            rule = rule_value(key, node)
            roles, depth = list(rule.get("roles", [])), LEVEL_DEPTH.get(rule.get("level", "school"), 4)
            reach = depth * OrgUnit.steplen
            inside = subtree_q("org_path", zone)
            for deeper in overrides:
                if deeper != zone and deeper.startswith(zone):
                    inside &= ~subtree_q("org_path", deeper)
            own = Q(level=level, listed_by__isnull=True) & inside
            verifiers = [path for path, role in held.grants if role in roles and len(path) <= reach]
            if verifiers:
                mine |= own & subtrees_q("org_path", verifiers)
            lone = [path for path in supervising if len(path) < reach]
            if lone:
                others = Membership.objects.filter(
                    org_path=Substr(OuterRef("org_path"), 1, reach), role__in=roles, user__is_active=True
                ).exclude(user_id=OuterRef("submitted_by_id"))
                mine |= own & subtrees_q("org_path", lone) & ~Exists(others)
    return waiting & mine


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

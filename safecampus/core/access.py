"""Who may do what, where: the roles, what each allows, the grants a user holds and the subtrees they read.

A membership (user × node × role) grants the role on the node and everything
below it. This module is the only place that reads memberships for access: one
query per request, cached on the user object (`access(user)`), from which the
scope of reads (`scope_paths`), the permission checks (`has_perm`) and the
subtrees of a permission (`perm_paths`, used by `ScopedQuerySet.restrict`) all
come. Roles are the platform's vocabulary, not policy numbers, so they live in
code; what a policy sets (who verifies a hazard, …) is a rule row naming roles.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .paths import outermost, subtrees_q


class Role(models.TextChoices):
    BUREAU_ADMIN = "bureau_admin", gettext_lazy("Bureau administrator")
    BUREAU_SAFETY_OFFICER = "bureau_safety_officer", gettext_lazy("Bureau safety officer")
    BUREAU_LEADER = "bureau_leader", gettext_lazy("Bureau leader (read-only)")
    SUPERVISOR = "supervisor", gettext_lazy("Supervisor")
    EXPERT = "expert", gettext_lazy("Expert")
    PRINCIPAL = "principal", gettext_lazy("Principal")
    SAFETY_LEAD = "safety_lead", gettext_lazy("Safety vice-principal")
    SAFETY_OFFICER = "safety_officer", gettext_lazy("School safety officer")
    STAFF = "staff", gettext_lazy("Staff")
    GUARD = "guard", gettext_lazy("Guard")


# Chinese names used in Excel files, with common aliases.
ROLE_ZH = {
    Role.BUREAU_ADMIN: ("教育局系统管理员", "系统管理员"),
    Role.BUREAU_SAFETY_OFFICER: ("教育局安全管理人员", "安全科"),
    Role.BUREAU_LEADER: ("教育局分管领导", "教育局分管领导（只读）", "分管领导"),
    Role.SUPERVISOR: ("督查员",),
    Role.EXPERT: ("专家",),
    Role.PRINCIPAL: ("校长", "园长"),
    Role.SAFETY_LEAD: ("分管安全副校长", "分管副校长"),
    Role.SAFETY_OFFICER: ("学校安全管理员", "学校安全员", "安全员"),
    Role.STAFF: ("教职工", "教师"),
    Role.GUARD: ("保安",),
}


class Perm:
    """Permission names checked by services."""

    VIEW = "org.view"
    MANAGE_ORGS = "org.manage"
    EDIT_SCHOOL_PROFILE = "school.edit_profile"
    MANAGE_USERS = "user.manage"
    VIEW_AUDIT = "audit.view"
    IMPORT = "import.run"
    REPORT_HAZARD = "hazard.report"
    MANAGE_HAZARD = "hazard.manage"
    SUPERVISE = "hazard.supervise"
    INSPECT = "inspection.do"
    MANAGE_CHECKLISTS = "checklist.manage"
    REPORT_INCIDENT = "incident.report"
    HANDLE_INCIDENT = "incident.handle"
    VIEW_PERSONAL_DATA = "incident.personal_data"
    MANAGE_RISK = "risk.manage"
    RECORD_DUTY = "duty.record"  # record the drills and activities that fulfil a school's duties
    EXCUSE_DUTY = "duty.excuse"  # excuse a school from one period of a duty, with a reason
    REQUEST_SUBMISSION = "duty.request"  # ask the units below for a document by a deadline; accept or return it
    SUBMIT_REPORT = "duty.submit"  # send a unit's own submission (held on the unit itself)
    # publish the unit's own responsibility lists and 办实事 tasks; issue the letters it signs with those below it
    KEEP_RESPONSIBILITY = "duty.responsibility"
    KEEP_FACILITIES = "facility.keep"  # keep the school's security baseline and sector ledgers (guards, buses…)
    PATROL = "facility.patrol"  # scan the school's patrol points on a guard's round
    HANDLE_ALARM = "alert.handle"  # acknowledge, dispatch and resolve the alarms of the unit's devices
    KEEP_DEVICES = "alert.devices"  # register the school's cameras, IoT gateways and devices; keep the duty roster
    WATCH_CAMERAS = "alert.cameras"  # watch cameras live and walk online video patrols (every view is logged)


BUREAU_ROLES = frozenset(
    {Role.BUREAU_ADMIN, Role.BUREAU_SAFETY_OFFICER, Role.BUREAU_LEADER, Role.SUPERVISOR, Role.EXPERT}
)
SCHOOL_ROLES = frozenset({Role.PRINCIPAL, Role.SAFETY_LEAD, Role.SAFETY_OFFICER, Role.STAFF, Role.GUARD})
# Who is told of what happens at a school, and at a bureau.
SCHOOL_MANAGERS = (Role.PRINCIPAL, Role.SAFETY_LEAD, Role.SAFETY_OFFICER)
BUREAU_OFFICERS = (Role.BUREAU_SAFETY_OFFICER, Role.BUREAU_ADMIN)

# Experts belong to a bureau's expert pool but see nothing until assigned work.
UNSCOPED_ROLES = frozenset({Role.EXPERT})

_SCHOOL_MANAGER = {
    Perm.VIEW,
    Perm.REPORT_HAZARD,
    Perm.MANAGE_HAZARD,
    Perm.INSPECT,
    Perm.REPORT_INCIDENT,
    Perm.MANAGE_RISK,
    Perm.RECORD_DUTY,
    Perm.SUBMIT_REPORT,
    Perm.KEEP_RESPONSIBILITY,
    Perm.KEEP_FACILITIES,
    Perm.PATROL,
    Perm.HANDLE_ALARM,
    Perm.KEEP_DEVICES,
    Perm.WATCH_CAMERAS,
}
_BUREAU_OFFICER = {
    Perm.VIEW,
    Perm.REPORT_HAZARD,
    Perm.SUPERVISE,
    Perm.INSPECT,
    Perm.MANAGE_CHECKLISTS,
    Perm.REPORT_INCIDENT,
    Perm.HANDLE_INCIDENT,
    Perm.EXCUSE_DUTY,
    Perm.REQUEST_SUBMISSION,
    Perm.SUBMIT_REPORT,
    Perm.KEEP_RESPONSIBILITY,
    Perm.HANDLE_ALARM,
    Perm.KEEP_DEVICES,
    Perm.WATCH_CAMERAS,
}
# Victims are often minors: only the people who handle an incident see names and ID numbers (PIPL).
_PERSONAL_DATA = {Perm.VIEW_PERSONAL_DATA}
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.BUREAU_ADMIN: frozenset(
        _BUREAU_OFFICER | {Perm.MANAGE_ORGS, Perm.EDIT_SCHOOL_PROFILE, Perm.MANAGE_USERS, Perm.VIEW_AUDIT, Perm.IMPORT}
    ),
    Role.BUREAU_SAFETY_OFFICER: frozenset(_BUREAU_OFFICER | _PERSONAL_DATA),
    Role.BUREAU_LEADER: frozenset({Perm.VIEW}),
    Role.SUPERVISOR: frozenset({Perm.VIEW, Perm.REPORT_HAZARD, Perm.INSPECT}),
    Role.EXPERT: frozenset(),
    Role.PRINCIPAL: frozenset(_SCHOOL_MANAGER | _PERSONAL_DATA | {Perm.EDIT_SCHOOL_PROFILE}),
    Role.SAFETY_LEAD: frozenset(_SCHOOL_MANAGER | _PERSONAL_DATA | {Perm.EDIT_SCHOOL_PROFILE}),
    Role.SAFETY_OFFICER: frozenset(_SCHOOL_MANAGER),
    Role.STAFF: frozenset({Perm.VIEW, Perm.REPORT_HAZARD}),
    Role.GUARD: frozenset({Perm.VIEW, Perm.REPORT_HAZARD, Perm.PATROL, Perm.HANDLE_ALARM, Perm.WATCH_CAMERAS}),
}

# Roles whose holders must use a second factor when the setting requires it.
SECOND_FACTOR_ROLES = frozenset({Role.BUREAU_ADMIN})


def role_allows(role: str, perm: str) -> bool:
    return perm in ROLE_PERMISSIONS.get(role, ())


def scoped_roles() -> list[str]:
    return [role.value for role in Role if role not in UNSCOPED_ROLES]


def roles_for_level(level: str) -> list[Role]:
    """Roles that may be held on a node of this level."""
    if level == "school":
        return [role for role in Role if role in SCHOOL_ROLES]
    return [role for role in Role if role in BUREAU_ROLES]


def english(label: object) -> str:
    """A lazy label in the source language, whatever language is active."""
    from django.utils import translation

    with translation.override("en"):
        return str(label)


def role_from_text(text: str) -> Role | None:
    """Accept a role code, its Chinese name or alias, or its English label (for Excel imports)."""
    cleaned = (text or "").strip()
    for role in Role:
        if cleaned.lower() == role.value or cleaned in ROLE_ZH[role] or cleaned == english(role.label):
            return role
    return None


# --- what one user holds -------------------------------------------------------------------


@dataclass(frozen=True)
class Access:
    """Everything access checks need to know of a user, read once."""

    active: bool
    superuser: bool
    grants: tuple[tuple[str, str], ...]  # (node path, role)

    def paths(self, perm: str) -> list[str] | None:
        """Subtrees in which the user holds `perm`; None means everywhere."""
        if self.superuser:
            return None
        return outermost(path for path, role in self.grants if role_allows(role, perm))

    def holds(self, perm: str, path: str) -> bool:
        """`perm` on the node at `path`, through a role on it or on a node above."""
        return self.superuser or any(path.startswith(held) and role_allows(role, perm) for held, role in self.grants)

    def holds_at(self, perm: str, path: str) -> bool:
        """`perm` through a role held on this very node (a bureau's own desk, not the ones above it)."""
        return any(held == path and role_allows(role, perm) for held, role in self.grants)

    def holds_above(self, perm: str, path: str) -> bool:
        """`perm` through a role on a node strictly above `path` (the level above)."""
        return self.superuser or any(
            path.startswith(held) and held != path and role_allows(role, perm) for held, role in self.grants
        )

    def scope(self) -> list[str] | None:
        """Paths of the subtrees the user reads; None means everything."""
        if self.superuser:
            return None
        return outermost(path for path, role in self.grants if role not in UNSCOPED_ROLES)

    def has_role(self, roles: Iterable[str]) -> bool:
        wanted = set(roles)
        return any(role in wanted for _path, role in self.grants)

    def has_role_on(self, roles: Iterable[str], path: str) -> bool:
        """One of `roles` held on the node at `path` or above it (rules name roles, not permissions)."""
        wanted = set(roles)
        return self.superuser or any(role in wanted and path.startswith(held) for held, role in self.grants)

    def nodes(self, perm: str) -> list[str]:
        """The nodes themselves on which a role with `perm` is held (a bureau's own desk)."""
        return sorted({held for held, role in self.grants if role_allows(role, perm)})


NOBODY = Access(active=False, superuser=False, grants=())


def access(user: Any) -> Access:
    """The user's access, read from the memberships once and kept on the user object (one per request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOBODY
    cached = getattr(user, "_access", None)
    if cached is None:
        grants = tuple(user.memberships.values_list("org_path", "role")) if user.pk else ()
        cached = Access(active=True, superuser=bool(user.is_superuser), grants=grants)
        user._access = cached
    return cached


def grants_sql(user_id: str) -> str | None:
    """The memberships `access` reads, as an SQL expression of one text column (`user_id`: the SQL of the user's
    id), so a request can read the user and their grants in one query and hand the text to `prime`. Paths are made
    of [0-9A-Z] and roles of [a-z_], so ':' and ',' separate them safely. None on a database it does not know."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    joined = {"postgresql": "STRING_AGG", "sqlite": "GROUP_CONCAT"}.get(connection.vendor)
    if joined is None:
        return None
    meta = get_user_model()._meta.get_field("memberships").related_model._meta
    quote = connection.ops.quote_name
    path, role, user = (quote(meta.get_field(name).column) for name in ("org_path", "role", "user"))
    return (
        f"(SELECT {joined}(m.{path} || ':' || m.{role}, ',') FROM {quote(meta.db_table)} m WHERE m.{user} = {user_id})"
    )


def prime(user: Any, joined: str | None) -> None:
    """Keep on the user object the access read with it through `grants_sql` (no second query this request)."""
    if user is None or not user.is_active:
        return
    pairs = (item.split(":", 1) for item in (joined or "").split(",") if item)
    grants = tuple(sorted((path, role) for path, role in pairs))
    user._access = Access(active=True, superuser=bool(user.is_superuser), grants=grants)


def forget(user: Any) -> None:
    """Drop the cached access after the user's memberships change (the same object may be reused)."""
    if hasattr(user, "_access"):
        del user._access


def grants(user: Any) -> tuple[tuple[str, str], ...]:
    return access(user).grants


def has_perm(user: Any, perm: str, org: Any) -> bool:
    return access(user).holds(perm, org.path)


def require_perm(user: Any, perm: str, org: Any) -> None:
    if not has_perm(user, perm, org):
        raise PermissionDenied(_("You do not have permission to do this on %(org)s.") % {"org": org.name})


def holds_at(user: Any, perm: str, org: Any) -> bool:
    return access(user).holds_at(perm, org.path)


def holds_above(user: Any, perm: str, path: str) -> bool:
    return access(user).holds_above(perm, path)


def perm_paths(user: Any, perm: str) -> list[str] | None:
    """Subtrees in which the user holds `perm`; None means everywhere."""
    return access(user).paths(perm)


def holds_any_perm(user: Any, perm: str) -> bool:
    paths = perm_paths(user, perm)
    return paths is None or bool(paths)


def scope_paths(user: Any) -> list[str] | None:
    """Paths of the subtrees `user` may read; None means everything (superuser)."""
    return access(user).scope()


def scope_q(user: Any, field: str) -> Q:
    """The scope rule as a condition on a path field, for querysets that are not scoped (history tables)."""
    paths = scope_paths(user)
    return Q() if paths is None else subtrees_q(field, paths)


def is_expert(user: Any) -> bool:
    return access(user).has_role([Role.EXPERT])


def needs_second_factor(user: Any) -> bool:
    from django.conf import settings

    if not settings.SAFECAMPUS_REQUIRE_ADMIN_2FA or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser) or access(user).has_role(SECOND_FACTOR_ROLES)


def holders(path: str, roles: Iterable[str]) -> list[Any]:
    """Active users holding one of `roles` on the node at `path` itself (who is told of a step there)."""
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(is_active=True, memberships__org_path=path, memberships__role__in=list(roles))
        .distinct()
    )


def system_user() -> Any:
    """The account that commands and background jobs act as. It cannot log in."""
    from django.contrib.auth import get_user_model

    user, created = get_user_model().objects.get_or_create(
        username="system", defaults={"full_name": "SafeCampus", "is_superuser": True, "is_staff": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user

"""Roles a membership grants, where they may be held, and what they allow.

Roles are the platform's vocabulary, not policy numbers, so they live in code;
what a role may do on which node is decided here and nowhere else.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BUREAU_ADMIN = "bureau_admin", _("Bureau administrator")
    BUREAU_SAFETY_OFFICER = "bureau_safety_officer", _("Bureau safety officer")
    BUREAU_LEADER = "bureau_leader", _("Bureau leader (read-only)")
    SUPERVISOR = "supervisor", _("Supervisor")
    EXPERT = "expert", _("Expert")
    PRINCIPAL = "principal", _("Principal")
    SAFETY_LEAD = "safety_lead", _("Safety vice-principal")
    SAFETY_OFFICER = "safety_officer", _("School safety officer")
    STAFF = "staff", _("Staff")
    GUARD = "guard", _("Guard")


# Chinese names used in Excel files, with common aliases (see SCHOOL_KIND_ZH).
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


BUREAU_ROLES = frozenset(
    {Role.BUREAU_ADMIN, Role.BUREAU_SAFETY_OFFICER, Role.BUREAU_LEADER, Role.SUPERVISOR, Role.EXPERT}
)
SCHOOL_ROLES = frozenset({Role.PRINCIPAL, Role.SAFETY_LEAD, Role.SAFETY_OFFICER, Role.STAFF, Role.GUARD})

# Experts belong to a bureau's expert pool but see nothing until assigned work.
UNSCOPED_ROLES = frozenset({Role.EXPERT})

_SCHOOL_MANAGER = {Perm.VIEW, Perm.REPORT_HAZARD, Perm.MANAGE_HAZARD, Perm.INSPECT, Perm.REPORT_INCIDENT}
_BUREAU_OFFICER = {
    Perm.VIEW,
    Perm.REPORT_HAZARD,
    Perm.SUPERVISE,
    Perm.INSPECT,
    Perm.MANAGE_CHECKLISTS,
    Perm.REPORT_INCIDENT,
    Perm.HANDLE_INCIDENT,
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
    Role.GUARD: frozenset({Perm.VIEW, Perm.REPORT_HAZARD}),
}

# Roles whose holders must use a second factor when the setting requires it.
SECOND_FACTOR_ROLES = frozenset({Role.BUREAU_ADMIN})


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

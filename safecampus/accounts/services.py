"""Actions on accounts and memberships, with the scope rules for who may manage whom."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core import clock
from safecampus.core.history import stamp
from safecampus.orgs.models import Membership, OrgUnit
from safecampus.orgs.permissions import forget_grants, has_perm, require_perm

from .models import AuthEvent, User
from .roles import Perm, Role, roles_for_level

USER_FIELDS = ("full_name", "phone", "email")


def can_manage_user(actor: Any, user: User) -> bool:
    """An admin manages a user only if every membership of the user lies in the admin's subtree."""
    if user.is_superuser and not actor.is_superuser:
        return False
    if actor.pk == user.pk:
        return False
    orgs = list(OrgUnit.objects.filter(memberships__user=user).distinct())
    if not orgs:
        return actor.is_superuser
    return all(has_perm(actor, Perm.MANAGE_USERS, org) for org in orgs)


def require_manage_user(actor: Any, user: User) -> None:
    if not can_manage_user(actor, user):
        raise PermissionDenied(_("You may not manage this account: it holds roles outside your area."))


def validate_new_password(password: str, user: User | None = None) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error


def check_role_on_org(role: str, org: OrgUnit) -> None:
    if role not in [r.value for r in roles_for_level(org.level)]:
        raise ValidationError(
            {"role": _("The role %(role)s cannot be held on %(org)s.") % {"role": Role(role).label, "org": org.name}}
        )


@transaction.atomic
def create_user(
    *,
    actor: Any,
    username: str,
    password: str,
    org: OrgUnit,
    role: str,
    fields: dict[str, Any] | None = None,
    must_change_password: bool = True,
) -> User:
    """Create an account with its first membership; the new user changes the password at first login."""
    require_perm(actor, Perm.MANAGE_USERS, org)
    check_role_on_org(role, org)
    user = User(username=(username or "").strip(), must_change_password=must_change_password)
    for name, value in (fields or {}).items():
        if name in USER_FIELDS:
            setattr(user, name, value)
    validate_new_password(password, user)
    user.set_password(password)
    user.password_changed_at = clock.now()
    user.full_clean(exclude=["password"])
    stamp(user, actor, _("Created"))
    user.save()
    grant_membership(actor=actor, user=user, org=org, role=role)
    return user


@transaction.atomic
def update_user(user: User, *, actor: Any, fields: dict[str, Any]) -> User:
    require_manage_user(actor, user)
    for name, value in fields.items():
        if name in USER_FIELDS:
            setattr(user, name, value)
    user.full_clean(exclude=["password"])
    stamp(user, actor, _("Updated"))
    user.save()
    return user


@transaction.atomic
def set_user_active(user: User, *, actor: Any, active: bool) -> User:
    """Disable or re-enable an account. Accounts are never deleted: their history stays."""
    require_manage_user(actor, user)
    user.is_active = active
    stamp(user, actor, _("Enabled") if active else _("Disabled"))
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def reset_password(user: User, *, actor: Any, password: str) -> User:
    """An administrator sets a temporary password; the user must change it at next login."""
    require_manage_user(actor, user)
    validate_new_password(password, user)
    user.set_password(password)
    user.must_change_password = True
    user.password_changed_at = clock.now()
    stamp(user, actor, _("Password reset"))
    user.save()
    record_event(AuthEvent.Kind.PASSWORD_RESET, user=user, detail=f"by {actor.username}")
    return user


@transaction.atomic
def change_own_password(user: User, *, old_password: str, new_password: str, request: Any = None) -> User:
    if not user.check_password(old_password):
        raise ValidationError({"old_password": _("The current password is wrong.")})
    if old_password == new_password:
        raise ValidationError({"new_password": _("The new password must differ from the current one.")})
    validate_new_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.password_changed_at = clock.now()
    stamp(user, user, _("Password changed"))
    user.save()
    record_event(AuthEvent.Kind.PASSWORD_CHANGED, user=user, request=request)
    return user


@transaction.atomic
def grant_membership(*, actor: Any, user: User, org: OrgUnit, role: str) -> Membership:
    """Give `user` a role on `org`. The node must lie in the actor's own subtree."""
    require_perm(actor, Perm.MANAGE_USERS, org)
    check_role_on_org(role, org)
    if user.is_superuser and not actor.is_superuser:
        raise PermissionDenied(_("You may not manage this account: it holds roles outside your area."))
    membership, created = Membership.objects.get_or_create(
        user=user, org=org, role=role, defaults={"granted_by": actor if actor.is_authenticated else None}
    )
    forget_grants(user)
    return membership


@transaction.atomic
def revoke_membership(membership: Membership, *, actor: Any) -> None:
    require_perm(actor, Perm.MANAGE_USERS, membership.org)
    if membership.user_id == actor.pk:
        raise PermissionDenied(_("You cannot remove your own role; ask another administrator."))
    stamp(membership, actor, _("Revoked"))
    membership.delete()
    forget_grants(membership.user)


def record_event(
    kind: str, *, username: str = "", user: User | None = None, request: Any = None, detail: str = ""
) -> AuthEvent:
    ip = None
    agent = ""
    if request is not None:
        meta = getattr(request, "META", {})
        ip = meta.get("REMOTE_ADDR") or None
        agent = (meta.get("HTTP_USER_AGENT") or "")[:255]
    return AuthEvent.objects.create(
        kind=kind,
        username=(username or (user.username if user else ""))[:150],
        user=user,
        ip_address=ip,
        user_agent=agent,
        detail=detail[:255],
        at=clock.now(),
    )


def system_user() -> User:
    """The account that commands and background jobs act as. It cannot log in."""
    user, created = User.objects.get_or_create(
        username="system", defaults={"full_name": "SafeCampus", "is_superuser": True, "is_staff": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user

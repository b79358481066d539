"""Actions on accounts and memberships, with the scope rules for who may manage whom."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core import clock
from safecampus.core.access import Perm, Role, forget, has_perm, perm_paths, require_perm, roles_for_level
from safecampus.core.history import stamp
from safecampus.orgs.models import Membership, OrgUnit

from .models import AuthEvent, User

USER_FIELDS = ("full_name", "phone", "email")


def manages_from_above(actor: Any, org: OrgUnit) -> bool:
    """Admin rights held strictly above `org` (a bureau admin never manages a peer admin)."""
    if actor.is_superuser:
        return True
    paths = perm_paths(actor, Perm.MANAGE_USERS) or []
    return any(org.path.startswith(path) and org.path != path for path in paths)


def can_manage_user(actor: Any, user: User) -> bool:
    """An admin manages a user only if every role of the user lies in the admin's subtree, and any
    bureau-admin role of the user sits strictly below the admin's own node."""
    if user.is_superuser and not actor.is_superuser:
        return False
    if actor.pk == user.pk:
        return False
    memberships = list(Membership.objects.filter(user=user).select_related("org"))
    if not memberships:
        return actor.is_superuser
    for membership in memberships:
        if not has_perm(actor, Perm.MANAGE_USERS, membership.org):
            return False
        if membership.role == Role.BUREAU_ADMIN and not manages_from_above(actor, membership.org):
            return False
    return True


def managed_users(viewer: Any) -> Any:
    """Accounts a viewer may look at: those in their area if they manage accounts, else only their own.
    Colleagues' phone numbers and roles are not everyone's business."""
    from safecampus.core.access import holds_any_perm

    if holds_any_perm(viewer, Perm.MANAGE_USERS):
        return User.objects.visible_to(viewer).exclude(is_superuser=True)
    return User.objects.filter(pk=viewer.pk)


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
    stamp(user, actor, "created")
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
    stamp(user, actor, "updated")
    user.save()
    return user


@transaction.atomic
def set_user_active(user: User, *, actor: Any, active: bool) -> User:
    """Disable or re-enable an account. Accounts are never deleted: their history stays."""
    require_manage_user(actor, user)
    user.is_active = active
    stamp(user, actor, "enabled" if active else "disabled")
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
    stamp(user, actor, "password_reset")
    user.save()
    from axes.utils import reset

    reset(username=user.username)  # a new password also ends a lockout
    record_event(AuthEvent.Kind.PASSWORD_RESET, user=user, detail=actor.username)
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
    stamp(user, user, "password_changed")
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
    if role == Role.BUREAU_ADMIN and not manages_from_above(actor, org):
        raise PermissionDenied(_("Only the level above appoints a unit's administrators."))
    membership, created = Membership.objects.get_or_create(
        user=user, org=org, role=role, defaults={"granted_by": actor if actor.is_authenticated else None}
    )
    forget(user)
    return membership


@transaction.atomic
def revoke_membership(membership: Membership, *, actor: Any) -> None:
    require_perm(actor, Perm.MANAGE_USERS, membership.org)
    if membership.user_id == actor.pk:
        raise PermissionDenied(_("You cannot remove your own role; ask another administrator."))
    if membership.role == Role.BUREAU_ADMIN and not manages_from_above(actor, membership.org):
        raise PermissionDenied(_("Only the level above removes a unit's administrators."))
    if not Membership.objects.filter(user_id=membership.user_id).exclude(pk=membership.pk).exists():
        raise ValidationError(
            _(
                "This is the account's last role. Disable the account instead, or grant another "
                "role first: an account without roles could no longer be managed."
            )
        )
    stamp(membership, actor, "revoked")
    membership.delete()
    forget(membership.user)


@transaction.atomic
def unlock_account(user: User, *, actor: Any) -> None:
    """End a lockout after too many failed logins."""
    from axes.utils import reset

    require_manage_user(actor, user)
    reset(username=user.username)
    record_event(AuthEvent.Kind.UNLOCKED, user=user, detail=actor.username)


def is_locked(user: User) -> bool:
    """Has the account reached the failure limit within the cool-off time?"""
    from axes.models import AccessAttempt
    from django.conf import settings

    if not settings.AXES_ENABLED:
        return False
    cutoff = clock.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(username=user.username, attempt_time__gte=cutoff)
    return sum(a.failures_since_start for a in attempts) >= settings.AXES_FAILURE_LIMIT


@transaction.atomic
def reset_second_factor(user: User, *, actor: Any) -> None:
    """Remove a user's authenticator (lost phone); they enrol again at next login if required."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    require_manage_user(actor, user)
    TOTPDevice.objects.filter(user=user).delete()
    record_event(AuthEvent.Kind.OTP_REMOVED, user=user, detail=actor.username)


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

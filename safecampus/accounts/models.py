from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as AuthUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from safecampus.core.history import history
from safecampus.core.models import AppendOnlyModel
from safecampus.core.paths import subtrees_q
from safecampus.core.scope import scope_paths


class UserQuerySet(models.QuerySet):
    def visible_to(self, viewer: Any) -> UserQuerySet:
        """Accounts holding a role somewhere in the viewer's subtrees, and the viewer."""
        paths = scope_paths(viewer)
        if paths is None:
            return self.all()
        if not getattr(viewer, "is_authenticated", False):
            return self.none()
        from safecampus.orgs.models import Membership

        in_scope = Membership.objects.filter(subtrees_q("org_path", paths)).values("user_id")
        return self.filter(models.Q(pk__in=in_scope) | models.Q(pk=viewer.pk))


class UserManager(AuthUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set for imported and reset accounts: the next login asks for a new password."),
    )
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)

    objects = UserManager()
    history = history(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.username})" if self.full_name else self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class AuthEvent(AppendOnlyModel):
    """Security audit log: every login, logout, failure and lock. Append-only."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Login")
        LOGOUT = "logout", _("Logout")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOCKED_OUT = "locked_out", _("Account locked")
        OTP_FAILED = "otp_failed", _("Wrong one-time code")
        OTP_ENROLLED = "otp_enrolled", _("Second factor enrolled")
        OTP_REMOVED = "otp_removed", _("Second factor removed")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        PASSWORD_RESET = "password_reset", _("Password reset by administrator")
        TOKEN_ISSUED = "token_issued", _("API token issued")
        UNLOCKED = "unlocked", _("Lock lifted by administrator")
        DISABLED_LOGIN = "disabled_login", _("Login to a disabled account")

    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    username = models.CharField(_("username"), max_length=150, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="auth_events"
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=255, blank=True)
    detail = models.CharField(_("detail"), max_length=255, blank=True)
    at = models.DateTimeField(_("time"), db_index=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.username}"

    @property
    def detail_label(self) -> str:
        return str(EVENT_DETAILS.get(self.detail, self.detail))


EVENT_DETAILS = {"locked": _("while the account was locked"), "api": _("API"), "disabled": _("account disabled")}

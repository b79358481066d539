"""API authentication classes: expiring tokens and account-state checks.

Kept apart from the token view because DRF imports these while it is itself loading.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from rest_framework import exceptions, permissions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.request import Request

from safecampus.core import clock
from safecampus.core.access import needs_second_factor


def has_confirmed_device(user: Any) -> bool:
    return any(True for _device in devices_for_user(user, confirmed=True))


def token_expired(token: Token) -> bool:
    return token.created + timedelta(hours=settings.SAFECAMPUS_TOKEN_TTL_HOURS) <= clock.now()


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`; a token ends SAFECAMPUS_TOKEN_TTL_HOURS after it was issued."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            token.delete()
            raise exceptions.AuthenticationFailed(_("The token has expired; log in again."))
        return user, token


class AccountInGoodStanding(permissions.BasePermission):
    """Refuse API use until a forced password change or second-factor enrolment is done."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return True  # IsAuthenticated answers for anonymous users
        if user.must_change_password:
            self.message = _("You must change your password in the web interface before using the API.")
            return False
        if needs_second_factor(user) and not has_confirmed_device(user):
            self.message = _("Your role requires a second factor: enrol an authenticator app in the web interface.")
            return False
        if isinstance(request.successful_authenticator, ExpiringTokenAuthentication):
            return True
        if has_confirmed_device(user) and not user.is_verified():
            self.message = _("Confirm your one-time code first.")
            return False
        return True

"""API authentication classes: expiring tokens and account-state checks.

Kept apart from the token view because DRF imports these while it is itself loading.
"""

from __future__ import annotations

import functools
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _
from django_otp import device_classes, devices_for_user
from rest_framework import exceptions, permissions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.request import Request

from safecampus.core import clock
from safecampus.core.access import grants_sql, needs_second_factor, prime
from safecampus.core.rows import fetch_one, select_columns

from .models import User


def has_confirmed_device(user: Any) -> bool:
    known = getattr(user, "_confirmed_device", None)  # read with the token (ExpiringTokenAuthentication)
    if known is not None:
        return known
    return any(True for _device in devices_for_user(user, confirmed=True))


@functools.cache
def _token_query(vendor: str, with_device: bool) -> tuple[str, int] | None:
    """SELECT of the token's user (all its columns), when it was issued, the user's grants (`core.access`) and, if
    asked, whether they have a confirmed device of any installed kind: one query for what every API request needs
    before its view runs. Built once per process from the models (ORM querysets cost more to build than to run).
    Returns the SQL and how many device kinds it checks (one parameter each), or None: use DRF's own query."""
    quote = connection.ops.quote_name
    token, user = Token._meta, User._meta
    grants = grants_sql(f"t.{quote(token.get_field('user').column)}")
    if grants is None:
        return None
    columns = select_columns(User, "u")
    kinds = list(device_classes()) if with_device else []
    devices = [
        f"EXISTS (SELECT 1 FROM {quote(kind._meta.db_table)} d WHERE d.{quote(kind._meta.get_field('user').column)}"
        f" = t.{quote(token.get_field('user').column)} AND d.{quote(kind._meta.get_field('confirmed').column)} = %s)"
        for kind in kinds
    ]
    device = f", ({' OR '.join(devices)}) AS token_device" if devices else ""
    sql = (
        f"SELECT {columns}, t.{quote(token.get_field('created').column)} AS token_created, {grants} AS token_grants"
        f"{device} FROM {quote(token.db_table)} t JOIN {quote(user.db_table)} u ON u.{quote(user.pk.column)} = "
        f"t.{quote(token.get_field('user').column)} WHERE t.{quote(token.pk.column)} = %s"
    )
    return sql, len(devices)


def token_expired(token: Token) -> bool:
    return token.created + timedelta(hours=settings.SAFECAMPUS_TOKEN_TTL_HOURS) <= clock.now()


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`; a token ends SAFECAMPUS_TOKEN_TTL_HOURS after it was issued."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        """DRF's check, reading the user's grants (and, when a second factor is required, whether they have a
        device) in the same query as the token and the user: every API request starts with one query."""
        with_device = settings.SAFECAMPUS_REQUIRE_ADMIN_2FA
        query = _token_query(connection.vendor, with_device)
        if query is None:
            user, token = super().authenticate_credentials(key)
        else:
            sql, devices = query
            created = Token._meta.get_field("created")
            extra = [("token_created", created), ("token_grants", None)] + [("token_device", None)] * bool(devices)
            user = fetch_one(User, sql, [True] * devices + [key], extra)
            if user is None:
                raise exceptions.AuthenticationFailed(_("Invalid token."))
            if not user.is_active:
                raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
            token = Token(key=key, user=user, created=user.token_created)
            prime(user, user.token_grants)
            if with_device:
                user._confirmed_device = bool(getattr(user, "token_device", False))
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

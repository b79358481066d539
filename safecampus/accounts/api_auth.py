"""The token login endpoint: POST /api/v1/auth/token/."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from django_otp import match_token
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from safecampus.core.access import needs_second_factor
from safecampus.core.middleware import client_address

from .authentication import has_confirmed_device, token_expired
from .models import AuthEvent
from .services import record_event
from .views_auth import address_failed, address_refused


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, style={"input_type": "password"}, trim_whitespace=False)
    otp = serializers.CharField(
        max_length=8,
        required=False,
        allow_blank=True,
        help_text=_("Six-digit code, if the account uses a second factor."),
    )


class AddressRateThrottle(ScopedRateThrottle):
    """DRF's scoped rate, counted per trusted client address (never the raw X-Forwarded-For) in the shared cache."""

    def get_ident(self, request: Request) -> str:
        return client_address(request._request)


class TokenView(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [AddressRateThrottle]
    throttle_scope = "token"

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()})},
        summary="Log in and receive an API token",
    )
    def post(self, request: Request) -> Response:
        django_request = request._request
        refused = address_refused(django_request)
        if refused is not None:
            return Response(
                {"detail": refused[0]},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
                headers={"Retry-After": str(refused[1])},
            )
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        username = data.validated_data["username"]
        user = authenticate(django_request, username=username, password=data.validated_data["password"])
        if user is None:
            address_failed(django_request)
            if getattr(django_request, "axes_locked_out", False):
                return locked_response()
            return Response({"detail": _("Wrong username or password.")}, status=status.HTTP_400_BAD_REQUEST)
        if has_confirmed_device(user):
            code = data.validated_data.get("otp") or ""
            if not code or match_token(user, code) is None:
                if code:
                    address_failed(django_request)
                record_event(AuthEvent.Kind.OTP_FAILED, user=user, request=django_request, detail="api")
                return Response(
                    {"otp": [_("A valid six-digit code from your authenticator app is required.")]},
                    status=status.HTTP_400_BAD_REQUEST,
                )
        elif needs_second_factor(user):
            return Response(
                {"detail": _("Your role requires a second factor: enrol an authenticator app in the web interface.")},
                status=status.HTTP_403_FORBIDDEN,
            )
        if user.must_change_password:
            return Response(
                {"detail": _("You must change your password in the web interface before using the API.")},
                status=status.HTTP_403_FORBIDDEN,
            )
        token, created = Token.objects.get_or_create(user=user)
        if not created and token_expired(token):
            token.delete()
            token = Token.objects.create(user=user)
        record_event(AuthEvent.Kind.TOKEN_ISSUED, user=user, request=django_request)
        return Response({"token": token.key})


def locked_response() -> Response:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return Response(
        {"detail": _("Too many failed logins: this account is locked for %(minutes)d minutes.") % {"minutes": minutes}},
        status=status.HTTP_403_FORBIDDEN,
    )

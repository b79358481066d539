"""Keep a logged-in user on the password-change or enrolment page until done."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from safecampus.core.access import needs_second_factor

ALWAYS_OPEN = ("/static/", "/media/", "/api/", "/i18n/", "/favicon.ico")


class AccountGateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(ALWAYS_OPEN):
            response = self.gate(request)
            if response is not None:
                return response
        return self.get_response(request)

    def gate(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        logout_url = reverse("accounts:logout")
        password_url = reverse("accounts:password_change")
        enrol_url = reverse("accounts:otp_enrol")
        if request.path == logout_url:
            return None
        has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        if has_device and not user.is_verified():
            # A session that skipped the code step (e.g. another login form): start again.
            logout(request)
            return redirect("accounts:login")
        if user.must_change_password:
            return None if request.path == password_url else redirect(password_url)
        if not has_device and needs_second_factor(user):
            return None if request.path == enrol_url else redirect(enrol_url)
        return None

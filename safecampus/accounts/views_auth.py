"""Login in two steps (password, then one-time code), enrolment, password change, lockout."""

from __future__ import annotations

import base64
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from safecampus.core.access import needs_second_factor
from safecampus.core.forms import add_service_errors
from safecampus.core.middleware import address_bucket, client_address

from .forms import LoginForm, OtpForm, PasswordChangeForm
from .models import AuthEvent
from .services import change_own_password, record_event

PENDING_KEY = "safecampus_pending_user"
PENDING_TRIES_KEY = "safecampus_pending_tries"
MAX_CODE_TRIES = 5


def safe_next(request: HttpRequest, default: str = "") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default or reverse(settings.LOGIN_REDIRECT_URL)


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def locked_out(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """Axes calls this when a locked account tries again."""
    message = _("Too many failed logins: this account is locked for %(minutes)d minutes.") % {
        "minutes": lockout_minutes()
    }
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=403)
    form = LoginForm(initial={"username": (credentials or {}).get("username", "")})
    return render(request, "accounts/login.html", {"form": form, "locked_message": message}, status=403)


def _failures_key(request: HttpRequest) -> str:
    return "login-failures:" + address_bucket(client_address(request))


def address_refused(request: HttpRequest) -> tuple[str, int] | None:
    """If the client's address has used up its failed logins, the message and the seconds left; else None.

    Checked before any password is: a guesser spreading tries over many
    usernames (which the per-account lock cannot see) is stopped here. The
    count lives in the shared cache, so every worker process sees it.
    """
    import time

    from django.core.cache import cache

    count, started = cache.get(_failures_key(request)) or (0, 0.0)
    window = settings.SAFECAMPUS_LOGIN_WINDOW_MINUTES * 60
    left = int(started + window - time.time()) + 1
    if count < settings.SAFECAMPUS_LOGIN_FAILURES_PER_ADDRESS or left <= 0:
        return None
    minutes = max(1, (left + 59) // 60)
    message = _("Too many failed logins from your network address. Try again in %(minutes)d minutes.") % {
        "minutes": minutes
    }
    return message, left


def address_failed(request: HttpRequest) -> None:
    """Count one failed login (a wrong password or code) against the client's address, for the window."""
    import time

    from django.core.cache import cache

    key = _failures_key(request)
    window = settings.SAFECAMPUS_LOGIN_WINDOW_MINUTES * 60
    now = time.time()
    count, started = cache.get(key) or (0, now)
    if now - started >= window:
        count, started = 0, now
    cache.set(key, (count + 1, started), timeout=int(started + window - now) + 1)


def _disabled_account(request: HttpRequest, username: str, password: str) -> bool:
    """Tell the owner of a disabled account why they cannot log in (only with the right password)."""
    user = get_user_model().objects.filter(username=username, is_active=False).first()
    if user is None or not user.check_password(password):
        return False
    record_event(AuthEvent.Kind.DISABLED_LOGIN, user=user, request=request, detail="disabled")
    return True


def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(safe_next(request))
    form = LoginForm(request.POST or None)
    refused = address_refused(request) if request.method == "POST" else None
    if refused is not None:
        context = {
            "form": LoginForm(initial={"username": request.POST.get("username", "")}),
            "locked_message": refused[0],
            "next": safe_next(request, ""),
        }
        response = render(request, "accounts/login.html", context, status=429)
        response["Retry-After"] = str(refused[1])
        return response
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=form.cleaned_data["username"], password=form.cleaned_data["password"])
        if user is None:
            address_failed(request)
            if getattr(request, "axes_locked_out", False):
                return locked_out(request, credentials={"username": form.cleaned_data["username"]})
            if _disabled_account(request, form.cleaned_data["username"], form.cleaned_data["password"]):
                form.add_error(None, _("This account is disabled. Ask your bureau administrator."))
            else:
                form.add_error(None, _("Wrong username or password."))
        elif TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            request.session[PENDING_KEY] = user.pk
            request.session[PENDING_TRIES_KEY] = 0
            return redirect(f"{reverse('accounts:otp_verify')}?next={safe_next(request)}")
        else:
            login(request, user)
            return redirect(safe_next(request))
    return render(request, "accounts/login.html", {"form": form, "next": safe_next(request, "")})


def otp_verify_view(request: HttpRequest) -> HttpResponse:
    """Second step: the account has an authenticator; ask for its current code."""
    user_id = request.session.get(PENDING_KEY)
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        return redirect("accounts:login")
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["code"])
        if device is None:
            record_event(AuthEvent.Kind.OTP_FAILED, user=user, request=request)
            address_failed(request)
            tries = request.session.get(PENDING_TRIES_KEY, 0) + 1
            request.session[PENDING_TRIES_KEY] = tries
            if tries >= MAX_CODE_TRIES:
                request.session.pop(PENDING_KEY, None)
                messages.error(request, _("Too many wrong codes. Log in again."))
                return redirect("accounts:login")
            form.add_error("code", _("This code is wrong or has expired."))
        else:
            request.session.pop(PENDING_KEY, None)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            otp_login(request, device)
            return redirect(safe_next(request))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": safe_next(request, "")})


def _qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=5)


@login_required
def otp_enrol_view(request: HttpRequest) -> HttpResponse:
    """Show a QR code for an authenticator app and confirm it with the first code."""
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        messages.info(request, _("Your account already uses an authenticator app."))
        return redirect("accounts:security")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save()
            otp_login(request, device)
            record_event(AuthEvent.Kind.OTP_ENROLLED, user=user, request=request)
            messages.success(request, _("Second factor enrolled. You will be asked for a code at every login."))
            return redirect(safe_next(request))
        form.add_error("code", _("This code is wrong or has expired. Check the time on your phone."))
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    context = {
        "form": form,
        "qr": _qr_data_uri(device.config_url),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "required": needs_second_factor(user),
        "next": safe_next(request, ""),
    }
    return render(request, "accounts/otp_enrol.html", context)


@login_required
@require_POST
def otp_remove_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    if needs_second_factor(user):
        messages.error(request, _("Your role requires a second factor; it cannot be removed."))
        return redirect("accounts:security")
    if not user.check_password(request.POST.get("password", "")):
        messages.error(request, _("The current password is wrong."))
        return redirect("accounts:security")
    TOTPDevice.objects.filter(user=user).delete()
    record_event(AuthEvent.Kind.OTP_REMOVED, user=user, request=request)
    messages.success(request, _("The authenticator app was removed from your account."))
    return redirect("accounts:security")


@login_required
def password_change_view(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change_own_password(
                request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error, {"password": "new_password"})
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password has been changed."))
            return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/password_change.html", {"form": form, "forced": request.user.must_change_password})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You have logged out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)

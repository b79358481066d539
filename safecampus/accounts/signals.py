"""Write every login, logout, failure and lock to the security audit log."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import AuthEvent


def _record(kind: str, **kwargs: Any) -> None:
    from .services import record_event

    record_event(kind, **kwargs)


@receiver(user_logged_in)
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    _record(AuthEvent.Kind.LOGIN, user=user, request=request)


@receiver(user_logged_out)
def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        _record(AuthEvent.Kind.LOGOUT, user=user, request=request)


@receiver(user_login_failed)
def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    user = get_user_model().objects.filter(username=username).first()
    locked = bool(getattr(request, "axes_locked_out", False))
    _record(
        AuthEvent.Kind.LOGIN_FAILED,
        username=username,
        user=user,
        request=request,
        detail="account locked" if locked else "",
    )


@receiver(user_locked_out)
def on_locked_out(sender: Any, request: Any, username: str | None = None, **kwargs: Any) -> None:
    name = (username or "")[:150]
    user = get_user_model().objects.filter(username=name).first()
    _record(AuthEvent.Kind.LOCKED_OUT, username=name, user=user, request=request)

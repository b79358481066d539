"""Write every login, logout, failure and lock to the security audit log."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.models import update_last_login
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from safecampus.core import clock

from .models import AuthEvent


def _record(kind: str, **kwargs: Any) -> None:
    from .services import record_event

    record_event(kind, **kwargs)


# Django's own handler saves last_login through save(), which would add an empty row to the
# account's change history at every login; ours stores it without one.
user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")


@receiver(user_logged_in, dispatch_uid="safecampus_last_login")
def store_last_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    user.last_login = clock.now()
    type(user).objects.filter(pk=user.pk).update(last_login=user.last_login)


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

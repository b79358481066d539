"""Notify people in the app and by e-mail, after the change that caused it has committed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from . import clock
from .models import Notification


def notify(
    users: Iterable[Any], title: str, body: str = "", url: str = "", kind: str = "", exclude: Any = None
) -> list[Notification]:
    """Create one in-app notification per user (not the one who acted); e-mail after the commit."""
    skip = getattr(exclude, "pk", None)
    recipients = {user.pk: user for user in users if user is not None and user.is_active and user.pk != skip}
    now = clock.now()
    rows = Notification.objects.bulk_create(
        [
            Notification(user=user, title=title[:200], body=body, url=url[:300], kind=kind, created_at=now)
            for user in recipients.values()
        ]
    )
    emails = [user.email for user in recipients.values() if user.email]
    if emails:
        link = settings.SAFECAMPUS_BASE_URL.rstrip("/") + url if url.startswith("/") else url
        message = f"{body}\n\n{link}".strip()
        transaction.on_commit(
            lambda: send_mass_mail(
                [(f"[SafeCampus] {title}", message, settings.DEFAULT_FROM_EMAIL, [address]) for address in emails],
                fail_silently=True,
            )
        )
    return rows

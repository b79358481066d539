"""Notify people in the app and by e-mail, after the change that caused it has committed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from . import clock
from .models import Notification


def notify(users: Iterable[Any], title: str, body: str = "", url: str = "", kind: str = "") -> list[Notification]:
    """Create one in-app notification per user; queue e-mails for after the commit."""
    recipients = {user.pk: user for user in users if user is not None and user.is_active}
    now = clock.now()
    rows = Notification.objects.bulk_create(
        [
            Notification(user=user, title=title[:200], body=body, url=url[:300], kind=kind, created_at=now)
            for user in recipients.values()
        ]
    )
    emails = [user.email for user in recipients.values() if user.email]
    if emails:
        message = f"{body}\n\n{url}".strip()
        transaction.on_commit(
            lambda: send_mass_mail(
                [(f"[SafeCampus] {title}", message, settings.DEFAULT_FROM_EMAIL, [address]) for address in emails],
                fail_silently=True,
            )
        )
    return rows

"""The user's in-app notifications (reminders, escalations, steps waiting for them)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import clock
from .models import Notification


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    rows = Notification.objects.filter(user=request.user)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    unread_ids = [n.pk for n in page if n.read_at is None]
    response = render(request, "core/notifications.html", {"page": page, "unread_ids": set(unread_ids)})
    Notification.objects.filter(pk__in=unread_ids).update(read_at=clock.now())
    return response


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=clock.now())
    return redirect("core:notifications")

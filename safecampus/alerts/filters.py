"""The alarms of a console, filtered in one place for the page, its live list and the API."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from .desk import ranked
from .models import OPEN_STATES, Alarm, AlarmState, AlarmType


def filter_alarms(rows: QuerySet, params: Any) -> QuerySet:
    """`state`: open (default), raised, closed or all; `type`; `q` in the device, its place or the school."""
    state = params.get("state") or ""
    if state == "raised":
        rows = rows.filter(state=AlarmState.RAISED)
    elif state == "closed":
        rows = rows.exclude(state__in=OPEN_STATES)
    elif state != "all":
        rows = rows.filter(state__in=OPEN_STATES)
    kind = params.get("type") or ""
    if kind in AlarmType.values:
        rows = rows.filter(type=kind)
    text = (params.get("q") or "").strip()[:120]
    if text:
        rows = rows.filter(
            Q(device__name__icontains=text) | Q(device__place__icontains=text) | Q(school__name__icontains=text)
        )
    return rows


def console_alarms(user: Any, org: Any, params: Any) -> QuerySet:
    rows = Alarm.objects.visible_within(user, org.path).select_related("school", "device")
    rows = filter_alarms(rows, params)
    if (params.get("state") or "") in ("", "raised"):
        return ranked(rows)
    return rows.order_by("-raised_at", "-pk")

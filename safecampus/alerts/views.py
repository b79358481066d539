"""The alarm console of a school or a bureau (open alarms newest first, refreshed every few seconds, a sound
and the title's count when one arrives) and an alarm's page (its facts, response times, readings and steps)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from safecampus.core import clock
from safecampus.core.access import Perm, has_perm
from safecampus.core.steps_pages import step_forms, take_step
from safecampus.orgs.models import OrgUnit
from safecampus.orgs.views import breadcrumb

from .dashboard import alert_figures
from .filters import console_alarms
from .forms import AlarmFilterForm
from .models import Alarm, Message
from .services import duty
from .services.common import flow

PER_PAGE = 50


def org_of(request: HttpRequest, pk: int) -> OrgUnit:
    return get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)


def _page(request: HttpRequest, org: OrgUnit) -> Any:
    rows = console_alarms(request.user, org, request.GET)
    return Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))


@login_required
def console(request: HttpRequest, pk: int) -> HttpResponse:
    org = org_of(request, pk)
    page = _page(request, org)
    now = clock.now()
    return render(
        request,
        "alerts/console.html",
        {
            "org": org,
            "crumbs": breadcrumb(request.user, org),
            "page": page,
            "filters": AlarmFilterForm(request.GET),
            "f": alert_figures([org], clock.today())[org.pk],
            "on_duty": duty.on_duty(org.path, now),
            "keeps": has_perm(request.user, Perm.KEEP_DEVICES, org),
            "watches": has_perm(request.user, Perm.WATCH_CAMERAS, org),
            "feed": reverse("alerts:feed", args=[org.pk]) + ("?" + request.GET.urlencode() if request.GET else ""),
            "now": now,
        },
    )


@login_required
def feed(request: HttpRequest, pk: int) -> HttpResponse:
    """The console's list, alone: what the page swaps in every few seconds."""
    org = org_of(request, pk)
    page = _page(request, org)
    figures = alert_figures([org], clock.today())[org.pk]
    response = render(request, "alerts/_alarm_list.html", {"org": org, "page": page, "now": clock.now()})
    response["X-Unacknowledged"] = str(figures["alert_unacked"])
    response["X-Open"] = str(figures["alert_open"])
    response["X-Newest"] = str(max((alarm.pk for alarm in page), default=0))
    return response


def _alarm(request: HttpRequest, pk: int) -> Alarm:
    rows = Alarm.objects.visible_to(request.user).select_related("school", "device", "device__gateway", "hazard")
    return get_object_or_404(rows, pk=pk)


@login_required
def alarm_page(request: HttpRequest, pk: int, bound: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
    alarm = _alarm(request, pk)
    events = alarm.events.select_related("actor")
    return render(
        request,
        "alerts/alarm.html",
        {
            "alarm": alarm,
            "org": alarm.school,
            "crumbs": breadcrumb(request.user, alarm.school),
            "events": events,
            "step_forms": step_forms(flow, alarm, request.user, bound),
            "times": {
                "ack": alarm.minutes(alarm.acknowledged_at),
                "dispatch": alarm.minutes(alarm.dispatched_at),
                "resolve": alarm.minutes(alarm.resolved_at),
            },
            "readings_url": reverse("alerts:readings", args=[alarm.device_id]),
        },
        status=status,
    )


@login_required
@require_POST
def alarm_step(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    alarm = _alarm(request, pk)
    return take_step(
        request,
        flow,
        alarm,
        verb,
        done_url=reverse("alerts:alarm", args=[alarm.pk]),
        render=lambda **kwargs: alarm_page(request, pk, **kwargs),
    )


@login_required
def readings(request: HttpRequest, pk: int) -> JsonResponse:
    """A device's last 200 readings, oldest first, as chart series (one per value it reports)."""
    from .models import Device

    device = get_object_or_404(Device.objects.visible_to(request.user), pk=pk)
    rows = list(Message.objects.filter(device=device).order_by("-sent_at", "-id")[:200])
    series: dict[str, list[list[Any]]] = {}
    for message in reversed(rows):
        for name, value in message.values.items():
            if name != "limit":
                series.setdefault(name, []).append([message.sent_at.isoformat(), value])
    return JsonResponse({"device": device.name, "series": series})

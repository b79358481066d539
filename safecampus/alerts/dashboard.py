"""What early warning contributes to the dashboards (dashboards.registry): open and unacknowledged alarms,
devices and cameras offline on every node; this month's acknowledgement in time and false-alarm rate and last
week's video patrol rounds on the panel; a map layer of the schools with open alarms or anything offline; four
warning parts (weights: rule rows)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecampus.core import counting
from safecampus.core.models import Counter
from safecampus.core.paths import subtree_q
from safecampus.dashboards.registry import (
    Figures,
    MapFigure,
    MapLayer,
    Panel,
    WarningPart,
    figures,
    map_figures,
    map_layers,
    panels,
    percent,
    warning_parts,
)
from safecampus.orgs.models import Level

PLAIN = {
    "alert.alarm.open": "alert_open",
    "alert.alarm.unacked": "alert_unacked",
    "alert.alarm.open.critical": "alert_open_critical",
    "alert.device.live": "alert_devices",
    "alert.device.offline": "alert_devices_offline",
    "alert.camera.live": "alert_cameras",
    "alert.camera.online": "alert_cameras_online",
    "alert.camera.police": "alert_cameras_police",
}
MONTHLY = [
    "alert.alarm.raised",
    "alert.alarm.acked",
    "alert.alarm.acked_in_time",
    *(f"alert.alarm.outcome.{o}" for o in ("real", "false", "test", "restored")),
]


def alert_figures(orgs: list[Any], today: date) -> dict[int, dict[str, Any]]:
    """Every node's alarm, device and camera figures: one indexed read of undated counters."""
    plain = counting.figures([org.pk for org in orgs], metrics=PLAIN)
    found = {}
    for org in orgs:
        mine = plain.get(org.pk, {})
        values = {name: mine.get(metric, 0) for metric, name in PLAIN.items()}
        values["alert_cameras_offline"] = values["alert_cameras"] - values["alert_cameras_online"]
        found[org.pk] = values
    return found


def panel_figures(org: Any, today: date) -> dict[str, Any]:
    """This month's alarms: acknowledged within the clock, false alarms among those resolved as real or false;
    the video patrol rounds of the last seven days."""
    month = today.replace(day=1)
    sums = counting.dated_sums([org.pk], MONTHLY, first=month, last=today).get(org.pk, {})
    week = counting.dated_sums([org.pk], ["alert.patrol.done"], first=today - timedelta(days=6), last=today)
    real, false = sums.get("alert.alarm.outcome.real", 0), sums.get("alert.alarm.outcome.false", 0)
    return {
        "raised": sums.get("alert.alarm.raised", 0),
        "acked": sums.get("alert.alarm.acked", 0),
        "acked_in_time": sums.get("alert.alarm.acked_in_time", 0),
        "acked_in_time_rate": percent(sums.get("alert.alarm.acked_in_time", 0), sums.get("alert.alarm.acked", 0)),
        "real": real,
        "false": false,
        "false_rate": percent(false, real + false),
        "patrol_rounds_week": week.get(org.pk, {}).get("alert.patrol.done", 0),
    }


figures.register("alerts", Figures("alerts", alert_figures, order=45))
panels.register(
    "alerts",
    Panel(
        "alerts",
        "alerts/dashboard/_panel.html",
        order=29,
        extra=lambda org, today: {"alerts": panel_figures(org, today)},
        api=lambda values, extra: {"alerts": extra["alerts"]},
        card="alerts/dashboard/_card.html",
    ),
)
map_figures.register(
    "cameras_online_share",
    MapFigure(
        "cameras_online_share",
        _("Cameras online (%)"),
        lambda values, schools: percent(values.get("alert_cameras_online", 0), values.get("alert_cameras", 0)),
        good_high=True,
        order=30,
    ),
)


def _school_counters(org: Any, condition: Q) -> Any:
    rows = Counter.objects.filter(condition, day__isnull=True)
    if org.level == Level.SCHOOL:
        return rows.filter(org=org)
    return rows.filter(subtree_q("org__path", org.path), org__level=Level.SCHOOL)


def _per_school(org: Any, metric: str) -> dict[int, int]:
    rows = _school_counters(org, Q(metric=metric, value__gt=0))
    return dict(rows.values_list("org_id", "value"))


def cameras_offline(org: Any) -> dict[int, int]:
    rows = _school_counters(org, Q(metric__in=["alert.camera.live", "alert.camera.online"]))
    live: dict[int, int] = {}
    for org_id, metric, value in rows.values_list("org_id", "metric", "value"):
        live[org_id] = live.get(org_id, 0) + (value if metric == "alert.camera.live" else -value)
    return {pk: n for pk, n in live.items() if n > 0}


def needs_attention(org: Any, today: date) -> set[int]:
    """Schools with an open alarm, a device offline or a camera offline."""
    found = set(_per_school(org, "alert.alarm.open")) | set(_per_school(org, "alert.device.offline"))
    return found | set(cameras_offline(org))


def console_url(school_id: int) -> str:
    return reverse("alerts:console", args=[school_id])


map_layers.register(
    "alerts",
    MapLayer("alerts", _("Schools with open alarms or anything offline"), needs_attention, console_url, order=20),
)
for key, label, counts, anchor, order in (
    ("alarm_open", _("Open alarms"), lambda org, today, soon: _per_school(org, "alert.alarm.open"), "", 70),
    (
        "alarm_unacked",
        _("Alarms not acknowledged"),
        lambda org, today, soon: _per_school(org, "alert.alarm.unacked"),
        "?state=raised",
        71,
    ),
    (
        "device_offline",
        _("IoT devices offline"),
        lambda org, today, soon: _per_school(org, "alert.device.offline"),
        "#devices",
        72,
    ),
    ("camera_offline", _("Cameras offline"), lambda org, today, soon: cameras_offline(org), "#cameras", 73),
):
    warning_parts.register(
        key,
        WarningPart(key, label, counts, lambda pk, today, soon, anchor=anchor: console_url(pk) + anchor, order=order),
    )

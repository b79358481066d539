"""What early warning adds to the counter store (core.counting): open and unacknowledged alarms, each month's
alarms with how they were acknowledged and what they turned out to be; devices and cameras in use and offline;
video patrol rounds done per day."""

from __future__ import annotations

from collections import Counter as Tally
from typing import Any

from safecampus.core.counting import CountedKind, local_day, month_of, register

from .models import OPEN_STATES, Alarm, AlarmState, Camera, Device, PatrolRound

ALARM_FIELDS = ("org_path", "state", "severity", "raised_at", "ack_due_at", "acknowledged_at", "outcome")


def alarm_keys(alarm: Any) -> Tally:
    keys: Tally = Tally()
    month = month_of(alarm.raised_at)
    keys[("alert.alarm.raised", month)] += 1
    if alarm.state in OPEN_STATES:
        keys[("alert.alarm.open", None)] += 1
        keys[(f"alert.alarm.open.{alarm.severity}", None)] += 1
    if alarm.state == AlarmState.RAISED:
        keys[("alert.alarm.unacked", None)] += 1
    if alarm.acknowledged_at is not None:
        keys[("alert.alarm.acked", month)] += 1
        if alarm.acknowledged_at <= alarm.ack_due_at:
            keys[("alert.alarm.acked_in_time", month)] += 1
    if alarm.outcome:
        keys[(f"alert.alarm.outcome.{alarm.outcome}", month)] += 1
    return keys


def device_keys(device: Any) -> Tally:
    keys: Tally = Tally()
    if device.is_active:
        keys[("alert.device.live", None)] += 1
        if not device.online:
            keys[("alert.device.offline", None)] += 1
    return keys


def camera_keys(camera: Any) -> Tally:
    keys: Tally = Tally()
    if camera.is_active:
        keys[("alert.camera.live", None)] += 1
        if camera.online:
            keys[("alert.camera.online", None)] += 1
        if camera.police_linked:
            keys[("alert.camera.police", None)] += 1
    return keys


def round_keys(patrol: Any) -> Tally:
    keys: Tally = Tally()
    if patrol.finished_at is not None:
        keys[("alert.patrol.done", local_day(patrol.finished_at))] += 1
    return keys


ALARMS = register(
    CountedKind(key="alert_alarm", model=Alarm, keys=alarm_keys, fields=ALARM_FIELDS, prefixes=("alert.alarm.",))
)
DEVICES = register(
    CountedKind(
        key="alert_device",
        model=Device,
        keys=device_keys,
        fields=("org_path", "is_active", "online"),
        prefixes=("alert.device.",),
    )
)
CAMERAS = register(
    CountedKind(
        key="alert_camera",
        model=Camera,
        keys=camera_keys,
        fields=("org_path", "is_active", "online", "police_linked"),
        prefixes=("alert.camera.",),
    )
)
ROUNDS = register(
    CountedKind(
        key="alert_patrol",
        model=PatrolRound,
        keys=round_keys,
        fields=("org_path", "finished_at"),
        prefixes=("alert.patrol.",),
    )
)

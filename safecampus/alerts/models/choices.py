"""The words of early warning: device kinds, alarm types and severities, the alarm's states and outcomes, camera
places (the ones 明厨亮灶 and the campus perimeter need)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DeviceKind(models.TextChoices):
    SMOKE = "smoke", _("Smoke detector")
    GAS = "gas", _("Combustible-gas detector")
    ELECTRICAL = "electrical", _("Electrical fire monitor")
    WATER = "water", _("Fire water pressure monitor")
    PANIC = "panic", _("One-key emergency alarm")
    PERIMETER = "perimeter", _("Perimeter alarm")


class AlarmType(models.TextChoices):
    FIRE = "fire", _("Fire (smoke)")
    GAS = "gas", _("Gas leak")
    RESIDUAL_CURRENT = "residual_current", _("Residual current over the limit")
    CABLE_TEMPERATURE = "cable_temperature", _("Cable temperature over the limit")
    WATER_PRESSURE = "water_pressure", _("Fire water pressure too low")
    PANIC = "panic", _("One-key emergency alarm")
    INTRUSION = "intrusion", _("Perimeter intrusion")
    OFFLINE = "offline", _("Device offline")


class Severity(models.TextChoices):
    CRITICAL = "critical", pgettext_lazy("alarm severity", "Critical")
    MAJOR = "major", pgettext_lazy("alarm severity", "Major")
    MINOR = "minor", pgettext_lazy("alarm severity", "Minor")
    WARNING = "warning", pgettext_lazy("alarm severity", "Warning")


SEVERITY_RANK = {Severity.CRITICAL: 0, Severity.MAJOR: 1, Severity.MINOR: 2, Severity.WARNING: 3}

# What each type is by default, and which device kinds raise it.
TYPE_SEVERITY = {
    AlarmType.FIRE: Severity.CRITICAL,
    AlarmType.GAS: Severity.CRITICAL,
    AlarmType.PANIC: Severity.CRITICAL,
    AlarmType.RESIDUAL_CURRENT: Severity.MAJOR,
    AlarmType.CABLE_TEMPERATURE: Severity.MAJOR,
    AlarmType.INTRUSION: Severity.MAJOR,
    AlarmType.WATER_PRESSURE: Severity.MINOR,
    AlarmType.OFFLINE: Severity.WARNING,
}
KIND_TYPES = {
    DeviceKind.SMOKE: (AlarmType.FIRE,),
    DeviceKind.GAS: (AlarmType.GAS,),
    DeviceKind.ELECTRICAL: (AlarmType.RESIDUAL_CURRENT, AlarmType.CABLE_TEMPERATURE),
    DeviceKind.WATER: (AlarmType.WATER_PRESSURE,),
    DeviceKind.PANIC: (AlarmType.PANIC,),
    DeviceKind.PERIMETER: (AlarmType.INTRUSION,),
}


class AlarmState(models.TextChoices):
    RAISED = "raised", _("Raised")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("alarm", "Acknowledged")
    DISPATCHED = "dispatched", _("Dispatched")
    RESOLVED = "resolved", _("Resolved")
    REVIEWED = "reviewed", pgettext_lazy("alarm", "Reviewed")


OPEN_STATES = (AlarmState.RAISED, AlarmState.ACKNOWLEDGED, AlarmState.DISPATCHED)


class Outcome(models.TextChoices):
    REAL = "real", _("Real alarm")
    FALSE = "false", _("False alarm")
    TEST = "test", _("Test")
    RESTORED = "restored", _("Back to normal by itself")


class CameraPlace(models.TextChoices):
    GATE = "gate", pgettext_lazy("camera place", "Gate")
    PERIMETER = "perimeter", _("Perimeter")
    CORRIDOR = "corridor", _("Corridor or stairs")
    KITCHEN = "kitchen", _("Canteen kitchen (open kitchen)")
    DORM = "dorm", _("Dormitory entrance")
    LAB = "lab", _("Laboratory")
    PLAYGROUND = "playground", _("Playground")
    SURROUNDINGS = "surroundings", _("Campus surroundings")
    OTHER = "other", _("Other place")


class EventVerb(models.TextChoices):
    RAISE = "raise", _("Raised")
    AGAIN = "again", _("Alarming again")
    CLEAR = "clear", _("Back to normal (device)")
    FLAPPING = "flapping", _("Flapping: notifications paused")
    ESCALATE = "escalate", _("Escalated")
    ACKNOWLEDGE = "acknowledge", pgettext_lazy("alarm", "Acknowledged")
    DISPATCH = "dispatch", _("Dispatched")
    RESOLVE = "resolve", _("Resolved")
    REVIEW = "review", pgettext_lazy("alarm", "Reviewed")
    OPEN_HAZARD = "open_hazard", _("Registered as a hazard")

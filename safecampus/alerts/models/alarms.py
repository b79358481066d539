"""Alarms, one open per device and type (a repeat updates it), and their steps as append-only events."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from safecampus.core.history import history
from safecampus.core.scope import ScopedQuerySet

from .choices import OPEN_STATES, AlarmState, AlarmType, EventVerb, Outcome, Severity


class Alarm(models.Model):
    device = models.ForeignKey("alerts.Device", on_delete=models.PROTECT, related_name="alarms")
    school = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    type = models.CharField(_("alarm type"), max_length=20, choices=AlarmType.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    state = models.CharField(_("state"), max_length=12, choices=AlarmState.choices, default=AlarmState.RAISED)
    raised_at = models.DateTimeField(_("raised at"), db_index=True)
    last_at = models.DateTimeField(_("last message at"))
    count = models.PositiveIntegerField(_("messages"), default=1)
    last_value = models.JSONField(_("last value"), default=dict, blank=True)
    # The device said it is back to normal (the alarm stays until a person resolves it, except "offline").
    cleared_at = models.DateTimeField(_("back to normal at"), null=True, blank=True)
    # Toggles within the flapping window; over the rule's limit the alarm is flapping and stops notifying.
    toggles = models.JSONField(default=list, blank=True, editable=False)
    flapping = models.BooleanField(_("flapping"), default=False)
    ack_due_at = models.DateTimeField(_("acknowledge by"))
    escalated = models.PositiveSmallIntegerField(_("escalation steps taken"), default=0)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    dispatched_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dispatched_to_name = models.CharField(_("dispatched to"), max_length=60, blank=True)
    dispatched_to_phone = models.CharField(_("their phone"), max_length=20, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    cause = models.TextField(_("cause"), max_length=2000, blank=True)
    lessons = models.TextField(_("lessons"), max_length=2000, blank=True)
    hazard = models.ForeignKey("hazards.Hazard", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    history = history(excluded_fields=["last_at", "count", "last_value", "toggles"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("alarm")
        verbose_name_plural = _("alarms")
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["device", "type"], condition=Q(state__in=OPEN_STATES), name="one_open_alarm_per_device_type"
            ),
        ]
        indexes = [models.Index(fields=["state", "ack_due_at"], name="alerts_alarm_clock")]

    def __str__(self) -> str:
        return f"{self.get_type_display()} · {self.device.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.school.path
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def minutes(self, moment: Any) -> int | None:
        """Whole minutes from raising to `moment` (None before it happened): the review's response times."""
        if moment is None:
            return None
        return int((moment - self.raised_at).total_seconds() // 60)


class AlarmEvent(models.Model):
    """One thing that happened to an alarm (raised, repeated, escalated, each step): never changed once written."""

    alarm = models.ForeignKey(Alarm, on_delete=models.PROTECT, related_name="events")
    verb = models.CharField(max_length=20, choices=EventVerb.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    comment = models.CharField(max_length=500, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_verb_display()} · {self.at:%Y-%m-%d %H:%M}"

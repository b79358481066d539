"""IoT gateways and devices, the messages they send, and what ingestion refused.

A gateway reports for the devices of one school; it signs what it sends with its
own secret (HTTP) or logs in to the broker with its own credentials (MQTT). A
device is known by the vendor's id on its gateway; its last heartbeat says
whether it is online.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from safecampus.core.history import history
from safecampus.core.scope import ScopedQuerySet

from .choices import DeviceKind


class Gateway(models.Model):
    school = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    name = models.CharField(_("name"), max_length=60)
    key = models.SlugField(_("gateway id"), max_length=40, unique=True, help_text=_("Sent with every message."))
    # The shared secret of the HMAC signature: shown once when made; never again in a page or the API.
    secret = models.CharField(max_length=64, editable=False)
    vendor = models.CharField(_("vendor"), max_length=60, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    last_seen_at = models.DateTimeField(_("last message at"), null=True, blank=True)
    accepted = models.PositiveBigIntegerField(_("messages accepted"), default=0, editable=False)
    rejected = models.PositiveBigIntegerField(_("messages refused"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = history(excluded_fields=["last_seen_at", "accepted", "rejected", "secret"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("IoT gateway")
        verbose_name_plural = _("IoT gateways")
        ordering = ["org_path", "name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.school.path
        super().save(*args, **kwargs)


class Device(models.Model):
    school = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    gateway = models.ForeignKey(Gateway, on_delete=models.PROTECT, related_name="devices", verbose_name=_("gateway"))
    vendor_id = models.CharField(_("device id (vendor)"), max_length=64)
    kind = models.CharField(_("device kind"), max_length=12, choices=DeviceKind.choices)
    name = models.CharField(_("name"), max_length=60)
    place = models.CharField(_("place"), max_length=120)
    risk_point = models.ForeignKey(
        "risks.RiskPoint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("risk point"),
        help_text=_("A real alarm puts the point's live risks out of control."),
    )
    # The device's own limits where they differ from the rule (e.g. {"residual_current_ma": 500}).
    thresholds = models.JSONField(_("own thresholds"), default=dict, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    online = models.BooleanField(_("online"), default=False, editable=False)
    last_seen_at = models.DateTimeField(_("last heard at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = history(excluded_fields=["online", "last_seen_at"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("IoT device")
        verbose_name_plural = _("IoT devices")
        ordering = ["org_path", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["gateway", "vendor_id"], name="one_vendor_id_per_gateway")]
        indexes = [models.Index(fields=["is_active", "online", "last_seen_at"], name="alerts_device_silent")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.school.path
        super().save(*args, **kwargs)

    @property
    def state(self) -> str:
        return "in_use" if self.is_active else "retired"


class Message(models.Model):
    """A reading, an alarm or a restore a device sent (heartbeats only mark the device as heard)."""

    class Kind(models.TextChoices):
        READING = "reading", _("Reading")
        ALARM = "alarm", _("Alarm")
        RESTORE = "restore", _("Back to normal")

    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="messages")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent at"))
    stored_at = models.DateTimeField(_("stored at"))
    # The gateway's own id of the message: a repeat (a broker's redelivery, a gateway's retry) is stored once.
    message_id = models.CharField(max_length=64, null=True, blank=True)
    values = models.JSONField(default=dict)
    alarm = models.ForeignKey("alerts.Alarm", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["device", "-sent_at"], name="alerts_message_recent")]
        constraints = [
            models.UniqueConstraint(fields=["device", "message_id"], name="one_message_per_id"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.sent_at:%Y-%m-%d %H:%M:%S}"


class Refusal(models.Model):
    """What ingestion refused, and why (kept for the gateway's keeper and the auditor)."""

    gateway = models.ForeignKey(Gateway, on_delete=models.PROTECT, null=True, blank=True, related_name="refusals")
    channel = models.CharField(max_length=8)  # http, mqtt
    reason = models.CharField(max_length=24)
    detail = models.CharField(max_length=300, blank=True)
    remote = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.reason} · {self.at:%Y-%m-%d %H:%M:%S}"


class SeenSignature(models.Model):
    """The signatures accepted within the allowed clock skew: the same signed request twice is a replay."""

    gateway = models.ForeignKey(Gateway, on_delete=models.CASCADE, related_name="+")
    signature = models.CharField(max_length=64)
    at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["gateway", "signature"], name="one_use_per_signature")]

    def __str__(self) -> str:
        return self.signature[:12]


class DutyShift(models.Model):
    """Who is on duty at a school or a bureau, and when (值班表): alarms go to them first, escalations next."""

    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("person on duty")
    )
    post = models.CharField(_("duty post"), max_length=40, default="值班员")
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    phone = models.CharField(_("contact phone"), max_length=20, blank=True)

    history = history()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty shifts")
        ordering = ["org_path", "starts_at", "id"]
        indexes = [models.Index(fields=["org_path", "starts_at", "ends_at"], name="alerts_duty_when")]

    def __str__(self) -> str:
        return f"{self.person} · {self.starts_at:%m-%d %H:%M}–{self.ends_at:%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.org.path
        super().save(*args, **kwargs)

"""Guard patrol rounds (巡逻) over the school's patrol points — its checkpoints whose areas include security: each
scan on a phone, and each day's rounds done against the rounds required (GB/T 29315: at least 5 a day)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.core.models import AppendOnlyModel
from safecampus.core.scope import ScopedQuerySet


class PatrolScan(AppendOnlyModel):
    school = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    checkpoint = models.ForeignKey("hazards.Checkpoint", on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("scanned at"))
    day = models.DateField(_("day"), db_index=True)

    objects = ScopedQuerySet.as_manager()
    owner_field = "school"

    class Meta:
        verbose_name = _("patrol scan")
        verbose_name_plural = _("patrol scans")
        ordering = ["-at"]
        indexes = [models.Index(fields=["school", "day"])]

    def __str__(self) -> str:
        return f"{self.checkpoint_id} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.school.path
        super().save(*args, **kwargs)


class PatrolDay(models.Model):
    """A school's patrol day: the rounds required, the rounds done (the fewest scans of any patrol point), and
    whether the day is over (its missed rounds count then)."""

    school = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    day = models.DateField(_("day"))
    points = models.PositiveSmallIntegerField(_("patrol points"), default=0)
    required = models.PositiveSmallIntegerField(_("rounds required"), default=0)
    done = models.PositiveSmallIntegerField(_("rounds done"), default=0)
    closed = models.BooleanField(default=False)

    objects = ScopedQuerySet.as_manager()
    owner_field = "school"

    class Meta:
        verbose_name = _("patrol day")
        verbose_name_plural = _("patrol days")
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["school", "day"], name="one_patrol_day_per_school")]

    def __str__(self) -> str:
        return f"{self.day} {self.done}/{self.required}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.school.path
        super().save(*args, **kwargs)

    @property
    def missed(self) -> int:
        return max(self.required - self.done, 0)


class GatePeriod(models.TextChoices):
    ARRIVAL = "arrival", _("Arrival")
    DISMISSAL = "dismissal", _("Dismissal")


class GateDuty(AppendOnlyModel):
    """The gate post (护学岗) at arrival or dismissal on a school day: who stood there, and whether police joined."""

    school = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    day = models.DateField(_("day"))
    period = models.CharField(pgettext_lazy("gate post", "period"), max_length=10, choices=GatePeriod.choices)
    people = models.CharField(_("on duty"), max_length=200, help_text=_("Names, separated by 、 or commas."))
    headcount = models.PositiveSmallIntegerField(_("people on duty"), default=0, editable=False)
    police = models.BooleanField(_("police or auxiliary police present"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    objects = ScopedQuerySet.as_manager()
    owner_field = "school"

    class Meta:
        verbose_name = _("gate duty")
        verbose_name_plural = _("gate duties")
        ordering = ["-day", "period"]
        constraints = [models.UniqueConstraint(fields=["school", "day", "period"], name="one_gate_duty_per_period")]

    def __str__(self) -> str:
        return f"{self.day} {self.get_period_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.school.path
        super().save(*args, **kwargs)

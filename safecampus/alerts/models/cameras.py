"""The camera network (校园天眼): each school's cameras by their GB/T 28181 ids, who watched which and how long,
and the online video patrols of a bureau or a school (a route of cameras, walked as a round)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from safecampus.core.history import history
from safecampus.core.scope import ScopedQuerySet
from safecampus.core.uploads import UploadTo

from .choices import CameraPlace


class Camera(models.Model):
    school = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    gb_id = models.CharField(_("GB/T 28181 id"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=60)
    place = models.CharField(_("place"), max_length=16, choices=CameraPlace.choices)
    plan_x = models.FloatField(_("position on the plan (across)"), null=True, blank=True)
    plan_y = models.FloatField(_("position on the plan (down)"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    ptz = models.BooleanField(_("pan-tilt-zoom"), default=False)
    police_linked = models.BooleanField(_("linked to the police"), default=False)
    retention_days = models.PositiveSmallIntegerField(_("recordings kept (days)"), default=30)
    online = models.BooleanField(_("online"), default=True)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = history()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("camera")
        verbose_name_plural = _("cameras")
        ordering = ["org_path", "name", "id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.school.path
        super().save(*args, **kwargs)

    @property
    def state(self) -> str:
        return "in_use" if self.is_active else "retired"


class LiveView(models.Model):
    """One person watching one camera: cameras film minors, so every view is kept (who, which, when, how long)."""

    camera = models.ForeignKey(Camera, on_delete=models.PROTECT, related_name="views")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(_("purpose"), max_length=20, default="live")
    started_at = models.DateTimeField(_("started at"), db_index=True)
    last_seen_at = models.DateTimeField(_("last seen at"))
    remote = models.CharField(max_length=64, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("live view")
        verbose_name_plural = _("live views")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.viewer} · {self.camera} · {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def seconds(self) -> int:
        return max(0, int((self.last_seen_at - self.started_at).total_seconds()))


class PatrolRoute(models.Model):
    """An online video patrol (网上巡查): the cameras to look through, in order, and what to look for."""

    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    name = models.CharField(_("name"), max_length=60)
    cameras = models.JSONField(_("cameras"), default=list)  # camera ids, in the order the round walks them
    checklist = models.TextField(_("what to look for"), max_length=2000, help_text=_("One point per line."))
    is_active = models.BooleanField(_("in use"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = history()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("video patrol route")
        verbose_name_plural = _("video patrol routes")
        ordering = ["org_path", "name", "id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.org.path
        super().save(*args, **kwargs)

    def points(self) -> list[str]:
        return [line.strip() for line in self.checklist.splitlines() if line.strip()]


class PatrolRound(models.Model):
    route = models.ForeignKey(PatrolRoute, on_delete=models.PROTECT, related_name="rounds")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    patroller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("video patrol round")
        verbose_name_plural = _("video patrol rounds")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.route} · {self.started_at:%Y-%m-%d %H:%M}"


class PatrolLook(models.Model):
    """One camera looked at on a round: fine, or a finding with its snapshot (which can become a hazard)."""

    round = models.ForeignKey(PatrolRound, on_delete=models.PROTECT, related_name="looks")
    camera = models.ForeignKey(Camera, on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    at = models.DateTimeField()
    ok = models.BooleanField(_("nothing found"), default=True)
    finding = models.CharField(_("finding"), max_length=500, blank=True)
    snapshot = models.FileField(_("snapshot"), upload_to=UploadTo("alerts/snapshots"), blank=True)
    hazard = models.ForeignKey("hazards.Hazard", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "camera"], name="one_look_per_camera_and_round")]

    def __str__(self) -> str:
        return f"{self.camera} · {self.at:%H:%M}"

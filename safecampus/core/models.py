from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyModel(models.Model):
    """Rows that record what happened: never changed, never deleted.

    Python refuses here; on PostgreSQL a trigger refuses too (core.signals), for raw SQL as well.
    """

    append_only = True

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError(f"{self._meta.verbose_name} rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError(f"{self._meta.verbose_name} rows are append-only.")


class ImportBatch(models.Model):
    """An uploaded Excel file, its dry-run report and, once applied, its result."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("Checked, not applied")
        INVALID = "invalid", _("Has errors")
        APPLIED = "applied", _("Applied")

    kind = models.CharField(_("import of"), max_length=20)
    filename = models.CharField(_("file"), max_length=200)
    content = models.BinaryField(_("content"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    counts = models.JSONField(_("counts"), default=dict)
    report = models.JSONField(_("report"), default=dict)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} · {self.filename}"


class Notification(models.Model):
    """An in-app message (also sent by e-mail when the user has an address)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=40, blank=True, db_index=True)
    created_at = models.DateTimeField(_("time"), db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Counter(models.Model):
    """One figure of one node: a metric (and, for dated metrics, a day) and its count.

    Every node holds the figures of its whole subtree, so a province dashboard
    reads a handful of rows instead of millions of records. The step mechanism
    keeps them current in the same transaction as the change (`core.counting`);
    `recount` checks. The table keeps the name it had when the dashboards app held it.
    """

    # No separate org index: the unique constraints lead with org, and a lone org index misleads the planner.
    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.CASCADE, related_name="counters", db_index=False)
    metric = models.CharField(_("metric"), max_length=60)
    day = models.DateField(_("day"), null=True, blank=True)
    value = models.BigIntegerField(_("value"), default=0)

    class Meta:
        db_table = "dashboards_counter"
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        constraints = [
            models.UniqueConstraint(fields=["org", "metric", "day"], name="unique_counter_with_day"),
            models.UniqueConstraint(
                fields=["org", "metric"], condition=models.Q(day__isnull=True), name="unique_counter_without_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org_id} {self.metric} {self.day or ''} = {self.value}"

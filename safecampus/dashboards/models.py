"""The dashboards read the kernel's counter store (core.Counter); they keep only the reviews they published."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewSnapshot(models.Model):
    """A bimonthly review as published once its period was over: the page, the PDF and the Excel show this, so
    they agree with each other and with what was circulated, whatever changes later."""

    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="review_snapshots")
    period = models.CharField(_("period"), max_length=7)  # 2026-5
    published_at = models.DateTimeField(_("published at"))
    data = models.JSONField()

    class Meta:
        verbose_name = _("published review")
        verbose_name_plural = _("published reviews")
        constraints = [models.UniqueConstraint(fields=["org", "period"], name="one_review_per_period")]

    def __str__(self) -> str:
        return f"{self.org_id} {self.period}"

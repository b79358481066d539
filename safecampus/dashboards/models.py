from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Counter(models.Model):
    """One figure of one node: a metric (and, for dated metrics, a day) and its count.

    Every node holds the figures of its whole subtree, so a province dashboard
    reads a handful of rows instead of millions of records. Service functions
    keep them current in the same transaction as the change; `recount` checks.
    """

    # No separate org index: the unique constraints lead with org, and a lone org index misleads the planner.
    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.CASCADE, related_name="counters", db_index=False)
    metric = models.CharField(_("metric"), max_length=60)
    day = models.DateField(_("day"), null=True, blank=True)
    value = models.BigIntegerField(_("value"), default=0)

    class Meta:
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

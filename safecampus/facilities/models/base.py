"""What every ledger record has: its school and the school's tree path, whether it is in use, and the days on
which it falls short of the rules (windows.py), computed when it is saved."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from safecampus.core.scope import ScopedQuerySet


class LedgerRecord(models.Model):
    school = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    is_active = models.BooleanField(_("in use"), default=True, db_index=True)
    retired_on = models.DateField(_("out of use since"), null=True, blank=True)
    retired_reason = models.CharField(_("why it is out of use"), max_length=200, blank=True)
    # {check code: [[start, end or null], …]}: the days the record fails each check (windows.py).
    windows = models.JSONField(default=dict, editable=False)
    # The window of all checks together that holds today or comes next (kept by the services and the daily job),
    # so a bureau's list filters the records failing now or soon in the database.
    fail_from = models.DateField(null=True, blank=True, editable=False, db_index=True)
    fail_until = models.DateField(null=True, blank=True, editable=False)
    # The first day a validity (an expiry check) fails, today or ahead: what the warn days and reminders read.
    expires_on = models.DateField(null=True, blank=True, editable=False, db_index=True)
    warned_for = models.DateField(null=True, blank=True, editable=False)  # the expiry day last warned of
    # {check code: hazard id}: the findings registered as hazards in the closed loop (one per check and record).
    hazards = models.JSONField(default=dict, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    owner_field = "school"

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.school.path
        super().save(*args, **kwargs)

    @property
    def state(self) -> str:
        """What the step mechanism reads (core.steps): in use, or out of use."""
        return "in_use" if self.is_active else "retired"

    def get_state_display(self) -> str:
        return str(_("in use") if self.is_active else _("out of use"))

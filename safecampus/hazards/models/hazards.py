"""Hazards (隐患) and everything their closed loop records."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.core import clock
from safecampus.core.history import history
from safecampus.core.models import AppendOnlyModel
from safecampus.core.scope import ScopedQuerySet

from .choices import OPEN_STATES, Area, HazardLevel, HazardSource, HazardState


def overdue_q(today: date) -> Q:
    """The one definition of overdue (逾期): open, with a deadline before `today` — computed when read, never stored.

    `Hazard.is_overdue` is the same test on one record; the counters keep open hazards by deadline day, so a
    node's overdue figure is the sum of the days before today (hazards.figures.overdue_counts).
    """
    return Q(state__in=OPEN_STATES, deadline__lt=today)


class HazardQuerySet(ScopedQuerySet):
    def open(self) -> HazardQuerySet:
        return self.filter(state__in=OPEN_STATES)


class Hazard(models.Model):
    school = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="hazards")
    org_path = models.CharField(max_length=255, editable=False)
    school_kind = models.CharField(_("school kind"), max_length=24, editable=False, db_index=True)
    place = models.CharField(_("place"), max_length=120)
    area = models.CharField(_("category"), max_length=20, choices=Area.choices)
    level = models.CharField(
        pgettext_lazy("hazard", "level"), max_length=8, choices=HazardLevel.choices, default=HazardLevel.GENERAL
    )
    source = models.CharField(_("source"), max_length=20, choices=HazardSource.choices)
    description = models.TextField(_("description"))
    found_at = models.DateTimeField(_("found at"), db_index=True)
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="hazards_found"
    )
    reporter_name = models.CharField(_("reported by (public)"), max_length=60, blank=True)
    inspection = models.ForeignKey(
        "hazards.Inspection", null=True, blank=True, on_delete=models.PROTECT, related_name="hazards"
    )
    item = models.ForeignKey(
        "hazards.ChecklistItem", null=True, blank=True, on_delete=models.PROTECT, related_name="hazards"
    )
    state = models.CharField(_("state"), max_length=12, choices=HazardState.choices, default=HazardState.DRAFT)
    reported_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    # The rectification plan (五落实: owner, measures, funds, deadline, contingency).
    owner_name = models.CharField(_("person responsible"), max_length=60, blank=True)
    measures = models.TextField(_("measures"), blank=True)
    funds = models.DecimalField(_("funds (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    contingency = models.TextField(_("contingency plan"), blank=True)
    rectification = models.TextField(_("rectification report"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, db_index=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_on_time = models.BooleanField(null=True, editable=False)
    listed_by = models.ForeignKey(
        "orgs.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="listed_hazards",
        help_text=_("The bureau supervising it (挂牌督办)."),
    )
    reopen_count = models.PositiveSmallIntegerField(default=0)
    recheck_due = models.BooleanField(_("selected for re-check"), default=False)
    escalated_at = models.DateTimeField(null=True, blank=True)
    reminded_for = models.DateField(null=True, blank=True, editable=False)

    objects = HazardQuerySet.as_manager()
    history = history(excluded_fields=["reminded_for"])

    class Meta:
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")
        ordering = ["-found_at", "-id"]
        indexes = [
            models.Index(fields=["org_path", "state"]),
            models.Index(fields=["state", "deadline"]),
            models.Index(fields=["org_path", "found_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.school.name} · {self.place}"

    @property
    def number(self) -> str:
        return f"YH{self.found_at:%Y}{self.pk:07d}"

    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def is_overdue(self, today: date) -> bool:
        """`overdue_q` for this record."""
        return self.state in OPEN_STATES and self.deadline is not None and self.deadline < today

    @property
    def overdue(self) -> bool:
        return self.is_overdue(clock.today())


class HazardEvent(AppendOnlyModel):
    """One step of a hazard's life: who did what, when, from which state to which. Append-only."""

    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="events")
    verb = models.CharField(_("step"), max_length=24)
    from_state = models.CharField(_("from"), max_length=12, blank=True)
    to_state = models.CharField(_("to"), max_length=12, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"), db_index=True)
    comment = models.TextField(_("comment"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("hazard step")
        verbose_name_plural = _("hazard steps")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.verb} {self.from_state}→{self.to_state}"


class Photo(models.Model):
    """A photo of a finding, of evidence of rectification, or of an inspection result."""

    class Kind(models.TextChoices):
        FINDING = "finding", _("Finding")
        EVIDENCE = "evidence", _("Rectification evidence")

    hazard = models.ForeignKey(Hazard, null=True, blank=True, on_delete=models.PROTECT, related_name="photos")
    result = models.ForeignKey(
        "hazards.InspectionResult", null=True, blank=True, on_delete=models.PROTECT, related_name="photos"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FINDING)
    file = models.FileField(upload_to="photos/%Y/%m/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.file.name


class Extension(models.Model):
    """A request to move a hazard's deadline, decided by the level above."""

    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="extensions")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    old_deadline = models.DateField(_("old deadline"))
    new_deadline = models.DateField(_("requested deadline"))
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    approved = models.BooleanField(null=True)
    decision_note = models.TextField(blank=True)

    history = history()

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.hazard_id}: {self.old_deadline} → {self.new_deadline}"


class Listing(models.Model):
    """挂牌督办: a city or province takes a major hazard under formal supervision."""

    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="listings")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    listed_by = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="listings")
    notice_no = models.CharField(_("notice number"), max_length=60)
    supervising_unit = models.CharField(_("supervising unit"), max_length=120)
    deadline = models.DateField(_("rectification deadline"))
    accept_by = models.DateField(_("acceptance due by"))
    listed_at = models.DateTimeField()
    listed_by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    end_reason = models.CharField(max_length=200, blank=True)
    acceptance_overdue_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("supervised listing")
        verbose_name_plural = _("supervised listings")
        ordering = ["-listed_at"]

    def __str__(self) -> str:
        return f"{self.notice_no} · {self.hazard_id}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None

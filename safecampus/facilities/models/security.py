"""The security baseline (三个/四个100%), guards (保安) and liability insurance (校方责任险) of a school, and the
school's security profile: the figures computed from them that count on the tree."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.core import clock, uploads
from safecampus.core.history import history
from safecampus.core.models import AppendOnlyModel
from safecampus.core.scope import ScopedQuerySet

from .base import LedgerRecord

licence_number = RegexValidator(
    r"^[\u4e00-\u9fa5]?[0-9A-Za-z\-]{6,24}$",
    _("Give the number as printed: a province character if it has one, then 6–24 letters, digits or hyphens."),
)


class BaselineKind(models.TextChoices):
    CLOSED_CAMPUS = "closed_campus", _("Closed campus management")
    GUARDS = "guards", _("Full-time guards")
    ALARM = "alarm", _("One-key emergency alarm")
    VIDEO = "video", _("Video surveillance linked to the police")


class BaselineItem(models.Model):
    """One of the four baseline items at one school: met or not, checked on a day, with its evidence."""

    school = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    item = models.CharField(_("item"), max_length=16, choices=BaselineKind.choices)
    met = models.BooleanField(_("met"), default=False)
    checked_on = models.DateField(_("checked on"))
    evidence = models.FileField(
        _("evidence"), upload_to=uploads.UploadTo("facilities/baseline"), blank=True, max_length=200
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = history()
    objects = ScopedQuerySet.as_manager()
    owner_field = "school"

    class Meta:
        verbose_name = _("baseline item")
        verbose_name_plural = _("baseline items")
        constraints = [models.UniqueConstraint(fields=["school", "item"], name="one_baseline_item_per_school")]

    def __str__(self) -> str:
        return self.get_item_display()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.school.path
        super().save(*args, **kwargs)


class GuardPost(models.TextChoices):
    GATE = "gate", _("Gate")
    PATROL = "patrol", _("Patrol")
    DORM = "dorm", _("Dormitory")
    MONITOR = "monitor", _("Monitoring room")


class Guard(LedgerRecord):
    name = models.CharField(pgettext_lazy("person", "name"), max_length=40)
    birth_date = models.DateField(_("date of birth"))
    licence_no = models.CharField(
        _("guard licence number"),
        max_length=24,
        blank=True,
        validators=[licence_number],
        help_text=_("保安员证 number; a guard without one is a finding."),
    )
    employer = models.CharField(_("employer"), max_length=80, help_text=_("The school itself or the security company."))
    hired_on = models.DateField(_("hired on"))
    full_time = models.BooleanField(_("full-time"), default=True)
    post = models.CharField(_("post"), max_length=10, choices=GuardPost.choices, default=GuardPost.GATE)
    trained_on = models.DateField(_("last trained on"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    history = history()

    class Meta:
        verbose_name = _("guard")
        verbose_name_plural = _("guards")
        ordering = ["-is_active", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class InsurancePolicy(LedgerRecord):
    number = models.CharField(_("policy number"), max_length=40)
    insurer = models.CharField(_("insurer"), max_length=80)
    starts_on = models.DateField(_("cover starts on"))
    ends_on = models.DateField(_("cover ends on"), help_text=_("The last day covered."))
    premium = models.DecimalField(
        _("premium (yuan)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    paid = models.BooleanField(_("premium paid"), default=False)

    history = history()

    class Meta:
        verbose_name = _("liability insurance policy")
        verbose_name_plural = _("liability insurance policies")
        ordering = ["-ends_on", "pk"]

    def __str__(self) -> str:
        return self.number


class SecurityProfile(models.Model):
    """One per school: what counts on the tree from its baseline, guards and insurance (refreshed by the services
    that change them, and daily for rule and school-size changes)."""

    school = models.OneToOneField("orgs.OrgUnit", primary_key=True, on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    boarders = models.PositiveIntegerField(
        _("boarding students"),
        default=0,
        validators=[MaxValueValidator(100_000)],
        help_text=_("The guard rules count the students who do not board."),
    )
    guards_required = models.PositiveSmallIntegerField(_("guards required"), default=0, editable=False)
    guards_full_time = models.PositiveSmallIntegerField(_("full-time guards"), default=0, editable=False)
    baseline_met = models.JSONField(default=list, editable=False)  # the BaselineKind values met
    insurance_windows = models.JSONField(default=list, editable=False)  # the days without cover (windows.py)
    # The first failing day of any of the school's records in use (today or later), for the desk.
    findings_from = models.DateField(null=True, blank=True, editable=False)
    # What the figures were computed from, so the daily job refreshes only the schools whose size or rules moved.
    students = models.PositiveIntegerField(default=0, editable=False)
    staff = models.PositiveIntegerField(default=0, editable=False)
    rules_stamp = models.CharField(max_length=40, blank=True, editable=False)
    lapse_from = models.DateField(null=True, blank=True, editable=False)  # the first day after the last cover
    # The days without cover that hold today or come next (kept by refresh and the daily job), for lists' filters.
    gap_from = models.DateField(null=True, blank=True, editable=False)
    gap_until = models.DateField(null=True, blank=True, editable=False)
    warned_for = models.DateField(null=True, blank=True, editable=False)  # the lapse day last warned of
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    owner_field = "school"

    class Meta:
        verbose_name = _("security profile")
        verbose_name_plural = _("security profiles")

    def __str__(self) -> str:
        return str(self.school)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.school.path
        super().save(*args, **kwargs)

    @property
    def findings_now(self) -> bool:
        """A record of the school fails a rule today (not only soon)."""
        return self.findings_from is not None and self.findings_from <= clock.today()


class GuardTraining(AppendOnlyModel):
    """One training a guard attended (the guard's last training day follows the newest)."""

    guard = models.ForeignKey(Guard, on_delete=models.PROTECT, related_name="trainings")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    day = models.DateField(_("day"))
    course = models.CharField(_("course"), max_length=120)
    hours = models.DecimalField(
        _("hours"), max_digits=4, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    provider = models.CharField(_("provider"), max_length=80, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("guard training")
        verbose_name_plural = _("guard trainings")
        ordering = ["-day", "-pk"]

    def __str__(self) -> str:
        return f"{self.day} {self.course}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.guard.org_path
        super().save(*args, **kwargs)

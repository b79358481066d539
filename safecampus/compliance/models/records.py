"""Compliance duties (obligations) and the records that fulfil them: drills, education moments, and occurrences.

An obligation is a rule row (obligations.py); an occurrence is what one owner owes for one period of it — due,
done on time, done late, missing once the period closes, or excused — kept current from the records.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.core import uploads
from safecampus.core.history import history
from safecampus.core.scope import ScopedQuerySet


class DrillKind(models.TextChoices):
    EVACUATION = "evacuation", _("Evacuation")
    FIRE = "fire", _("Fire")
    EARTHQUAKE = "earthquake", _("Earthquake")
    STAMPEDE = "stampede", _("Stampede prevention")
    BUS = "bus", _("School bus evacuation")
    NIGHT = "night", _("Night evacuation (dormitory)")
    OTHER = "other", _("Other emergency")


class ActivityKind(models.TextChoices):
    FIRST_LESSON = "first_lesson", _("First safety lesson of the term")
    HOLIDAY_WARNING = "holiday_warning", _("Safety warning before a holiday")
    DROWNING_REMINDER = "drowning_reminder", _("Drowning-prevention reminder to parents")
    FIRE_LESSON = "fire_lesson", _("Fire-safety lesson in military training")
    SAFETY_DAY = "safety_day", _("National safety education day activity")


class RecordState(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class OccurrenceState(models.TextChoices):
    OPEN = "open", pgettext_lazy("duty", "Due")
    DONE = "done", pgettext_lazy("duty", "Done on time")
    LATE = "late", pgettext_lazy("duty", "Done late")
    EXCUSED = "excused", pgettext_lazy("duty", "Excused")


class SchoolRecord(models.Model):
    """What every record of a school keeps: where, when it was held, who entered it and when (timeliness)."""

    school = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    held_on = models.DateField(_("held on"), db_index=True)
    state = models.CharField(_("state"), max_length=10, choices=RecordState.choices, default=RecordState.RECORDED)
    withdrawn_reason = models.TextField(_("why it was withdrawn"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.school.path
        super().save(*args, **kwargs)


class Drill(SchoolRecord):
    """An emergency drill (应急演练): kind, when, whether unannounced, who took part, how fast, what was learned."""

    kind = models.CharField(_("kind of drill"), max_length=12, choices=DrillKind.choices)
    unannounced = models.BooleanField(
        _("unannounced (四不 drill)"),
        default=False,
        help_text=_(
            "No notice, no script, no set scene, no set place (不提前通知、不设定脚本、不预设场景、不预设地点)."
        ),
    )
    buildings = models.CharField(_("buildings"), max_length=200, blank=True)
    floors = models.PositiveSmallIntegerField(
        _("highest floor evacuated"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    students = models.PositiveIntegerField(_("students taking part"), default=0, validators=[MaxValueValidator(50000)])
    staff = models.PositiveIntegerField(_("staff taking part"), default=0, validators=[MaxValueValidator(5000)])
    evacuation_seconds = models.PositiveIntegerField(
        _("evacuation time (seconds)"), null=True, blank=True, validators=[MaxValueValidator(3600)]
    )
    observers = models.CharField(_("observers invited"), max_length=200, blank=True)
    review = models.TextField(_("review"), blank=True)
    lessons = models.TextField(_("lessons and problems found"), blank=True)

    history = history()

    class Meta:
        verbose_name = _("drill")
        verbose_name_plural = _("drills")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["school", "held_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class DrillPhoto(models.Model):
    drill = models.ForeignKey(Drill, on_delete=models.PROTECT, related_name="photos")
    file = models.FileField(_("photo"), upload_to=uploads.UploadTo("compliance/drills"))
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("drill photo")
        verbose_name_plural = _("drill photos")

    def __str__(self) -> str:
        return self.file.name


class Activity(SchoolRecord):
    """An education moment (安全教育活动): a first lesson, a holiday warning, a reminder to parents…"""

    kind = models.CharField(_("kind of activity"), max_length=20, choices=ActivityKind.choices)
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    participants = models.PositiveIntegerField(_("participants"), default=0, validators=[MaxValueValidator(50000)])
    summary = models.TextField(_("what was done"), blank=True)

    history = history()

    class Meta:
        verbose_name = _("education activity")
        verbose_name_plural = _("education activities")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["school", "held_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class Occurrence(models.Model):
    """What one owner owes one obligation for one period, and how far the records fulfil it.

    `on_time` and `late` are recounted from the records whenever one changes (never incremented), so they cannot
    drift; "missing" is read, not stored: an open occurrence whose period closed before today."""

    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    # Set for a duty each person owes (training hours): the school owns the occurrence, the person owes it.
    trainee = models.ForeignKey(
        "compliance.Trainee", null=True, blank=True, on_delete=models.PROTECT, related_name="occurrences"
    )
    obligation = models.CharField(_("obligation"), max_length=40, db_index=True)
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    due_by = models.DateField(_("on time until"))
    closes_on = models.DateField(_("closes on"), db_index=True)
    required = models.PositiveSmallIntegerField(_("times required"), default=1)
    on_time = models.PositiveSmallIntegerField(_("done on time"), default=0)
    late = models.PositiveSmallIntegerField(_("done late"), default=0)
    state = models.CharField(
        _("state"), max_length=10, choices=OccurrenceState.choices, default=OccurrenceState.OPEN, db_index=True
    )
    excused_reason = models.TextField(_("why it is excused"), blank=True)
    excused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    excused_at = models.DateTimeField(_("excused at"), null=True, blank=True)
    # Each reminder goes once: before the on-time window ends, and when the period closes with nothing done.
    reminded = models.BooleanField(default=False, editable=False)
    escalated = models.BooleanField(default=False, editable=False)

    history = history()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("duty occurrence")
        verbose_name_plural = _("duty occurrences")
        ordering = ["-period_start", "obligation", "org_path"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "obligation", "period_start"],
                condition=models.Q(trainee__isnull=True),
                name="one_occurrence_per_period",
            ),
            models.UniqueConstraint(
                fields=["trainee", "obligation", "period_start"],
                condition=models.Q(trainee__isnull=False),
                name="one_occurrence_per_person_and_period",
            ),
        ]
        indexes = [models.Index(fields=["obligation", "period_start"])]

    def __str__(self) -> str:
        return f"{self.obligation} {self.period_start}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.org.path
        super().save(*args, **kwargs)

    def shown_state(self, today: Any) -> str:
        """open → "missing" once the period has closed, "overdue" once the on-time window has passed."""
        if self.state != OccurrenceState.OPEN:
            return self.state
        if self.closes_on < today:
            return "missing"
        if self.due_by < today:
            return "overdue"
        return "open"

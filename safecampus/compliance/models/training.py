"""Safety training (安全培训): the school's people by post, each training they attended and for how many hours.

Each person owes hours a year by post (rule rows); their occurrence counts hours in tenths, so 9.5 hours against 10
is short by 0.5 — nothing is rounded."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from safecampus.core.history import history
from safecampus.core.scope import ScopedQuerySet

from .records import SchoolRecord


class Post(models.TextChoices):
    PRINCIPAL = "principal", _("Principal or vice-principal")
    SAFETY_LEAD = "safety_lead", _("Safety vice-principal or head of safety")
    CLASS_TEACHER = "class_teacher", _("Class teacher")
    TEACHER = "teacher", _("Teacher")
    SPECIAL = "special", _("Fire, construction, laboratory, workshop or kitchen staff")
    OTHER = "other", _("Other staff")
    # A bureau's own people: the heads of its departments and directly run units (seed 001: 3 days a year).
    UNIT_HEAD = "unit_head", _("Head of a bureau department or directly run unit")


def posts_at(level: str) -> list[tuple[str, Any]]:
    """The posts a unit's roster offers: a bureau's heads of units, or a school's staff."""
    if level == "school":
        return [choice for choice in Post.choices if choice[0] != Post.UNIT_HEAD]
    return [choice for choice in Post.choices if choice[0] == Post.UNIT_HEAD]


class Trainee(models.Model):
    """One of the school's people whose safety training is counted (not an account: most teachers have none)."""

    school = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    name = models.CharField(_("name"), max_length=40)
    post = models.CharField(_("post"), max_length=16, choices=Post.choices)
    appointed_on = models.DateField(
        _("appointed on"), null=True, blank=True, help_text=_("For a new principal: the training on appointment.")
    )
    is_active = models.BooleanField(_("still at the school"), default=True)

    history = history()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["post", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["school", "name", "post"], name="one_trainee_per_name_and_post")]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_post_display()}）"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.school.path
        super().save(*args, **kwargs)


class Training(SchoolRecord):
    """A training session: course, provider, day and hours; who attended is in its attendances."""

    course = models.CharField(_("course"), max_length=120)
    provider = models.CharField(_("provider"), max_length=120, blank=True)
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("12"))],
    )

    history = history()

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.course} {self.held_on}"


class Attendance(models.Model):
    training = models.ForeignKey(Training, on_delete=models.PROTECT, related_name="attendances")
    trainee = models.ForeignKey(Trainee, on_delete=models.PROTECT, related_name="attendances")
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    certificate = models.CharField(_("certificate number"), max_length=60, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["training", "trainee"], name="one_attendance_per_trainee")]

    def __str__(self) -> str:
        return f"{self.trainee} · {self.training}"

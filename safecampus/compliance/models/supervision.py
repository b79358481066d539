"""Supervision plans (年度监督检查计划): a bureau's yearly plan naming, for each school, who supervises it, how many
visits a year and what is checked. Published, its visits become due inspections of the inspection mechanism (an
inspection plan of kind "supervision" and one due inspection per visit), so a missed visit shows as one."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.core.history import history
from safecampus.core.scope import ScopedQuerySet


class PlanState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("supervision plan", "Draft")
    PUBLISHED = "published", pgettext_lazy("supervision plan", "Published")


class SupervisionPlan(models.Model):
    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=120)
    checklist = models.ForeignKey("hazards.Checklist", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=PlanState.choices, default=PlanState.DRAFT)
    inspection_plan = models.OneToOneField(
        "hazards.InspectionPlan", null=True, blank=True, on_delete=models.PROTECT, related_name="supervision"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    history = history()
    objects = ScopedQuerySet.as_manager()
    owner_field = "org"

    class Meta:
        verbose_name = _("supervision plan")
        verbose_name_plural = _("supervision plans")
        ordering = ["-year", "org_path", "id"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="one_supervision_plan_a_year")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.org.path
        super().save(*args, **kwargs)


class Assignment(models.Model):
    """One school of the plan: its supervisor (an account of the bureau), visits a year, what is checked."""

    plan = models.ForeignKey(SupervisionPlan, on_delete=models.PROTECT, related_name="assignments")
    school = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    visits = models.PositiveSmallIntegerField(
        _("visits a year"), default=2, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    focus = models.CharField(_("what is checked"), max_length=200, blank=True)

    history = history()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("supervised school")
        verbose_name_plural = _("supervised schools")
        ordering = ["plan", "org_path"]
        constraints = [models.UniqueConstraint(fields=["plan", "school"], name="one_assignment_per_school")]

    def __str__(self) -> str:
        return f"{self.plan} · {self.school}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.school.path
        super().save(*args, **kwargs)

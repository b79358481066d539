"""Inspections (排查): plans that make schools' due inspections, and the inspections themselves."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from safecampus.core.history import history
from safecampus.core.scope import ScopedQuerySet

from .choices import InspectionKind


class InspectionPlanQuerySet(ScopedQuerySet):
    def for_node(self, user: Any, org: Any) -> InspectionPlanQuerySet:
        """The plans a node's page lists: those of the bureaus above it (they apply to its schools) and those
        made inside it that the user may read."""
        return (self.filter(owner_path__in=org.ancestor_paths()) | self.visible_within(user, org.path)).distinct()


class InspectionPlan(models.Model):
    """A bureau schedules inspections for the schools of its subtree."""

    owner = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="inspection_plans")
    owner_path = models.CharField(max_length=255, db_index=True, editable=False)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("inspection kind"), max_length=20, choices=InspectionKind.choices)
    checklist = models.ForeignKey("hazards.Checklist", on_delete=models.PROTECT, related_name="plans")
    start_date = models.DateField(_("from"))
    due_date = models.DateField(_("due by"))
    school_kinds = models.JSONField(_("school kinds"), default=list, blank=True, help_text=_("Empty: all schools."))
    sample_percent = models.PositiveSmallIntegerField(
        _("share of schools (%)"), default=100, help_text=_("100 = every school; 10 = a random tenth of each county.")
    )
    repeat_months = models.PositiveSmallIntegerField(
        _("repeat every (months)"), default=0, help_text=_("0 = once. The next round is scheduled when one ends.")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = InspectionPlanQuerySet.as_manager()
    history = history()
    scope_path_field = "owner_path"

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-due_date", "id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.owner_path = self.owner.path
        super().save(*args, **kwargs)


class InspectionTaskQuerySet(ScopedQuerySet):
    def undone(self) -> InspectionTaskQuerySet:
        """Not done: no submitted inspection fulfils it yet (`done_at` is set when one does)."""
        return self.filter(done_at__isnull=True)

    def missing(self, today: Any) -> InspectionTaskQuerySet:
        """Not done and its due day has passed (what completeness counts against)."""
        return self.undone().filter(due_date__lt=today)


class InspectionTask(models.Model):
    """One school's due inspection under a plan; done when an inspection fulfils it."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.PROTECT, related_name="tasks")
    school = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="inspection_tasks")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    inspecting_org = models.ForeignKey(
        "orgs.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_inspections",
        help_text=_("For a cross-check: the school that inspects."),
    )
    due_date = models.DateField(_("due by"), db_index=True)
    round = models.PositiveSmallIntegerField(default=1)
    inspection = models.OneToOneField(
        "hazards.Inspection", null=True, blank=True, on_delete=models.PROTECT, related_name="task"
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    objects = InspectionTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("due inspection")
        verbose_name_plural = _("due inspections")
        ordering = ["due_date", "org_path"]
        constraints = [models.UniqueConstraint(fields=["plan", "school", "round"], name="one_task_per_school_round")]

    def __str__(self) -> str:
        return f"{self.plan.name} · {self.school.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.school.path
        super().save(*args, **kwargs)

    @property
    def outcome(self) -> str:
        """on_time, late, missing (its day has passed undone) or pending: as the counters and the task filter count.

        Done is `done_at` set (the inspection that fulfils it was submitted); on time compares local days.
        """
        from safecampus.core import clock
        from safecampus.core.counting import local_day

        if self.done_at is not None:
            return "on_time" if local_day(self.done_at) <= self.due_date else "late"
        return "missing" if self.due_date < clock.today() else "pending"


class InspectionQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> InspectionQuerySet:
        """The user's area, plus inspections they were assigned to (experts have no standing area)."""
        scoped = super().visible_to(user)
        if not getattr(user, "is_authenticated", False):
            return scoped
        return (scoped | self.filter(inspectors=user)).distinct()


class Inspection(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("inspection kind"), max_length=20, choices=InspectionKind.choices)
    school = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="inspections")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    inspecting_org = models.ForeignKey(
        "orgs.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="inspections_made"
    )
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="inspections", blank=True)
    is_unannounced = models.BooleanField(_("unannounced (四不两直)"), default=False)
    checklist_version = models.ForeignKey(
        "hazards.ChecklistVersion", on_delete=models.PROTECT, related_name="inspections"
    )
    date = models.DateField(_("date"), db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    failed_count = models.PositiveIntegerField(_("failed items"), default=0)
    major_failed_count = models.PositiveIntegerField(_("failed major criteria"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    objects = InspectionQuerySet.as_manager()
    history = history(m2m_fields=[inspectors])

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.school.name} · {self.date}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.school.path
        super().save(*args, **kwargs)


class InspectionResult(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", _("Not yet checked")
        PASS = "pass", _("Pass")
        FAIL = "fail", _("Fail")
        NOT_APPLICABLE = "na", _("Not applicable")

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="results")
    item = models.ForeignKey("hazards.ChecklistItem", on_delete=models.PROTECT, related_name="results")
    outcome = models.CharField(_("result"), max_length=8, choices=Outcome.choices, default=Outcome.PENDING)
    note = models.TextField(_("note"), blank=True)
    place = models.CharField(_("place"), max_length=80, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("inspection result")
        verbose_name_plural = _("inspection results")
        ordering = ["inspection", "item__order", "item__code"]
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="one_result_per_item")]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.outcome}"

"""The risk register (风险清单) of a school: its risk points, their risks, each risk's evaluations and measures."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from safecampus.core import uploads
from safecampus.core.history import history
from safecampus.core.models import AppendOnlyModel
from safecampus.core.scope import ScopedQuerySet

from .choices import (
    AccidentType,
    ControlLevel,
    DirectReason,
    FactorClass,
    Grade,
    MeasureKind,
    Method,
    PointCategory,
    PointKind,
    RiskState,
    Stage,
)


class Register(models.Model):
    """One per school with a risk point: what a bureau counts per school (has a register, reviews overdue)."""

    school = models.OneToOneField("orgs.OrgUnit", on_delete=models.PROTECT, related_name="risk_register")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    points_live = models.PositiveIntegerField(_("risk points in use"), default=0)
    # The earliest review due of the school's published risks: the school counts as overdue from the day after.
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)
    # The site plan the four-colour map is drawn over (an image; its size in pixels keeps the map's proportions).
    plan = models.FileField(_("site plan"), upload_to=uploads.UploadTo("risks/plans", also=("svg",)), blank=True)
    plan_width = models.PositiveIntegerField(default=0, editable=False)
    plan_height = models.PositiveIntegerField(default=0, editable=False)
    plan_uploaded_at = models.DateTimeField(_("site plan uploaded at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk register")
        verbose_name_plural = _("risk registers")

    def __str__(self) -> str:
        return f"{self.school_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.school.path
        super().save(*args, **kwargs)


class RiskPoint(models.Model):
    """A place, facility or activity of a school where risks lie (风险点)."""

    school = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="risk_points")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("type"), max_length=10, choices=PointKind.choices)
    category = models.CharField(_("category"), max_length=16, choices=PointCategory.choices)
    place = models.CharField(_("place"), max_length=120, blank=True)
    responsible_post = models.CharField(_("responsible post"), max_length=60)
    responsible_person = models.CharField(_("responsible person"), max_length=40)
    responsible_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    # Where it sits on the school's site plan, as fractions of the plan's width and height (0–1).
    plan_x = models.FloatField(_("position on the plan (across)"), null=True, blank=True)
    plan_y = models.FloatField(_("position on the plan (down)"), null=True, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created at"))

    history = history()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk point")
        verbose_name_plural = _("risk points")
        ordering = ["org_path", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="one_risk_point_name_per_school"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.school.path
        super().save(*args, **kwargs)


class Risk(models.Model):
    """One risk at a risk point: the hazard factor, what could happen, its colour now and after measures."""

    point = models.ForeignKey(RiskPoint, on_delete=models.PROTECT, related_name="risks", verbose_name=_("risk point"))
    school = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="risks")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    factor = models.CharField(_("hazard factor"), max_length=200)
    factor_class = models.CharField(_("factor class"), max_length=12, choices=FactorClass.choices)
    accident_type = models.CharField(_("possible accident"), max_length=12, choices=AccidentType.choices)
    consequences = models.TextField(_("possible consequences"), blank=True)
    emergency_steps = models.TextField(_("emergency steps"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=RiskState.choices, default=RiskState.IDENTIFIED)
    grade = models.CharField(_("colour"), max_length=6, choices=Grade.choices, blank=True, db_index=True)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=1, null=True, blank=True)
    residual_grade = models.CharField(_("residual colour"), max_length=6, choices=Grade.choices, blank=True)
    residual_score = models.DecimalField(_("residual score"), max_digits=8, decimal_places=1, null=True, blank=True)
    control_level = models.CharField(_("control level"), max_length=12, choices=ControlLevel.choices, blank=True)
    review_due = models.DateField(_("review due"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("last reviewed"), null=True, blank=True)
    needs_reassessment = models.CharField(_("reassessment asked for"), max_length=200, blank=True)
    out_of_control = models.BooleanField(_("out of control"), default=False)
    out_of_control_since = models.DateTimeField(_("out of control since"), null=True, blank=True)
    out_of_control_reason = models.CharField(_("why it is out of control"), max_length=200, blank=True)
    # Listed for supervision by a city or the province (like a major hazard's 挂牌督办).
    listed_by = models.ForeignKey(
        "orgs.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="listed_risks"
    )
    listed_at = models.DateTimeField(_("listed at"), null=True, blank=True)
    hazards = models.ManyToManyField("hazards.Hazard", blank=True, related_name="risks")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("identified at"))

    history = history()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["org_path", "point__name", "id"]
        indexes = [models.Index(fields=["org_path", "grade"])]

    def __str__(self) -> str:
        return f"{self.number} {self.factor}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.school.path
        super().save(*args, **kwargs)

    @property
    def number(self) -> str:
        return f"FX{self.pk or 0:06d}"


class RiskEvaluation(AppendOnlyModel):
    """One scoring of a risk (风险评价), with the method, its version and the band table it was scored with."""

    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="evaluations")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    method = models.CharField(_("method"), max_length=8, choices=Method.choices)
    method_version = models.CharField(_("method version"), max_length=20)
    factors = models.JSONField(_("factors"), default=dict)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=1, null=True, blank=True)
    grade = models.CharField(_("colour"), max_length=6, choices=Grade.choices)
    bands = models.JSONField(_("band table used"), default=dict)
    bands_source = models.CharField(_("band table set by"), max_length=120, blank=True)
    direct_reason = models.CharField(_("direct reason"), max_length=16, choices=DirectReason.choices, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    evaluated_at = models.DateTimeField(_("evaluated at"))

    class Meta:
        verbose_name = _("risk evaluation")
        verbose_name_plural = _("risk evaluations")
        ordering = ["evaluated_at", "id"]

    def __str__(self) -> str:
        return f"{self.risk_id} {self.stage} {self.grade}"


class ControlMeasure(models.Model):
    """A control measure of a risk (管控措施), with the post that owns it; optionally checked on a cadence."""

    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="measures")
    kind = models.CharField(_("type"), max_length=12, choices=MeasureKind.choices)
    text = models.CharField(_("measure"), max_length=300)
    owner_post = models.CharField(_("owner post"), max_length=60)
    check_every_days = models.PositiveIntegerField(
        _("checked every (days)"), null=True, blank=True, help_text=_("Leave empty when the measure needs no check.")
    )
    is_active = models.BooleanField(_("in force"), default=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("added at"))

    history = history()

    class Meta:
        verbose_name = _("control measure")
        verbose_name_plural = _("control measures")
        ordering = ["risk_id", "id"]

    def __str__(self) -> str:
        return self.text


class RiskEvent(AppendOnlyModel):
    """Who took which step on a risk, when (the risk's 办理过程)."""

    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="events")
    verb = models.CharField(_("step"), max_length=24)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"), db_index=True)
    comment = models.TextField(_("comment"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("risk step")
        verbose_name_plural = _("risk steps")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.risk_id} {self.verb}"

    @property
    def verb_label(self) -> str:
        from safecampus.core.history import reason_label

        return str(reason_label(self.verb))


class MeasureCheck(models.Model):
    """One due check of a control measure (e.g. the weekly test of a gas alarm): due on a day, then done."""

    measure = models.ForeignKey(ControlMeasure, on_delete=models.PROTECT, related_name="checks")
    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="checks")
    school = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="measure_checks")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    status = models.CharField(
        _("state"),
        max_length=10,
        choices=[("due", _("Due")), ("done", _("Done")), ("cancelled", _("Cancelled"))],
        default="due",
        db_index=True,
    )
    due_on = models.DateField(_("due on"), db_index=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    passed = models.BooleanField(_("the measure works"), null=True, blank=True)
    note = models.TextField(_("what the check found"), blank=True)

    history = history()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure check")
        verbose_name_plural = _("measure checks")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.due_on}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.school.path
        super().save(*args, **kwargs)

    @property
    def overdue(self) -> bool:
        from safecampus.core import clock

        return self.status == "due" and self.due_on < clock.today()

    @property
    def on_time(self) -> bool:
        from safecampus.core.counting import local_day

        return self.done_at is not None and local_day(self.done_at) <= self.due_on

"""Acceptance against an index system (达标验收) and safe-campus titles (平安校园).

A scheme (AssessmentScheme) is a versioned tree of indicators a bureau publishes
for its area. A school's Assessment against it is self-scored with evidence,
reviewed and scored on site by the county (its score counts), then accepted or
failed by the scheme's accepting level; a pass is valid for a period and, for a
safe-campus scheme, awards a Title that can be flagged for review and revoked.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.core import uploads
from safecampus.core.history import history
from safecampus.core.models import AppendOnlyModel
from safecampus.core.scope import ScopedQuerySet


class SchemeKind(models.TextChoices):
    RISK = "risk", _("Campus safety risk assessment acceptance")
    SAFE_CAMPUS = "safe_campus", _("Safe campus (平安校园) creation standard")


class AssessmentState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("assessment state", "Self-assessing")
    SUBMITTED = "submitted", pgettext_lazy("assessment state", "Submitted for review")
    REVIEWED = "reviewed", pgettext_lazy("assessment state", "Reviewed by the county")
    PASSED = "passed", pgettext_lazy("assessment state", "Passed")
    FAILED = "failed", pgettext_lazy("assessment state", "Failed")


class Stage(models.TextChoices):
    SELF = "self", _("Self-assessment")
    REVIEW = "review", _("County review")


class AssessmentScheme(models.Model):
    """An index system a bureau publishes for its area; a new version is a new row (assessments keep theirs)."""

    code = models.CharField(_("code"), max_length=40)
    version = models.PositiveIntegerField(_("version"), default=1)
    kind = models.CharField(_("kind"), max_length=12, choices=SchemeKind.choices)
    name = models.CharField(_("name"), max_length=120)
    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="assessment_schemes")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    pass_score = models.DecimalField(_("pass mark"), max_digits=5, decimal_places=1, default=Decimal("80"))
    accept_level = models.CharField(_("accepted by"), max_length=10, default="city")
    description = models.TextField(_("description"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    history = history()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["kind", "code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="one_scheme_version")]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.org.path
        super().save(*args, **kwargs)


class Indicator(models.Model):
    """One element of a scheme: a first-level element groups second-level ones, which carry the points."""

    scheme = models.ForeignKey(AssessmentScheme, on_delete=models.PROTECT, related_name="indicators")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    code = models.CharField(_("number"), max_length=12)
    title = models.CharField(_("element"), max_length=120)
    requirement = models.TextField(_("requirement"), blank=True)
    how_to_score = models.TextField(_("how to score"), blank=True)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=1, default=Decimal("0"))
    allows_na = models.BooleanField(_("may be not applicable"), default=False)
    is_veto = models.BooleanField(_("veto indicator (一票否决)"), default=False)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["scheme_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="one_indicator_code_per_scheme")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Assessment(models.Model):
    """A school's acceptance against one scheme version (风险评估达标验收 / 平安校园评估)."""

    scheme = models.ForeignKey(AssessmentScheme, on_delete=models.PROTECT, related_name="assessments")
    # The scheme's kind, kept on the row so counting and recounting read no join.
    scheme_kind = models.CharField(max_length=12, choices=SchemeKind.choices, editable=False)
    school = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="assessments")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    state = models.CharField(_("state"), max_length=10, choices=AssessmentState.choices, default=AssessmentState.DRAFT)
    self_score = models.DecimalField(_("self-assessed score"), max_digits=5, decimal_places=1, null=True, blank=True)
    review_score = models.DecimalField(_("county's score"), max_digits=5, decimal_places=1, null=True, blank=True)
    veto_failed = models.BooleanField(_("a veto indicator failed"), default=False)
    started_at = models.DateTimeField(_("started at"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reason = models.TextField(_("reasons"), blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = history()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("acceptance assessment")
        verbose_name_plural = _("acceptance assessments")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {self.scheme.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.school.path
        self.scheme_kind = self.scheme.kind
        super().save(*args, **kwargs)

    @property
    def number(self) -> str:
        return f"YS{self.pk or 0:06d}"


class IndicatorScore(models.Model):
    """The points one stage gives one indicator (or "not applicable"), with a note; evidence files hang on it."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="scores")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("stage"), max_length=8, choices=Stage.choices)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=1, null=True, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    veto_hit = models.BooleanField(_("the veto applies (fails the assessment)"), default=False)
    note = models.TextField(_("note"), blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scored_at = models.DateTimeField(_("scored at"))

    history = history()

    class Meta:
        verbose_name = _("indicator score")
        verbose_name_plural = _("indicator scores")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator", "stage"], name="one_score_per_stage"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.indicator_id} {self.stage}"


class Evidence(AppendOnlyModel):
    """A photo or file a school attaches to an indicator of its self-assessment."""

    score = models.ForeignKey(IndicatorScore, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(_("file"), upload_to=uploads.UploadTo("risks/evidence"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("added at"))

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.file.name


class AssessmentEvent(AppendOnlyModel):
    """Who took which step on an assessment, when."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="events")
    verb = models.CharField(_("step"), max_length=24)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"))
    comment = models.TextField(_("comment"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("assessment step")
        verbose_name_plural = _("assessment steps")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.verb}"

    @property
    def verb_label(self) -> str:
        from safecampus.core.history import reason_label

        return str(reason_label(self.verb))


class TitleState(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("title state", "Held")
    UNDER_REVIEW = "under_review", pgettext_lazy("title state", "Under review")
    REVOKED = "revoked", pgettext_lazy("title state", "Revoked")


class Title(models.Model):
    """A safe-campus title (平安校园称号) awarded on a pass, valid for a period, reviewable and revocable."""

    school = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="safe_campus_titles")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    assessment = models.OneToOneField(Assessment, on_delete=models.PROTECT, related_name="title")
    state = models.CharField(_("state"), max_length=14, choices=TitleState.choices, default=TitleState.ACTIVE)
    awarded_at = models.DateTimeField(_("awarded at"))
    valid_until = models.DateField(_("valid until"))
    review_reason = models.CharField(_("why it is under review"), max_length=200, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoke_reason = models.TextField(_("why it was revoked"), blank=True)

    history = history()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("safe campus title")
        verbose_name_plural = _("safe campus titles")
        ordering = ["-awarded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.school_id} {self.valid_until}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.school.path
        super().save(*args, **kwargs)

"""Incidents (安全事件) and what their direct reporting records."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from safecampus.core import uploads
from safecampus.core.history import history
from safecampus.core.models import AppendOnlyModel
from safecampus.core.scope import ScopedQuerySet

from .choices import Category, Fault, Grade, Harm, IncidentState, PersonRole, Stage


class Incident(models.Model):
    org = models.ForeignKey(
        "orgs.OrgUnit",
        on_delete=models.PROTECT,
        related_name="incidents",
        verbose_name=_("school or region"),
    )
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    subtype = models.CharField(_("type"), max_length=24)
    title = models.CharField(_("title"), max_length=120)
    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)
    known_at = models.DateTimeField(
        _("known at"), help_text=_("When the unit learned of it; the reporting clock starts here.")
    )
    place = models.CharField(_("place"), max_length=120)
    students_involved = models.PositiveIntegerField(_("students involved"), default=0)
    student_grades = models.CharField(_("students' grades"), max_length=60, blank=True)
    staff_involved = models.PositiveIntegerField(_("staff involved"), default=0)
    deaths = models.PositiveIntegerField(_("deaths"), default=0)
    student_deaths = models.PositiveIntegerField(_("of whom students"), default=0)
    serious_injuries = models.PositiveIntegerField(_("serious injuries"), default=0)
    injuries = models.PositiveIntegerField(_("other injuries"), default=0)
    missing = models.PositiveIntegerField(_("missing"), default=0)
    direct_loss = models.DecimalField(
        _("estimated direct loss (10,000 yuan)"), max_digits=12, decimal_places=2, default=0
    )
    description = models.TextField(_("what happened"))
    measures = models.TextField(_("measures taken"))
    grade = models.CharField(_("grade"), max_length=16, choices=Grade.choices)
    suggested_grade = models.CharField(_("suggested grade"), max_length=16, choices=Grade.choices)
    grade_basis = models.CharField(_("basis of the suggestion"), max_length=200, blank=True)
    route_level = models.CharField(_("reported up to"), max_length=10)
    is_national = models.BooleanField(_("for national reporting"), default=False)
    state = models.CharField(_("state"), max_length=10, choices=IncidentState.choices, default=IncidentState.OPEN)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(_("initial report at"), db_index=True)
    handled_at = models.DateTimeField(_("handling ended at"), null=True, blank=True)
    final_due_at = models.DateTimeField(_("final report due"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    cause = models.TextField(_("cause"), blank=True)
    handling = models.TextField(_("handling"), blank=True)
    lessons = models.TextField(_("lessons"), blank=True)
    # Reporting faults found so far (the Flag rows are the record; these make lists and counts cheap).
    is_late = models.BooleanField(_("late"), default=False)
    is_omitted = models.BooleanField(_("omitted"), default=False)
    is_false = models.BooleanField(_("false"), default=False)
    is_concealed = models.BooleanField(_("concealed"), default=False)
    hazards = models.ManyToManyField("hazards.Hazard", blank=True, related_name="incidents")

    history = history()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["org_path", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.org.path
        super().save(*args, **kwargs)

    @property
    def number(self) -> str:
        return f"SJ{self.occurred_at:%Y}{self.pk or 0:06d}"

    @property
    def injured(self) -> int:
        return self.serious_injuries + self.injuries

    def subtype_label(self) -> str:
        from .choices import SUBTYPE_LABELS

        return str(SUBTYPE_LABELS.get(self.subtype, self.subtype))


class IncidentReport(AppendOnlyModel):
    """One sent report stage (初报/续报/终报) with the figures and text as they stood. Corrections are new rows."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="reports")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_at = models.DateTimeField(_("due by"), null=True, blank=True)
    is_late = models.BooleanField(_("late"), default=False)
    note = models.TextField(_("note"), blank=True)
    content = models.JSONField(_("content"), default=dict)

    class Meta:
        verbose_name = _("incident report")
        verbose_name_plural = _("incident reports")
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.stage} {self.sent_at:%Y-%m-%d %H:%M}"


class Receipt(models.Model):
    """An incident's arrival at one bureau of the chain: when it arrived, was acknowledged and forwarded."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="receipts")
    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="incident_receipts")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    arrived_at = models.DateTimeField(_("arrived at"))
    forward_due_at = models.DateTimeField(_("forward by"), null=True, blank=True)
    is_top = models.BooleanField(_("end of the chain"), default=False)
    by_skip = models.BooleanField(_("arrived by skipping a level"), default=False)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    forwarded_to = models.ForeignKey("orgs.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    escalated_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = history(excluded_fields=["reminded_at"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["arrived_at", "id"]
        constraints = [models.UniqueConstraint(fields=["incident", "org"], name="one_receipt_per_bureau")]

    def __str__(self) -> str:
        return f"{self.incident_id} → {self.org_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.org.path
        super().save(*args, **kwargs)

    @property
    def must_forward(self) -> bool:
        return self.forward_due_at is not None and self.forwarded_at is None


class IncidentEvent(AppendOnlyModel):
    """Who did what on an incident, when (reports, receipts, grades, flags). The chain of who knew what."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="events")
    verb = models.CharField(_("step"), max_length=24)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey("orgs.OrgUnit", null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"), db_index=True)
    comment = models.TextField(_("comment"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("incident step")
        verbose_name_plural = _("incident steps")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.verb}"

    @property
    def verb_label(self) -> str:
        from safecampus.core.history import reason_label

        return str(reason_label(self.verb))


class Flag(AppendOnlyModel):
    """A reporting fault (迟报/漏报/谎报/瞒报) found on an incident, with its reason and evidence."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="flags")
    fault = models.CharField(_("fault"), max_length=10, choices=Fault.choices)
    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit at fault"))
    what = models.CharField(_("what"), max_length=120)
    reason = models.TextField(_("reason"))
    evidence = models.FileField(_("evidence"), upload_to=uploads.UploadTo("incidents/evidence"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"))
    automatic = models.BooleanField(_("found by the platform"), default=False)

    class Meta:
        verbose_name = _("reporting fault")
        verbose_name_plural = _("reporting faults")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.fault}"


class Person(models.Model):
    """Someone involved. Names and ID numbers are sensitive personal information (PIPL): shown masked."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="persons")
    role = models.CharField(_("role"), max_length=10, choices=PersonRole.choices, default=PersonRole.STUDENT)
    name = models.CharField(_("name"), max_length=40)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    gender = models.CharField(_("gender"), max_length=4, blank=True)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    grade_class = models.CharField(_("grade and class"), max_length=30, blank=True)
    harm = models.CharField(_("harm"), max_length=10, choices=Harm.choices, default=Harm.INJURED)

    history = history()

    class Meta:
        verbose_name = _("person involved")
        verbose_name_plural = _("people involved")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.pk}"


class PersonalDataAccess(AppendOnlyModel):
    """Every view of unmasked personal data: who, when, which incident."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="personal_data_views")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    at = models.DateTimeField(_("time"), db_index=True)
    purpose = models.CharField(_("purpose"), max_length=200)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal data view")
        verbose_name_plural = _("personal data views")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.incident_id} {self.at:%Y-%m-%d %H:%M}"

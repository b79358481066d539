"""Submissions (报送): a bureau asks the units below it for a document by a deadline; each unit uploads it, the
bureau accepts it or returns it with a reason. Each unit's request is also a duty occurrence (code
`request.<id>`), so its completeness and timeliness are counted by the same engine as drills."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.core import uploads
from safecampus.core.history import history
from safecampus.core.scope import ScopedQuerySet

REQUEST_PREFIX = "request."


class Target(models.TextChoices):
    CHILDREN = "children", _("the units directly below")
    COUNTIES = "counties", _("every county below")
    SCHOOLS = "schools", _("every school below")


class Accepts(models.TextChoices):
    XLSX = "xlsx", _("an Excel workbook (.xlsx)")
    DOCX = "docx", _("a Word document (.docx) or its PDF")
    PDF = "pdf", _("a PDF")
    ANY = "any", _("any document (Office, PDF, image)")


class SubmissionState(models.TextChoices):
    DUE = "due", pgettext_lazy("submission", "Due")
    SUBMITTED = "submitted", pgettext_lazy("submission", "Submitted")
    RETURNED = "returned", pgettext_lazy("submission", "Returned")
    ACCEPTED = "accepted", pgettext_lazy("submission", "Accepted")


class SubmissionRequest(models.Model):
    """What a bureau asks for: a title, what to send (kind of file, an optional template), by when, from whom."""

    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("what to send"), blank=True)
    target = models.CharField(_("asked of"), max_length=10, choices=Target.choices, default=Target.CHILDREN)
    accepts = models.CharField(_("file accepted"), max_length=5, choices=Accepts.choices, default=Accepts.ANY)
    template = models.FileField(_("template"), upload_to=uploads.UploadTo("compliance/templates"), blank=True)
    opens_on = models.DateField(_("opens on"))
    deadline = models.DateField(pgettext_lazy("submission", "deadline"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))

    history = history()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("submission request")
        verbose_name_plural = _("submission requests")
        ordering = ["-deadline", "-id"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.org.path
        super().save(*args, **kwargs)

    @property
    def code(self) -> str:
        return f"{REQUEST_PREFIX}{self.pk}"


class Submission(models.Model):
    """One unit's answer to a request: due, then submitted (with files), then accepted or returned to resubmit."""

    request = models.ForeignKey(SubmissionRequest, on_delete=models.PROTECT, related_name="submissions")
    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    state = models.CharField(
        _("state"), max_length=10, choices=SubmissionState.choices, default=SubmissionState.DUE, db_index=True
    )
    note = models.TextField(_("note"), blank=True)
    # Timeliness counts the first time it was sent: a return asks for corrections, not for the deadline again.
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_reason = models.TextField(_("why it was returned"), blank=True)
    reminded_before = models.BooleanField(default=False, editable=False)
    reminded_after = models.BooleanField(default=False, editable=False)

    history = history()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["request", "org_path"]
        constraints = [models.UniqueConstraint(fields=["request", "org"], name="one_submission_per_unit")]

    def __str__(self) -> str:
        return f"{self.request.title} · {self.org.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.org.path
        super().save(*args, **kwargs)


class SubmissionFile(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(_("file"), upload_to=uploads.UploadTo("compliance/submissions"))
    name = models.CharField(_("file name"), max_length=200)
    uploaded_at = models.DateTimeField(_("uploaded at"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("submitted file")
        verbose_name_plural = _("submitted files")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.name

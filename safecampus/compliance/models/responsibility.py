"""Responsibility (安全责任): the yearly documents each level publishes, the 办实事 list of problems each leadership
solves, and the responsibility letters signed layer by layer (bureau ↔ school, school ↔ each post).

Each fulfils a duty of the obligation engine (rulebook.py): a published document, a task done, a letter signed.
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

from .records import RecordState

SCHOOL_POST = "school"  # a letter's post when the school as a whole holds it (bureau ↔ school)


class DocumentKind(models.TextChoices):
    DUTY_LIST = "duty_list", _("Leaders' safety duty list")
    KEY_TASKS = "key_tasks", _("Key safety task list of the year")
    HEAD_TASKS = "head_tasks", _("Head's safety task list of the year")
    STAFF_SYSTEM = "staff_system", _("Whole-staff safety responsibility system")


class DutyDocument(models.Model):
    """A document a unit publishes for the year (a bureau's duty and task lists in April, a school's task list and
    its whole-staff responsibility system): the file, the day it was published, who entered it and when."""

    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    kind = models.CharField(_("kind of document"), max_length=16, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=120)
    held_on = models.DateField(_("published on"), db_index=True)
    file = models.FileField(_("file"), upload_to=uploads.UploadTo("compliance/documents"))
    state = models.CharField(_("state"), max_length=10, choices=RecordState.choices, default=RecordState.RECORDED)
    withdrawn_reason = models.TextField(_("why it was withdrawn"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    history = history()
    objects = ScopedQuerySet.as_manager()
    owner_field = "org"

    class Meta:
        verbose_name = _("responsibility document")
        verbose_name_plural = _("responsibility documents")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["org", "held_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.org.path
        super().save(*args, **kwargs)


class TaskState(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("practical task", "Under way")
    DONE = "done", pgettext_lazy("practical task", "Solved")
    DROPPED = "dropped", pgettext_lazy("practical task", "Dropped")


class PracticalTask(models.Model):
    """One concrete safety problem a leadership pledges to solve in the year (办实事清单), with its progress."""

    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    problem = models.CharField(_("problem to solve"), max_length=200)
    measure = models.TextField(_("what will be done"), blank=True)
    lead = models.CharField(_("leader in charge"), max_length=40)
    due_on = models.DateField(_("to be solved by"))
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    progress_note = models.TextField(_("progress note"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=TaskState.choices, default=TaskState.PLANNED)
    done_on = models.DateField(_("solved on"), null=True, blank=True)
    done_at = models.DateTimeField(_("marked solved at"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    dropped_reason = models.TextField(_("why it was dropped"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))

    history = history()
    objects = ScopedQuerySet.as_manager()
    owner_field = "org"

    class Meta:
        verbose_name = _("practical task (办实事)")
        verbose_name_plural = _("practical tasks (办实事)")
        ordering = ["-year", "state", "due_on", "id"]

    def __str__(self) -> str:
        return self.problem

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.org.path
        super().save(*args, **kwargs)


class LetterState(models.TextChoices):
    ISSUED = "issued", _("Awaiting signature")
    SIGNED = "signed", pgettext_lazy("letter", "Signed")
    VOID = "void", pgettext_lazy("letter", "Void")


class SignedVia(models.TextChoices):
    PLATFORM = "platform", _("signed in the platform")
    SCAN = "scan", _("signed on paper, scan uploaded")


class LetterQuerySet(ScopedQuerySet):
    def live(self) -> LetterQuerySet:
        return self.exclude(state=LetterState.VOID)


class Letter(models.Model):
    """A safety responsibility letter (安全责任书) for a year: a bureau's with one of its schools, or a school's with
    one of its people for their post. The issuer's side is signed when issued; the holder's by a signature in the
    platform (who, when, from which account) or by the signed paper's scan."""

    issuer = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    trainee = models.ForeignKey(
        "compliance.Trainee", null=True, blank=True, on_delete=models.PROTECT, related_name="letters"
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    post = models.CharField(_("post"), max_length=16)
    duties = models.TextField(_("duties"))
    state = models.CharField(
        _("state"), max_length=10, choices=LetterState.choices, default=LetterState.ISSUED, db_index=True
    )
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("issued at"))
    held_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signature entered at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_via = models.CharField(_("signed"), max_length=10, choices=SignedVia.choices, blank=True)
    signer_name = models.CharField(_("signed by (name)"), max_length=40, blank=True)
    scan = models.FileField(_("signed scan"), upload_to=uploads.UploadTo("compliance/letters"), blank=True)
    void_reason = models.TextField(_("why it was voided"), blank=True)

    history = history()
    objects = LetterQuerySet.as_manager()
    owner_field = "org"

    class Meta:
        verbose_name = _("responsibility letter")
        verbose_name_plural = _("responsibility letters")
        ordering = ["-year", "org_path", "post", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "year"],
                condition=models.Q(trainee__isnull=True) & ~models.Q(state="void"),
                name="one_live_school_letter_a_year",
            ),
            models.UniqueConstraint(
                fields=["trainee", "year"],
                condition=models.Q(trainee__isnull=False) & ~models.Q(state="void"),
                name="one_live_post_letter_a_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.holder_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.org_path = self.org.path
        super().save(*args, **kwargs)

    @property
    def holder_name(self) -> str:
        return self.trainee.name if self.trainee_id else self.org.name

    @property
    def post_label(self) -> str:
        from .training import Post

        return str(dict(Post.choices).get(self.post, _("The school as a whole")))


class DutyTemplate(models.Model):
    """The duties a letter states for a post, as a bureau words them for its schools (of one kind, or all); the
    nearest one above a school wins, else the platform's text (letters.py)."""

    owner = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    owner_path = models.CharField(max_length=255, editable=False, db_index=True)
    school_kind = models.CharField(_("school kind"), max_length=20, blank=True, help_text=_("Empty: every kind."))
    post = models.CharField(_("post"), max_length=16)
    duties = models.TextField(_("duties"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("updated at"))

    history = history()
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "owner_path"

    class Meta:
        verbose_name = _("post duty template")
        verbose_name_plural = _("post duty templates")
        ordering = ["owner_path", "post", "school_kind"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "school_kind", "post"], name="one_template_per_kind_and_post")
        ]

    def __str__(self) -> str:
        return f"{self.post} {self.school_kind or '*'}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.owner_path = self.owner.path
        super().save(*args, **kwargs)

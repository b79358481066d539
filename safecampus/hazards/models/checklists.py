"""Checklists (排查清单): versioned item lists; a lower level may extend, never weaken, an upper one."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from safecampus.core.history import history
from safecampus.core.scope import ScopedQuerySet

from .choices import Area


class ChecklistQuerySet(ScopedQuerySet):
    def usable_at(self, org: Any) -> ChecklistQuerySet:
        """Checklists owned by the node or one of its ancestors (what its inspections may use)."""
        return self.filter(owner_path__in=org.ancestor_paths(), is_active=True)


class Checklist(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="checklists")
    owner_path = models.CharField(max_length=255, db_index=True, editable=False)
    extends = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="extensions",
        help_text=_("The upper-level checklist whose items this one always includes."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ChecklistQuerySet.as_manager()
    history = history()
    scope_path_field = "owner_path"

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        ordering = ["owner_path", "code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.owner_path = self.owner.path
        super().save(*args, **kwargs)

    def published(self) -> ChecklistVersion | None:
        return self.versions.filter(status=ChecklistVersion.Status.PUBLISHED).order_by("-number").first()


class ChecklistVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    checklist = models.ForeignKey(Checklist, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = history()

    class Meta:
        verbose_name = _("checklist version")
        verbose_name_plural = _("checklist versions")
        ordering = ["checklist", "-number"]
        constraints = [models.UniqueConstraint(fields=["checklist", "number"], name="unique_checklist_version")]

    def __str__(self) -> str:
        return f"{self.checklist.name} v{self.number}"


class ChecklistItem(models.Model):
    """One check. Items of a published version never change; a new version copies them."""

    version = models.ForeignKey(ChecklistVersion, on_delete=models.PROTECT, related_name="items")
    code = models.CharField(_("item code"), max_length=30)
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    text = models.TextField(_("check"))
    pass_hint = models.TextField(_("what a pass looks like"), blank=True)
    source = models.CharField(_("standard or rule"), max_length=200, blank=True)
    is_major_criterion = models.BooleanField(
        _("major criterion"), default=False, help_text=_("Failing it makes the hazard major by itself.")
    )
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    kinds = models.JSONField(_("school kinds"), default=list, blank=True, help_text=_("Empty: every kind."))
    flags = models.JSONField(
        _("school flags"),
        default=list,
        blank=True,
        help_text=_("Flags a school must have for the item to apply, e.g. is_boarding."),
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["version", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unique_item_code_per_version")]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:30]}"

    def applies_to(self, school: Any) -> bool:
        """Does the item apply to this school profile (kind and flags)?"""
        if self.kinds and school.kind not in self.kinds:
            return False
        return all(getattr(school, flag, False) for flag in self.flags)


class Checkpoint(models.Model):
    """A fixed place at a school (dorm block, kitchen, lab); its QR code opens that place's items."""

    school = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="checkpoints")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    name = models.CharField(_("place"), max_length=80)
    areas = models.JSONField(_("areas"), default=list, help_text=_("Checklist areas inspected at this place."))
    token = models.CharField(max_length=32, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        ordering = ["org_path", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        import secrets

        self.org_path = self.school.path
        if not self.token:
            self.token = secrets.token_urlsafe(16)[:22]
        super().save(*args, **kwargs)

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from safecampus.core.history import history
from safecampus.core.scope import ScopedQuerySet


class Rule(models.Model):
    """A number or choice the policy sets, held as data. `org` empty = the platform default.

    A bureau may override a rule for its own subtree, tightening (never
    weakening) the rule in force above it; the shape and direction of each
    key are declared in the rulebook of the app that uses it (`specs.RULES`).
    """

    key = models.CharField(_("rule"), max_length=80, db_index=True)
    org = models.ForeignKey("orgs.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="rules")
    org_path = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    value = models.JSONField(_("value"))
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    source = models.TextField(_("source"), blank=True, help_text=_("The law, standard or policy the value comes from."))

    objects = ScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        ordering = ["key", "org_path"]
        constraints = [
            models.UniqueConstraint(fields=["key", "org"], name="unique_rule_per_org"),
            models.UniqueConstraint(fields=["key"], condition=models.Q(org__isnull=True), name="unique_default_rule"),
        ]

    def __str__(self) -> str:
        return self.key

    def save(self, *args: object, **kwargs: object) -> None:
        self.org_path = self.org.path if self.org_id else ""
        super().save(*args, **kwargs)

    @property
    def display_title(self) -> str:
        from django.utils import translation

        return self.title_en if translation.get_language() == "en" and self.title_en else self.title

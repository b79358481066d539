from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


def check_rule_defaults(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Every declared default fits its own shape (a rulebook.py with a wrong default stops the start)."""
    from .specs import RULES

    errors = []
    for spec in RULES:
        cleaned, problems = spec.problems(spec.default)
        if problems or cleaned != spec.default:
            found = "; ".join(problems) or f"not in normal form (expected {cleaned!r})"
            errors.append(checks.Error(f"rule {spec.key}: default {spec.default!r}: {found}", id="rules.E001"))
    return errors


class RulesConfig(AppConfig):
    name = "safecampus.rules"
    label = "rules"
    verbose_name = _("Rules")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .services import ensure_default_rules

        checks.register(check_rule_defaults)
        post_migrate.connect(ensure_default_rules, sender=self, dispatch_uid="safecampus_default_rules")

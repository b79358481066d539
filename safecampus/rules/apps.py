from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    name = "safecampus.rules"
    label = "rules"
    verbose_name = _("Rules")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .services import ensure_default_rules

        post_migrate.connect(ensure_default_rules, sender=self, dispatch_uid="safecampus_default_rules")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "safecampus.core"
    label = "core"
    verbose_name = _("Platform core")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .signals import install_append_only_triggers

        post_migrate.connect(install_append_only_triggers, sender=self, dispatch_uid="safecampus_append_only")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "safecampus.orgs"
    label = "orgs"
    verbose_name = _("Organisation tree")

    def ready(self) -> None:
        from safecampus.core.views_history import register_history

        from .models import OrgUnit, School

        register_history("orgs.OrgUnit", lambda user: OrgUnit.objects.visible_to(user))
        register_history("orgs.School", lambda user: School.objects.visible_to(user))
        from . import importers  # noqa: F401  (registers the school importer)

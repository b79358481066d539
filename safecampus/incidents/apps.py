from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "safecampus.incidents"
    label = "incidents"
    verbose_name = _("Incident direct reporting")

    def ready(self) -> None:
        from safecampus.core.views_history import register_history

        from .models import Incident

        register_history("incidents.Incident", lambda user: Incident.objects.visible_to(user))

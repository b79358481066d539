from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HazardsConfig(AppConfig):
    name = "safecampus.hazards"
    label = "hazards"
    verbose_name = _("Hazards and inspections")

    def ready(self) -> None:
        from safecampus.core.views_history import register_history

        from .models import Hazard, Inspection

        register_history("hazards.Hazard", lambda user: Hazard.objects.visible_to(user))
        register_history("hazards.Inspection", lambda user: Inspection.objects.visible_to(user))

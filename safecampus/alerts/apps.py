from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "safecampus.alerts"
    label = "alerts"
    verbose_name = _("Early warning: cameras and IoT alarms")

    def ready(self) -> None:
        from safecampus.core.views_history import register_history

        from .models import Alarm, Camera, Device

        for model in (Alarm, Camera, Device):
            register_history(f"alerts.{model.__name__}", lambda user, m=model: m.objects.visible_to(user))

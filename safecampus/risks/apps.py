from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisksConfig(AppConfig):
    name = "safecampus.risks"
    label = "risks"
    verbose_name = _("Risk register")

    def ready(self) -> None:
        from safecampus.core.views_history import register_history

        from . import importers  # noqa: F401  (registers the risk register importer)
        from .models import Risk, RiskPoint
        from .services import acceptance, checks, control, steps, titles  # noqa: F401  (declare their steps)

        register_history("risks.Risk", lambda user: Risk.objects.visible_to(user))
        register_history("risks.RiskPoint", lambda user: RiskPoint.objects.visible_to(user))

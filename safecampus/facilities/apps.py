from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "safecampus.facilities"
    label = "facilities"
    verbose_name = _("Security facilities and sector ledgers")

    def ready(self) -> None:
        from safecampus.core.views_history import register_history

        from . import importers, scans  # noqa: F401  (registers the ledgers' Excel imports and the patrol scan)
        from .ledgers import LEDGERS

        for ledger in LEDGERS.values():
            register_history(
                f"facilities.{ledger.model.__name__}", lambda user, m=ledger.model: m.objects.visible_to(user)
            )
        from .models import BaselineItem

        register_history("facilities.BaselineItem", lambda user: BaselineItem.objects.visible_to(user))

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "safecampus.accounts"
    label = "accounts"
    verbose_name = _("Accounts and security")

    def ready(self) -> None:
        from safecampus.core.views_history import register_history

        from . import importers, signals  # noqa: F401  (auth audit handlers, user importer)
        from .services import managed_users

        register_history("accounts.User", managed_users)

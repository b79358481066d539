from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .ledgers import LEDGERS
from .models import BaselineItem, SecurityProfile


class ReadOnlyAdmin(admin.ModelAdmin):
    """Read-only in the admin: every change goes through the services (history, counters, profile)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


for ledger in LEDGERS.values():
    admin.site.register(
        ledger.model,
        type(
            f"{ledger.model.__name__}Admin",
            (ReadOnlyAdmin,),
            {
                "list_display": ("__str__", "school", "is_active", "fail_from"),
                "list_filter": ("is_active",),
                "search_fields": ledger.search,
            },
        ),
    )
admin.site.register(BaselineItem, ReadOnlyAdmin)
admin.site.register(SecurityProfile, ReadOnlyAdmin)

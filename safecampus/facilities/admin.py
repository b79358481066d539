from django.contrib import admin

from safecampus.core.admin import ReadOnlyAdmin

from .ledgers import LEDGERS
from .models import BaselineItem, SecurityProfile

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

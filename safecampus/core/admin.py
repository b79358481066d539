from django.contrib import admin
from django.http import HttpRequest

from .models import ImportBatch


class ReadOnlyAdmin(admin.ModelAdmin):
    """Read-only in the admin: every change goes through the services (history, counters, notifications)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["uploaded_at", "kind", "filename", "uploaded_by", "status"]
    list_filter = ["kind", "status"]
    exclude = ["content"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import Rule


@admin.register(Rule)
class RuleAdmin(SimpleHistoryAdmin):
    """Read-only: values change on the rules pages, through `set_rule`, which checks shape and direction."""

    list_display = ["key", "org", "value", "title"]
    search_fields = ["key", "title"]
    readonly_fields = ["key", "org", "org_path", "value", "title", "title_en", "source"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

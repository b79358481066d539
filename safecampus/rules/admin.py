from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import Rule


@admin.register(Rule)
class RuleAdmin(SimpleHistoryAdmin):
    list_display = ["key", "org", "value", "title"]
    search_fields = ["key", "title"]
    raw_id_fields = ["org"]
    readonly_fields = ["org_path"]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

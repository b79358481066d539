from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import Membership, OrgUnit, School


class NoDeleteAdmin(SimpleHistoryAdmin):
    """Operators may correct records; deleting goes through the services, never the admin."""

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(OrgUnit)
class OrgUnitAdmin(NoDeleteAdmin):
    list_display = ["code", "name", "level", "depth", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["code", "name"]
    readonly_fields = ["path", "depth", "numchild"]


@admin.register(School)
class SchoolAdmin(NoDeleteAdmin):
    list_display = ["org", "kind", "student_count", "is_boarding"]
    list_filter = ["kind", "is_boarding", "uses_school_bus", "is_private", "is_rural"]
    search_fields = ["org__code", "org__name"]
    raw_id_fields = ["org"]


@admin.register(Membership)
class MembershipAdmin(NoDeleteAdmin):
    list_display = ["user", "org", "role", "granted_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "org__code", "org__name"]
    raw_id_fields = ["user", "org", "granted_by"]
    readonly_fields = ["org_path"]

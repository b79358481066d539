from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import AuthEvent, User


@admin.register(User)
class PlatformUserAdmin(UserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "full_name", "is_active", "must_change_password", "last_login"]
    search_fields = ["username", "full_name", "phone"]
    fieldsets = UserAdmin.fieldsets + (("SafeCampus", {"fields": ("full_name", "phone", "must_change_password")}),)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AuthEvent)
class AuthEventAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "username", "ip_address"]
    list_filter = ["kind"]
    search_fields = ["username"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

"""Early warning in the admin, read-only: cameras, gateways and devices change through the registry's services,
alarms through their steps (history, counters and notifications follow)."""

from django.contrib import admin

from safecampus.core.admin import ReadOnlyAdmin

from .models import Alarm, Camera, Device, DutyShift, Gateway, LiveView, Refusal


@admin.register(Camera)
class CameraAdmin(ReadOnlyAdmin):
    list_display = ("name", "school", "gb_id", "place", "online", "is_active")
    list_filter = ("place", "online", "is_active")
    search_fields = ("name", "gb_id")


@admin.register(Gateway)
class GatewayAdmin(ReadOnlyAdmin):
    list_display = ("name", "key", "school", "accepted", "rejected", "last_seen_at")
    search_fields = ("name", "key")
    exclude = ("secret",)


@admin.register(Device)
class DeviceAdmin(ReadOnlyAdmin):
    list_display = ("name", "school", "kind", "vendor_id", "online", "last_seen_at")
    list_filter = ("kind", "online", "is_active")
    search_fields = ("name", "vendor_id")


@admin.register(Alarm)
class AlarmAdmin(ReadOnlyAdmin):
    list_display = ("type", "device", "school", "severity", "state", "raised_at", "outcome")
    list_filter = ("type", "severity", "state", "outcome")


admin.site.register(DutyShift, ReadOnlyAdmin)
admin.site.register(LiveView, ReadOnlyAdmin)
admin.site.register(Refusal, ReadOnlyAdmin)

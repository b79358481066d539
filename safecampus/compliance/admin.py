from django.contrib import admin

from .models import Activity, Drill, Occurrence

# Read-only views: records change through the services (their steps keep the occurrences and counters current).


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Drill)
class DrillAdmin(ReadOnly):
    list_display = ("held_on", "kind", "school", "unannounced", "state", "recorded_at")
    list_filter = ("kind", "unannounced", "state")
    search_fields = ("school__name",)


@admin.register(Activity)
class ActivityAdmin(ReadOnly):
    list_display = ("held_on", "kind", "school", "state", "recorded_at")
    list_filter = ("kind", "state")
    search_fields = ("school__name",)


@admin.register(Occurrence)
class OccurrenceAdmin(ReadOnly):
    list_display = ("obligation", "org", "period_start", "due_by", "closes_on", "on_time", "late", "state")
    list_filter = ("obligation", "state")
    search_fields = ("org__name",)

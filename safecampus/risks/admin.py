from django.contrib import admin

from .models import Risk, RiskPoint


@admin.register(RiskPoint)
class RiskPointAdmin(admin.ModelAdmin):
    list_display = ("name", "school", "kind", "category", "responsible_post", "is_active")
    list_filter = ("kind", "category", "is_active")
    search_fields = ("name", "school__name")
    readonly_fields = ("org_path",)


@admin.register(Risk)
class RiskAdmin(admin.ModelAdmin):
    list_display = ("number", "factor", "school", "grade", "residual_grade", "state", "review_due")
    list_filter = ("grade", "state", "out_of_control")
    search_fields = ("factor", "school__name", "point__name")
    readonly_fields = ("org_path", "grade", "score", "residual_grade", "residual_score", "state")

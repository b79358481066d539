from django.urls import path

from . import views

app_name = "rules"
urlpatterns = [
    path("rules/defaults/", views.default_list, name="defaults"),
    path("rules/defaults/<str:key>/", views.default_edit, name="default_edit"),
    path("org/<int:pk>/rules/", views.rule_list, name="list"),
    path("org/<int:pk>/rules/<str:key>/", views.rule_edit, name="edit"),
    path("org/<int:pk>/rules/<str:key>/clear/", views.rule_clear, name="clear"),
]

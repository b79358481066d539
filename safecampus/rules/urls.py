from django.urls import path

from . import views

app_name = "rules"
urlpatterns = [
    path("org/<int:pk>/rules/", views.rule_list, name="list"),
    path("org/<int:pk>/rules/<str:key>/", views.rule_edit, name="edit"),
    path("org/<int:pk>/rules/<str:key>/clear/", views.rule_clear, name="clear"),
]

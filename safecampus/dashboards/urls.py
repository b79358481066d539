from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("org/<int:pk>/dashboard/", views.dashboard, name="dashboard"),
]

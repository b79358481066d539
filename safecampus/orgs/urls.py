from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.home, name="home"),
    path("org/<int:pk>/", views.org_detail, name="detail"),
    path("org/<int:pk>/children/", views.org_children, name="children"),
    path("org/<int:pk>/edit/", views.school_edit, name="school_edit"),
]

"""The project's URLs plus the benchmark's reference views (only in the benchmark's settings)."""

from django.urls import path

from safecampus.urls import urlpatterns as project_urls

from . import views

urlpatterns = [
    path("bench/trivial/", views.trivial),
    path("bench/pk/", views.primary_key),
    path("bench/on-the-fly/", views.on_the_fly),
    *project_urls,
]

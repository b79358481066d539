from django.urls import path

from . import views, views_bureau, views_patrol

app_name = "facilities"

urlpatterns = [
    path("facilities/org/<int:pk>/", views_bureau.overview, name="overview"),
    path("facilities/patrol/<str:token>/", views_patrol.patrol, name="patrol"),
    path("facilities/org/<int:pk>/schools/", views_bureau.schools, name="schools"),
    path("facilities/org/<int:pk>/<slug:key>/", views_bureau.ledger_page, name="ledger"),
    path("facilities/school/<int:pk>/", views.school_page, name="school"),
    path("facilities/school/<int:pk>/baseline/", views.save_baseline, name="baseline"),
    path("facilities/school/<int:pk>/profile/", views.save_profile, name="profile"),
    path("facilities/school/<int:pk>/gate/", views.log_gate, name="gate"),
    path("facilities/school/<int:school_pk>/<slug:key>/new/", views.record_form, name="new"),
    path("facilities/<slug:key>/<int:pk>/edit/", views.record_form, name="edit"),
    path("facilities/<slug:key>/<int:pk>/retire/", views.retire, name="retire"),
    path("facilities/<slug:key>/<int:pk>/hazard/", views.register_hazard, name="hazard"),
    path("facilities/<slug:key>/<int:pk>/", views.record_page, name="record"),
    path("facilities/<slug:key>/<int:pk>/<slug:verb>/", views.step_page, name="step"),
]

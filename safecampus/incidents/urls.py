from django.urls import path

from . import documents, views

app_name = "incidents"
urlpatterns = [
    path("org/<int:pk>/incidents/", views.incident_list, name="list"),
    path("org/<int:pk>/incidents/export.xlsx", documents.incident_export, name="export"),
    path("org/<int:pk>/incidents/new/", views.incident_new, name="new"),
    path("org/<int:pk>/incidents/access-log/", documents.access_log, name="access_log"),
    path("incidents/<int:pk>/", views.incident_detail, name="detail"),
    path("incidents/<int:pk>/step/<slug:verb>/", views.incident_step, name="step"),
    path("incidents/<int:pk>/persons/", views.reveal_persons, name="reveal"),
    path("incidents/<int:pk>/report.pdf", documents.incident_pdf, name="pdf"),
    path("incidents/faults/<int:pk>/evidence/", documents.flag_evidence, name="evidence"),
]

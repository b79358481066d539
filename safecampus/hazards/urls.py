from django.urls import path

from .views import detail, documents, inspections, ledger, supervision

app_name = "hazards"
urlpatterns = [
    path("org/<int:pk>/hazards/", ledger.ledger, name="ledger"),
    path("org/<int:pk>/hazards/export.xlsx", ledger.ledger_export, name="ledger_export"),
    path("org/<int:pk>/hazards/new/", detail.report_new, name="report"),
    path("hazards/<int:pk>/", detail.hazard_detail, name="detail"),
    path("hazards/<int:pk>/step/<slug:verb>/", detail.hazard_step, name="step"),
    path("hazards/photos/<int:pk>/", detail.photo_file, name="photo"),
    path("hazards/<int:pk>/notice.pdf", documents.notice_pdf, name="notice_pdf"),
    path("hazards/<int:pk>/closure.pdf", documents.closure_pdf, name="closure_pdf"),
    path("org/<int:pk>/hazards/three-lists/", documents.lists_export, name="three_lists"),
    path("org/<int:pk>/inspections/", inspections.inspection_list, name="inspections"),
    path("org/<int:pk>/inspection-tasks/", inspections.task_list, name="tasks"),
    path("org/<int:pk>/inspections/new/", inspections.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", inspections.inspection_walk, name="inspection"),
    path("inspections/<int:pk>/items/<int:item_id>/", inspections.record, name="record"),
    path("inspections/<int:pk>/submit/", inspections.submit, name="inspection_submit"),
    path("inspections/<int:pk>/cancel/", inspections.cancel, name="inspection_cancel"),
    path("inspections/<int:pk>/inspectors/", inspections.add_inspector, name="inspection_add_inspector"),
    path("org/<int:pk>/plans/", supervision.plan_list, name="plans"),
    path("org/<int:pk>/hazards/recheck/", supervision.recheck_select, name="recheck"),
    path("org/<int:pk>/checkpoints/", supervision.checkpoint_list, name="checkpoints"),
    path("checkpoints/<int:pk>/remove/", supervision.checkpoint_remove, name="checkpoint_remove"),
    path("c/<str:token>/", supervision.scan, name="scan"),
    path("org/<int:pk>/checklists/", supervision.checklist_list, name="checklists"),
    path("checklists/template.xlsx", supervision.checklist_template, name="checklist_template"),
    path("org/<int:pk>/checklists/<int:checklist_id>/", supervision.checklist_detail, name="checklist"),
]

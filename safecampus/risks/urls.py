from django.urls import path

from . import documents, views, views_acceptance, views_map

app_name = "risks"
urlpatterns = [
    path("org/<int:pk>/risks/", views.risk_register, name="register"),
    path("org/<int:pk>/risks/export.xlsx", documents.register_export, name="export"),
    path("org/<int:pk>/risks/board/", documents.notice_board, name="board"),
    path("org/<int:pk>/risks/map/", views_map.risk_map, name="map"),
    path("org/<int:pk>/risks/map.pdf", views_map.map_pdf, name="map_pdf"),
    path("org/<int:pk>/risks/plan/", views_map.upload_plan, name="plan_upload"),
    path("org/<int:pk>/risks/plan.img", views_map.plan_image, name="plan_image"),
    path("org/<int:pk>/risk-points/new/", views.point_new, name="point_new"),
    path("risk-points/<int:pk>/", views.point_detail, name="point"),
    path("risk-points/<int:pk>/edit/", views.point_edit, name="point_edit"),
    path("risk-points/<int:pk>/card.pdf", documents.notice_card, name="card"),
    path("risk-points/<int:pk>/place/", views_map.place_point, name="place"),
    path("risk-points/<int:pk>/risks/new/", views.risk_new, name="risk_new"),
    path("org/<int:pk>/assessments/", views_acceptance.assessment_list, name="assessments"),
    path("org/<int:pk>/assessments/start/", views_acceptance.assessment_start, name="assessment_start"),
    path("org/<int:pk>/assessments/adopt/", views_acceptance.scheme_adopt, name="scheme_adopt"),
    path("assessments/<int:pk>/", views_acceptance.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/step/<slug:verb>/", views_acceptance.assessment_step, name="assessment_step"),
    path("assessments/<int:pk>/sheet.pdf", views_acceptance.score_sheet, name="score_sheet"),
    path("assessments/<int:pk>/certificate.pdf", views_acceptance.certificate, name="certificate"),
    path("titles/<int:pk>/step/<slug:verb>/", views_acceptance.title_step, name="title_step"),
    path("assessments/evidence/<int:pk>/", views_acceptance.evidence, name="evidence"),
    path("risks/<int:pk>/", views.risk_detail, name="detail"),
    path("risks/<int:pk>/step/<slug:verb>/", views.risk_step, name="step"),
    path("risks/checks/<int:pk>/step/<slug:verb>/", views.check_step, name="check_step"),
]

from django.urls import path

from . import documents, views

app_name = "risks"
urlpatterns = [
    path("org/<int:pk>/risks/", views.risk_register, name="register"),
    path("org/<int:pk>/risks/export.xlsx", documents.register_export, name="export"),
    path("org/<int:pk>/risks/board/", documents.notice_board, name="board"),
    path("org/<int:pk>/risk-points/new/", views.point_new, name="point_new"),
    path("risk-points/<int:pk>/", views.point_detail, name="point"),
    path("risk-points/<int:pk>/edit/", views.point_edit, name="point_edit"),
    path("risk-points/<int:pk>/card.pdf", documents.notice_card, name="card"),
    path("risk-points/<int:pk>/risks/new/", views.risk_new, name="risk_new"),
    path("risks/<int:pk>/", views.risk_detail, name="detail"),
    path("risks/<int:pk>/step/<slug:verb>/", views.risk_step, name="step"),
]

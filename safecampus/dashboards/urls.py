from django.urls import path

from . import views, views_map, views_review

app_name = "dashboards"
urlpatterns = [
    path("org/<int:pk>/dashboard/", views.dashboard, name="dashboard"),
    path("org/<int:pk>/map/", views_map.map_page, name="map"),
    path("org/<int:pk>/map/data.json", views_map.map_json, name="map_json"),
    path("org/<int:pk>/card/", views_map.school_card, name="school_card"),
]
urlpatterns += [
    path("org/<int:pk>/warnings/", views_review.warnings_page, name="warnings"),
    path("org/<int:pk>/review/", views_review.review_page, name="review"),
    path("org/<int:pk>/review.<str:fmt>", views_review.review_export, name="review_export"),
]

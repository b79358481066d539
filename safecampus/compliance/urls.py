from django.urls import path

from . import views

app_name = "compliance"
urlpatterns = [
    path("org/<int:pk>/duties/", views.duties, name="duties"),
    path("org/<int:pk>/duties/occurrences/", views.occurrence_list, name="occurrences"),
    path("org/<int:pk>/drills/new/", views.drill_new, name="drill_new"),
    path("org/<int:pk>/activities/new/", views.activity_new, name="activity_new"),
    path("drills/<int:pk>/", views.record_detail, {"what": "drill"}, name="drill"),
    path("drills/<int:pk>/step/<slug:verb>/", views.record_step, {"what": "drill"}, name="drill_step"),
    path("drills/photos/<int:pk>/", views.drill_photo, name="drill_photo"),
    path("activities/<int:pk>/", views.record_detail, {"what": "activity"}, name="activity"),
    path("activities/<int:pk>/step/<slug:verb>/", views.record_step, {"what": "activity"}, name="activity_step"),
    path("occurrences/<int:pk>/", views.occurrence_detail, name="occurrence"),
    path("occurrences/<int:pk>/step/<slug:verb>/", views.occurrence_step, name="occurrence_step"),
]
